// Revisions of a draft, issuing the next one, and the redline between two of them.

import { act, download, get } from '../api.js';
import { joinGroup, live } from '../connection.js';
import { confirmAction } from '../dialog.js';
import { announce, debounce, esc, fail, langAttr, onSubmit } from '../ui.js';

export async function revisionsPage(main, groupId, draftId) {
  const group = await joinGroup(groupId);
  const d = `/api/groups/${groupId}/drafts/${draftId}`;
  const draft = await get(d);
  async function show() {
    const revisions = await get(`${d}/revisions`);
    const options = revisions.map((r) => `<option value="${r.number}">${esc(r.label)}</option>`).join('');
    main.innerHTML = `<nav class="crumbs" aria-label="Breadcrumb"><a href="#/groups">My groups</a> › <a href="#/groups/${groupId}">${esc(group.name)}</a> › <a href="#/groups/${groupId}/drafts/${draftId}"${langAttr(draft.title)}>${esc(draft.title)}</a></nav>
      <h1>Revisions</h1>
      <ul class="revisions">${revisions.map((r) => `<li><strong>${esc(r.label)}</strong> <span class="muted">${esc(new Date(r.issuedAt).toLocaleString())}</span> <span dir="auto">${esc(r.note ?? '')}</span></li>`).join('') || '<li class="muted">No revision issued yet.</li>'}</ul>
      ${group.myRole === 'Chair' ? `<form id="issue-form" class="inline-form"><label>Note <input name="note" dir="auto"></label><button type="submit">Issue ${revisions.length ? `Rev.${revisions.length}` : 'the zero draft'}</button></form>` : ''}
      ${revisions.length ? `<form id="redline-form" class="inline-form" aria-label="Redline"><h2>Redline</h2>
        <label>From <select name="from">${options}</select></label>
        <label>To <select name="to">${options}<option value="current" selected>Current text</option></select></label>
        <button type="submit">Compare</button>
        <button type="button" id="redline-docx">Export redline (DOCX)</button></form><div id="redline"></div>` : ''}`;
    const issue = document.getElementById('issue-form');
    if (issue) onSubmit(issue, async (f) => {
      const label = revisions.length ? `Rev.${revisions.length}` : 'the zero draft';
      const ok = await confirmAction({ title: `Issue ${label}?`, message: 'The text as it stands now is recorded under this number and circulated to the Group; later changes show in its redline.', confirm: `Issue ${label}` });
      if (!ok) return;
      await act(`revision:${draftId}`, 'POST', `${d}/revisions`, { note: f.get('note') || null });
      await show();
    });
    const form = document.getElementById('redline-form');
    if (form) {
      form.onsubmit = async (e) => {
        e.preventDefault();
        const f = new FormData(form);
        try {
          const r = await get(`${d}/redline?from=${f.get('from')}&to=${f.get('to')}`);
          document.getElementById('redline').innerHTML = r.paragraphs.map((p) => `<div class="redline-para kind-${esc(p.kind).toLowerCase()}">
            <span class="num">${p.oldNumber ?? '–'} → ${p.newNumber ?? '–'}</span>
            <p dir="auto"${langAttr(p.newText ?? p.oldText)}>${p.segments.map((s) => {
              const who = s.actorSub ? ` title="${esc((group.members.find((m) => m.sub === s.actorSub)?.displayName ?? s.actorSub) + (s.at ? `, ${new Date(s.at).toLocaleString()}` : ''))}"` : '';
              return s.kind === 'Inserted' ? `<ins${who}>${esc(s.text)}</ins>` : s.kind === 'Deleted' ? `<del${who}>${esc(s.text)}</del>` : esc(s.text);
            }).join('')}</p></div>`).join('') || '<p class="muted">No differences.</p>';
        } catch (err) { fail(err); }
      };
      document.getElementById('redline-docx').onclick = async () => {
        const f = new FormData(form);
        const to = f.get('to');
        const revision = to === 'current' ? '' : `&revision=${to}`;
        try { announce(`Downloaded ${await download(`${d}/export?format=docx&variant=redline&against=${f.get('from')}${revision}`)}`); } catch (err) { fail(err); }
      };
    }
  }
  await show();
  live.room = { onGroupEvent: debounce((m) => { if (m?.type === 'revision_issued') show().catch(fail); }, 300), leave: async () => {} };
}
