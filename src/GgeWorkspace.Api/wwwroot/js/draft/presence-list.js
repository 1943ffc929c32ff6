// Who is in the drafting room: everyone else with the draft open, beside their colour, on which paragraph and whether
// they are typing, from the presence the hub sends. A name with a paragraph goes to that paragraph.

import { colorOf, esc, langAttr } from '../ui.js';
import { memberLabel } from './suggestions.js';
import { paragraphElement } from './paragraph.js';

export function presenceListHtml() {
  return '<section class="room-presence" aria-labelledby="room-presence-heading"><p class="legend-title" id="room-presence-heading">In the room</p><ul class="room-people"></ul></section>';
}

/** One entry per member: the tab on a paragraph (typing first) stands for their other tabs. */
function people(room) {
  const rank = (e) => (e.state === 'Typing' ? 2 : e.paragraphId ? 1 : 0);
  const bySub = new Map();
  for (const e of room.presence.values()) {
    const known = bySub.get(e.sub);
    if (!known || rank(e) > rank(known)) bySub.set(e.sub, e);
  }
  return [...bySub.values()].sort((a, b) => (a.displayName ?? a.sub).localeCompare(b.displayName ?? b.sub));
}

export function renderPresenceList(room) {
  const list = room.main.querySelector('.room-people');
  if (!list) return;
  const everyone = people(room);
  list.innerHTML = everyone.map((e) => {
    const p = e.paragraphId ? room.paragraphs.get(e.paragraphId) : null;
    const where = p ? `in paragraph ${p.number ?? '(not numbered)'}` : 'the draft';
    const doing = e.state === 'Typing' ? `typing ${where}` : e.state === 'Idle' ? `idle, ${p ? where : 'on the draft'}` : p ? where : 'reading the draft';
    const label = `${esc(memberLabel(room, e.sub))} <span class="muted">· ${esc(doing)}</span>`;
    const swatch = `<span class="swatch" style="--who:${colorOf(e.sub)}" aria-hidden="true"></span>`;
    return `<li data-sub="${esc(e.sub)}"${langAttr(e.displayName)}>${p
      ? `<button type="button" class="link" data-paragraph="${esc(e.paragraphId)}">${swatch}${label}</button>`
      : `${swatch}${label}`}</li>`;
  }).join('') || '<li class="muted">Nobody else has the draft open.</li>';
  for (const b of list.querySelectorAll('button[data-paragraph]')) b.onclick = () => goTo(room, b.dataset.paragraph);
}

function goTo(room, paragraphId) {
  // Where someone is now is in the live text: leave an earlier version of the draft first.
  if (room.readingPast) room.leavePast?.();
  const el = paragraphElement(room, paragraphId);
  if (!el) return;
  el.tabIndex = -1;
  el.scrollIntoView({ block: 'center' });
  el.focus({ preventScroll: true });
}
