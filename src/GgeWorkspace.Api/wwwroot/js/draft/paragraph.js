// One paragraph of the drafting room: its markup, and its text re-rendered with brackets, carets and presence.

import { richText } from '../rich-text.js';
import { bracketListHtml } from '../brackets.js';
import { STATUS, colorOf, esc, langAttr, langOf, whoStyle } from '../ui.js';
import { authorshipHtml } from './authorship.js';
import { renderSuggestions } from './suggestions.js';

function caretsFor(room, paragraphId) {
  return [...room.presence.values()]
    .filter((e) => e.paragraphId === paragraphId && e.caret !== null && e.caret !== undefined)
    .map((e) => ({ at: e.caret, sub: e.sub, name: e.displayName }));
}

const bracketsNow = (p) => p.brackets ?? [];

export const paragraphElement = (room, paragraphId) => room.body.querySelector(`[data-paragraph-id="${paragraphId}"]`);

/** Re-renders a paragraph's text (or the overlay of its editor) and its presence list. */
export function showText(room, paragraphId) {
  const el = paragraphElement(room, paragraphId);
  const p = room.paragraphs.get(paragraphId);
  const doc = room.docs.get(paragraphId);
  if (!el || !p || !doc) return;
  const carets = caretsFor(room, paragraphId);
  if (room.editing?.id === paragraphId) {
    room.editing.mirror.innerHTML = richText(doc.text, bracketsNow(p), carets, false, room.holding.delegations) + '\u200b';
    const lang = langOf(doc.text);
    room.editing.textarea.lang = lang; room.editing.mirror.lang = lang;
  } else {
    const text = el.querySelector('.para-text');
    text.innerHTML = (authorshipHtml(room, paragraphId, doc.text) ?? richText(doc.text, bracketsNow(p), carets, true, room.holding.delegations)) || '<span class="muted">(empty)</span>';
    if (langOf(doc.text)) text.lang = langOf(doc.text); else text.removeAttribute('lang');
  }
  // Only while the live connection is down: edits are acknowledged too quickly to flag otherwise.
  el.querySelector('.unsaved').hidden = doc.synchronized || room.docs.canSend;
  const here = [...room.presence.values()].filter((e) => e.paragraphId === paragraphId);
  el.querySelector('.presence').innerHTML = here.length
    ? `<span class="visually-hidden">Here now:</span>${[...new Map(here.map((e) => [e.sub, e])).values()].map((e) => `<span class="who" data-sub="${esc(e.sub)}" style="${whoStyle(e.sub)}"${langAttr(e.displayName)}>${esc(e.displayName)}${e.state === 'Typing' ? ' ✎' : ''}</span>`).join('')}`
    : '';
  renderSuggestions(room, paragraphId);
}

/** A paragraph, or a point of one (depth 1) or a sub-point (depth 2): the same markup, indented, with its letter. */
export function paragraphHtml(room, p) {
  const role = room.group.myRole;
  const point = p.depth > 0;
  return `<article class="paragraph${point ? ` point depth-${p.depth}` : ''} status-${esc(p.status).toLowerCase()}" data-paragraph-id="${p.id}" data-status="${esc(p.status)}" aria-labelledby="pn-${p.id}">
      <div class="para-main">
        <div class="para-head">
          <span class="num" id="pn-${p.id}"${point ? ` title="${esc(p.label ?? '')}"` : ''}>${point ? esc(p.number) : `${p.number ?? '–'}.`}</span>
          <span class="badge badge-${esc(p.status).toLowerCase()}">${esc(STATUS[p.status] ?? p.status)}</span>
          <span class="presence" aria-live="polite"></span>
          <span class="unsaved" role="status" hidden>Not saved yet: sent when the live connection is back</span>
        </div>
        <div class="silence" hidden></div>
        <div class="para-body"><p class="para-text" dir="auto"></p></div>
        <ol class="options">${(p.options ?? []).map((o) => `<li dir="auto"${langAttr(o.text)}><strong>Option ${o.number}:</strong> [${esc(o.text)}]</li>`).join('')}</ol>
        ${bracketListHtml(room.docs.get(p.id)?.text ?? p.text, bracketsNow(p), { ...room.holding, canChange: room.writer && ['Proposed', 'UnderNegotiation', 'Parked'].includes(p.status) })}
        <div class="para-actions">
          ${room.writer && p.status !== 'Deleted' ? `<button type="button" data-act="edit">Edit</button>` : ''}
          <button type="button" data-act="comments" aria-expanded="false">Comments (${p.openComments ?? 0})</button>
          <button type="button" data-act="positions" aria-expanded="false">Positions</button>
          <button type="button" data-act="history" aria-expanded="false">History</button>
          ${room.writer && ['Proposed', 'UnderNegotiation'].includes(p.status) ? '<button type="button" data-act="bracket" aria-expanded="false">Bracket</button>' : ''}
          ${role === 'Expert' ? '<button type="button" data-act="propose" aria-expanded="false">Propose amendment</button>' : ''}
          ${room.writer && !point ? '<button type="button" data-act="add-after">Add paragraph after</button>' : ''}
          ${room.writer && p.depth !== 2 && ['Proposed', 'UnderNegotiation', 'Parked'].includes(p.status) ? `<button type="button" data-act="add-point">${point ? 'Add sub-point' : 'Add point'}</button>` : ''}
        </div>
        ${['Chair', 'Secretariat'].includes(role) && !point ? `<div class="chair-controls" role="group" aria-label="${role === 'Chair' ? 'Chair' : 'Secretariat'}: paragraph ${p.number ?? ''}"></div>` : ''}
        <div class="not-applied-notes"></div>
        <div class="panel" hidden></div>
      </div>
      <aside class="para-aside" aria-label="Proposals on paragraph ${p.number ?? ''}"></aside>
    </article>`;
}
