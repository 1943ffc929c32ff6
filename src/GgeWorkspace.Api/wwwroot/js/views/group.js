// A group: its workstreams, drafts, members and the Member States' views it cites.

import { act, get } from '../api.js';
import { joinGroup, live } from '../connection.js';
import { debounce, esc, langAttr, onSubmit } from '../ui.js';
import { membersHtml, wireMembers } from './members.js';

const DRAFT_KIND = { Report: 'The report', WorkstreamDraft: 'Workstream draft' };

export async function groupPage(main, groupId) {
  const group = await joinGroup(groupId);
  const g = `/api/groups/${groupId}`;
  const [workstreams, drafts] = await Promise.all([get(`${g}/workstreams`), get(`${g}/drafts`)]);
  // The sources: each imported document (A/72/304) with its replies; a reply's paragraphs load when opened.
  let sources = [];
  try {
    const documents = await get(`${g}/sources`);
    sources = await Promise.all(documents.map(async (d) => ({ ...d, replies: await get(`${g}/sources/${d.id}/replies`) })));
  } catch { sources = []; }
  const canCreate = ['Chair', 'Secretariat'].includes(group.myRole);
  main.innerHTML = `<nav class="crumbs" aria-label="Breadcrumb"><a href="#/groups">My groups</a></nav>
    <h1${langAttr(group.name)}>${esc(group.name)}</h1>
    <p class="muted">${esc(group.mandateReference)} · your role: <strong>${esc(group.myRole)}</strong></p>
    <div class="columns">
      <section aria-labelledby="ws-h"><h2 id="ws-h">Workstreams</h2>
        <ul class="cards">${workstreams.map((w) => `<li><a class="card" href="#/groups/${groupId}/drafts/${w.draftId}"><strong${langAttr(w.title)}>${esc(w.label ?? '')} ${esc(w.title)}</strong><span${langAttr(w.mandate)}>${esc(w.mandate)}</span></a></li>`).join('') || '<li class="muted">None yet.</li>'}</ul>
        ${canCreate ? `<form id="ws-form" class="inline-form"><h3>New workstream</h3>
          <label>Label <input name="label" placeholder="(a)" maxlength="20"></label>
          <label>Title <input name="title" required></label>
          <label>Mandate <input name="mandate" required></label>
          <button type="submit">Create workstream</button></form>` : ''}
      </section>
      <section aria-labelledby="drafts-h"><h2 id="drafts-h">Drafts</h2>
        <ul class="cards">${[...drafts].sort((a, b) => (b.kind === 'Report') - (a.kind === 'Report')).map((d) => `<li><a class="card" href="#/groups/${groupId}/drafts/${d.id}"><strong${langAttr(d.title)}>${esc(d.title)}</strong><span>${d.provisionalSymbol ? `${esc(d.provisionalSymbol)} · ` : ''}${esc(DRAFT_KIND[d.kind] ?? d.kind)}</span></a></li>`).join('') || '<li class="muted">None yet.</li>'}</ul>
      </section>
      ${membersHtml(group)}
      ${sources.length ? `<section aria-labelledby="src-h"><h2 id="src-h">Sources</h2>
        ${sources.map((d) => `<h3${langAttr(d.title)}>${esc(d.symbol)} <span class="muted">${esc(d.title)}</span></h3>
        <ul class="sources">${d.replies.map((r) => `<li><details data-doc="${esc(d.id)}" data-code="${esc(r.code)}">
          <summary><strong lang="zh-CN">${esc(r.submitter)}</strong> ${esc(r.submitterEnglish)} (${esc(r.code)})
            <span class="muted">${esc(r.originalLanguage ?? '')} · ${esc(r.date ?? '')} · ${r.paragraphs} paragraphs</span></summary>
          <div class="reply-paragraphs muted">Opening…</div></details></li>`).join('')}</ul>`).join('')}</section>` : ''}
    </div>`;
  for (const details of main.querySelectorAll('details[data-code]')) {
    details.addEventListener('toggle', async () => {
      const box = details.querySelector('.reply-paragraphs');
      if (!details.open || box.dataset.loaded) return;
      const reply = await get(`${g}/sources/${details.dataset.doc}/replies/${encodeURIComponent(details.dataset.code)}`);
      box.classList.remove('muted');
      box.innerHTML = reply.paragraphs.map((p) => `<p lang="zh-CN">${esc(p.text)}</p>`).join('');
      box.dataset.loaded = '1';
    });
  }
  wireMembers(main, group, async () => live.reroute());
  const form = document.getElementById('ws-form');
  if (form) onSubmit(form, async (f) => {
    const r = await act(`workstream:${groupId}`, 'POST', `${g}/workstreams`, { label: f.get('label') || null, title: f.get('title'), mandate: f.get('mandate') });
    location.hash = `#/groups/${groupId}/drafts/${r.data.draftId}`;
  });
  // Another member's change shows the page again, unless that would lose what this member is typing in a form.
  const typing = () => [...main.querySelectorAll('form input, form textarea')].some((el) => el.value.trim() !== '');
  live.room = { onGroupEvent: debounce(() => { if (live.room && !typing()) live.reroute(); }, 500), leave: async () => {} };
}
