// The panels under a paragraph: comment threads, positions, and the amendment form.

import { act, get } from '../api.js';
import { cpIndex } from '../ot.js';
import { POSITION, announce, earlierBadge, esc, langAttr, onPress, onSubmit } from '../ui.js';
import { ask } from '../dialog.js';
import { paragraphElement } from './paragraph.js';
import { renderBracketForm } from './bracket-actions.js';
import { paragraphSlider } from './time-slider.js';

export function openPanel(room, paragraphId, kind, restore = false, preset = null) {
  const el = paragraphElement(room, paragraphId);
  if (!el) return;
  const panel = el.querySelector('.panel');
  for (const b of el.querySelectorAll('[aria-expanded]')) b.setAttribute('aria-expanded', String(b.dataset.act === kind && (restore || room.openPanels.get(paragraphId) !== kind)));
  if (!restore && room.openPanels.get(paragraphId) === kind) { room.openPanels.delete(paragraphId); panel.hidden = true; panel.innerHTML = ''; return; }
  room.openPanels.set(paragraphId, kind);
  panel.hidden = false;
  if (kind === 'comments') renderComments(room, paragraphId, panel);
  else if (kind === 'positions') renderPositions(room, paragraphId, panel);
  else if (kind === 'history') renderHistory(room, paragraphId, panel);
  else if (kind === 'propose' && !(restore && panel.querySelector('.propose-form'))) renderPropose(room, paragraphId, panel, preset);
  else if (kind === 'bracket' && !(restore && panel.querySelector('.bracket-form'))) renderBracketForm(room, paragraphId, panel);
}

// A panel is rendered by whichever render started last: an older one (e.g. from a live update) that answers later
// must not overwrite a newer list, such as the one read right after posting a comment.
const panelRenders = new WeakMap();
const latestRender = (panel) => { const token = {}; panelRenders.set(panel, token); return () => panelRenders.get(panel) === token; };

// A panel rendered again (after a live update from another member) keeps what the member was typing in it, and
// the focus: only a form that was sent is emptied, by its own handler.
function keepTyping(panel, render) {
  const fields = () => panel.querySelectorAll('input, textarea, select');
  const key = (el) => `${el.closest('form')?.className ?? ''}|${el.id || el.name}`;
  const typed = new Map([...fields()].map((el) => [key(el), el.value]));
  const focused = panel.contains(document.activeElement) ? key(document.activeElement) : null;
  render();
  for (const el of fields()) {
    if (typed.has(key(el))) el.value = typed.get(key(el));
    if (key(el) === focused) el.focus();
  }
}

async function renderComments(room, paragraphId, panel) {
  const { d, names } = room;
  const reads = room.group.myRole === 'Observer';
  const isLatest = latestRender(panel);
  const c = await get(`${d}/paragraphs/${paragraphId}/comments`);
  if (!isLatest()) return;
  keepTyping(panel, () => { panel.innerHTML = `<h3>Comments <span class="muted small">${c.open} open · ${c.resolved} resolved</span></h3>
    <ul class="threads">${c.threads.map((t) => `<li class="thread${t.isResolved ? ' resolved' : ''}" data-thread-id="${t.id}">
      ${t.anchor ? `<blockquote dir="auto"${langAttr(t.anchor.quotedText)}>${esc(t.anchor.quotedText)}${t.anchor.isOrphaned ? ' <em>(deleted)</em>' : ''}</blockquote>` : ''}
      ${t.comments.map((m) => `<p dir="auto"${langAttr(m.text)}><strong>${esc(names[m.authorSub] ?? m.authorSub)}</strong>: ${esc(m.text)}</p>`).join('')}
      ${!reads ? `<div class="thread-actions">${t.isResolved ? '<button type="button" data-do="reopen">Reopen</button>' : `<form class="reply"><label class="visually-hidden" for="r-${t.id}">Reply</label><input id="r-${t.id}" name="text" placeholder="Reply" required dir="auto"><button type="submit">Reply</button></form><button type="button" data-do="resolve">Resolve</button>`}</div>` : ''}
    </li>`).join('')}</ul>
    ${!reads ? `<form class="new-thread"><label for="c-${paragraphId}">New comment</label><textarea id="c-${paragraphId}" name="text" rows="2" required dir="auto"></textarea>
      <p class="quoting" hidden></p>
      <div class="form-actions"><button type="button" data-do="quote">Quote the words selected in the editor</button><button type="submit">Comment</button></div></form>` : ''}`; });
  const form = panel.querySelector('.new-thread');
  if (form) {
    // A comment on some words quotes them: their code points in the text the editor shows (the service moves them on).
    const quoting = form.querySelector('.quoting');
    const showQuote = () => {
      const q = room.quotes.get(paragraphId);
      quoting.hidden = !q;
      quoting.innerHTML = q ? `On the words: <q dir="auto"${langAttr(q.words)}>${esc(q.words)}</q>` : '';
    };
    showQuote();
    form.querySelector('[data-do=quote]').onclick = () => {
      const ta = room.editing?.id === paragraphId ? room.editing.textarea : null;
      if (!ta || ta.selectionStart === ta.selectionEnd) { announce('Open the paragraph with Edit and select the words first.', true); return; }
      const start = cpIndex(ta.value, ta.selectionStart);
      const end = cpIndex(ta.value, ta.selectionEnd);
      room.quotes.set(paragraphId, { start, end, textVersion: room.docs.get(paragraphId).version, words: Array.from(ta.value).slice(start, end).join('') });
      showQuote();
    };
    onSubmit(form, async (f) => {
      const q = room.quotes.get(paragraphId);
      const anchor = q ? { start: q.start, end: q.end, textVersion: q.textVersion } : null;
      await act(`comment:${paragraphId}`, 'POST', `${d}/paragraphs/${paragraphId}/comments`, { text: f.get('text'), anchor });
      room.quotes.delete(paragraphId);
      form.reset();
      await room.refresh();
    });
  }
  for (const li of panel.querySelectorAll('.thread')) {
    const id = li.dataset.threadId;
    const reply = li.querySelector('form.reply');
    if (reply) onSubmit(reply, async (f) => { await act(`reply:${id}`, 'POST', `${d}/comments/${id}/replies`, { text: f.get('text') }); reply.reset(); await room.refresh(); });
    for (const b of li.querySelectorAll('button[data-do]')) onPress(b, async () => { await act(`thread:${id}:${b.dataset.do}`, 'POST', `${d}/comments/${id}/${b.dataset.do}`); await room.refresh(); });
  }
}

async function renderPositions(room, paragraphId, panel) {
  const { d, names, me } = room;
  const isLatest = latestRender(panel);
  const r = await get(`${d}/paragraphs/${paragraphId}/positions`);
  if (!isLatest()) return;
  const list = r.positions ?? r.current ?? [];
  const earlier = new Map((r.givenOnEarlierText ?? []).map((e) => [e.delegation.sub, e]));
  const mine = list.find((x) => x.delegation?.sub === me.sub);
  const confirm = (x) => x.delegation?.sub === me.sub && earlier.has(me.sub) ? ' <button type="button" data-do="confirm">Confirm on current text</button>' : '';
  keepTyping(panel, () => { panel.innerHTML = `<h3>Positions</h3>
    <ul class="positions">${list.map((x) => `<li><strong>${esc(x.delegation?.state ?? names[x.delegation?.sub] ?? x.delegation?.sub)}</strong>: ${esc(POSITION[x.position?.kind] ?? x.position?.kind)}${x.position?.reason ? ` — <span dir="auto">${esc(x.position.reason)}</span>` : ''}${x.position?.reservationText ? ` — <span dir="auto">${esc(x.position.reservationText)}</span>` : ''}${earlierBadge(earlier.get(x.delegation?.sub))}${confirm(x)}</li>`).join('') || '<li class="muted">No positions yet.</li>'}</ul>
    ${room.group.myRole === 'Expert' ? `<form class="position-form"><label>Your delegation's position <select name="kind">${Object.entries(POSITION).map(([k, v]) => `<option value="${k}">${v}</option>`).join('')}</select></label>
      <label>Reason, reservation text <input name="reason" dir="auto"></label>
      <label>Instructions expected by <input name="expectedBy" type="date" min="${new Date().toLocaleDateString('en-CA')}"></label>
      <button type="submit">State position</button></form>
      ${mine ? `<div class="form-actions"><button type="button" data-do="withdraw-position">Withdraw my position</button>${mine.position?.kind === 'Objection' ? '<button type="button" data-do="to-reservation">Turn my objection into a reservation</button>' : ''}</div>` : ''}` : ''}`; });
  const withdraw = panel.querySelector('[data-do="withdraw-position"]');
  if (withdraw) onPress(withdraw, async () => {
    await act(`position-withdraw:${paragraphId}`, 'DELETE', `${d}/paragraphs/${paragraphId}/positions`);
    announce('Position withdrawn.');
    await room.refresh();
    renderPositions(room, paragraphId, panel);
  });
  const toReservation = panel.querySelector('[data-do="to-reservation"]');
  if (toReservation) onPress(toReservation, async () => {
    const done = await ask({
      title: 'Turn the objection into a reservation', message: 'The paragraph can then be agreed; the reservation is a footnote to it.',
      fields: [{ name: 'reservationText', label: 'Text of the reservation (the footnote)', type: 'textarea', required: true, value: mine.position?.reason ?? '' }],
      confirm: 'Enter the reservation',
      submit: (v) => act(`reservation:${paragraphId}`, 'POST', `${d}/paragraphs/${paragraphId}/positions/reservation`, { reservationText: v.reservationText }),
    });
    if (done === null) return;
    announce('The objection is now a reservation.');
    await room.refresh();
    renderPositions(room, paragraphId, panel);
  });
  const confirmButton = panel.querySelector('[data-do="confirm"]');
  if (confirmButton) onPress(confirmButton, async () => {
    // Confirming is stating the same position again, now on the current text.
    await act(`position:${paragraphId}`, 'POST', `${d}/paragraphs/${paragraphId}/positions`, { ...list.find((x) => x.delegation?.sub === me.sub).position });
    announce('Position confirmed on the current text.');
    renderPositions(room, paragraphId, panel);
  });
  const form = panel.querySelector('.position-form');
  if (form) onSubmit(form, async (f) => {
    const kind = f.get('kind');
    const text = f.get('reason') || null;
    await act(`position:${paragraphId}`, 'POST', `${d}/paragraphs/${paragraphId}/positions`, {
      kind, reason: kind === 'Objection' ? text : null, reservationText: kind === 'Reservation' ? text : null,
      // Expected by a day means by the end of that day, where the Expert is: today is still a date to come.
      expectedBy: kind === 'AwaitingInstructions' && f.get('expectedBy') ? new Date(`${f.get('expectedBy')}T23:59:59`).toISOString() : null,
    });
    announce('Position stated.');
    form.reset();
    renderPositions(room, paragraphId, panel);
  });
}

/** The amendment form; preset ({ text, baseTextVersion }) when it comes from an edit that was not applied. */
function renderPropose(room, paragraphId, panel, preset = null) {
  const { d, docs } = room;
  const p = room.paragraphs.get(paragraphId);
  const baseTextVersion = preset?.baseTextVersion ?? docs.get(paragraphId)?.version ?? null;
  panel.innerHTML = `<form class="propose-form"><h3>Propose an amendment</h3>
    <label>Kind <select name="kind"><option value="ReplaceText">Replace the text</option><option value="AddOption">Add an option</option><option value="InsertParagraphAfter">Insert a paragraph after</option><option value="DeleteParagraph">Delete the paragraph</option></select></label>
    <label>Text <textarea name="text" rows="3" dir="auto">${esc(preset?.text ?? docs.get(paragraphId)?.text ?? p.text)}</textarea></label>
    <label>Explanation <input name="explanation" dir="auto"></label>
    <button type="submit">Propose</button></form>`;
  const form = panel.querySelector('form');
  onSubmit(form, async (f) => {
    const kind = f.get('kind');
    await act(`propose:${paragraphId}`, 'POST', `${d}/amendments`, { kind, paragraphId, text: kind === 'DeleteParagraph' ? null : f.get('text'), explanation: f.get('explanation') || null, baseTextVersion });
    announce('Amendment proposed.');
    room.openPanels.delete(paragraphId);
    await room.refresh();
  });
}

/** Who did what to the paragraph, when and why, newest first (live edits by one member come as one entry). */
async function renderHistory(room, paragraphId, panel) {
  const isLatest = latestRender(panel);
  const r = await get(`${room.d}/paragraphs/${paragraphId}/history?limit=50`);
  if (!isLatest()) return;
  const what = (e) => (e.kind === 'text_edited' ? `edited the text (${e.editCount} ${e.editCount === 1 ? 'change' : 'changes'})` : e.kind.replaceAll('_', ' '));
  panel.innerHTML = `<h3>History</h3>
    <ol class="history">${r.entries.map((e) => `<li><time datetime="${esc(e.timestamp)}">${esc(new Date(e.timestamp).toLocaleString())}</time>
      <strong${langAttr(e.member?.displayName)}>${esc(e.member?.displayName ?? e.member?.sub ?? 'The service')}</strong>${e.member?.attributedState ? ` (${esc(e.member.attributedState)})` : ''}
      ${esc(what(e))}${e.reason ? `: <span dir="auto"${langAttr(e.reason)}>${esc(e.reason)}</span>` : ''}</li>`).join('') || '<li class="muted">Nothing yet.</li>'}</ol>`;
  paragraphSlider(room, paragraphId, panel, r.entries);
}
