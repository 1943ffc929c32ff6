// Open amendments to a paragraph's text shown as suggestions under it: the proposer's insertions underlined and deletions
// struck through in place, in the proposer's colour, against the text as it is now (it follows live edits), with who
// proposed, supports and objects beside it, and what the reader's role can do with it.

import { act, get } from '../api.js';
import { suggestion } from '../word-diff.js';
import { announce, colorOf, esc, langAttr, onPress } from '../ui.js';
import { holderName } from '../brackets.js';
import { decide } from './amendments.js';
import { paragraphElement } from './paragraph.js';

/** The amendments shown as suggestions rather than in the list of proposals: open ones that change the text. */
export const shownAsSuggestion = (a) => a.state === 'Submitted' && (a.kind === 'ReplaceText' || a.kind === 'DeleteParagraph');

/** A light background of a member's colour, for text that stays in the page's ink. */
export const tintOf = (sub) => {
  const hex = colorOf(sub);
  const mix = (i) => Math.round(parseInt(hex.slice(i, i + 2), 16) * 0.1 + 255 * 0.9).toString(16).padStart(2, '0');
  return `#${mix(1)}${mix(3)}${mix(5)}`;
};

/** Who someone is in the room: their name and the delegation they speak for, if any. */
export function memberLabel(room, sub, state = undefined) {
  const member = room.group.members.find((m) => m.sub === sub);
  const delegation = state === undefined ? (member?.attribution === 'Personal' ? null : member?.nominatingState) : state;
  const name = room.names[sub] ?? sub;
  return delegation ? `${name}, ${holderName(delegation, room.holding.delegations)}` : name;
}

/**
 * The segments as HTML: screen readers hear "inserted:" and "deleted:" before each change. Those words carry their own
 * language and direction, so an Arabic text is still read and laid out right to left (dir="auto" skips them).
 */
export function segmentsHtml(segments, sub) {
  const who = ` style="--who:${colorOf(sub)};--tint:${tintOf(sub)}"`;
  return segments.map((s) => (s.kind === 'same' ? esc(s.text)
    : s.kind === 'ins' ? `<ins${who}><span class="visually-hidden" lang="en" dir="ltr">inserted: </span>${esc(s.text)}</ins>`
      : `<del${who}><span class="visually-hidden" lang="en" dir="ltr">deleted: </span>${esc(s.text)}</del>`)).join('');
}

function detailsOf(room, id) {
  room.suggestionDetails ??= new Map();
  return room.suggestionDetails.get(id);
}

/** Reads each open amendment's text and positions once per list of amendments (after every refresh), then renders. */
function load(room, paragraphId, open) {
  for (const a of open) {
    const known = detailsOf(room, a.amendmentId);
    if (known && (known.list === room.amendments || known.loading === room.amendments)) continue;
    const list = room.amendments;
    if (known) known.loading = list; else room.suggestionDetails.set(a.amendmentId, { loading: list });
    get(`${room.d}/amendments/${a.amendmentId}`).then((details) => {
      room.suggestionDetails.set(a.amendmentId, { list, details });
      renderSuggestions(room, paragraphId);
    }).catch(() => {});
  }
}

/** Renders the paragraph's suggestions; cheap when only the text changed (called for every change of the text). */
export function renderSuggestions(room, paragraphId) {
  const el = paragraphElement(room, paragraphId);
  if (!el) return;
  const open = room.amendments.filter((a) => a.paragraphId === paragraphId && shownAsSuggestion(a));
  let box = el.querySelector('.suggestions');
  if (!open.length) { box?.remove(); return; }
  if (!box) {
    box = document.createElement('div');
    box.className = 'suggestions';
    el.querySelector('.para-body').after(box);
  }
  load(room, paragraphId, open);
  const ready = open.map((a) => ({ a, details: detailsOf(room, a.amendmentId)?.details })).filter((x) => x.details);
  const ids = ready.map((x) => `${x.a.amendmentId}:${x.details.version}`).join();
  if (box.dataset.shown !== ids) {
    // Drawn again after a decision or a position: the keyboard stays on the same suggestion.
    // (A button disabled while its action runs loses the focus to the page: the suggestion acted on is remembered.)
    const focused = box.contains(document.activeElement) ? document.activeElement.closest('.suggestion')?.dataset.amendmentId
      : document.activeElement === document.body ? room.suggestionActedOn : null;
    box.dataset.shown = ids;
    box.innerHTML = ready.map(({ details }) => cardHtml(room, details)).join('');
    for (const card of box.querySelectorAll('.suggestion')) wire(room, card);
    const again = focused && box.querySelector(`.suggestion[data-amendment-id="${focused}"]`);
    if (again) { (again.querySelector('button') ?? again).focus(); room.suggestionActedOn = null; }
  }
  const text = room.docs.get(paragraphId)?.text ?? room.paragraphs.get(paragraphId)?.text ?? '';
  for (const { details } of ready) {
    const card = box.querySelector(`.suggestion[data-amendment-id="${details.id}"]`);
    const shown = card?.querySelector('.suggestion-text');
    if (!shown || shown.dataset.against === text) continue;
    shown.dataset.against = text;
    const { segments, rebased } = details.kind === 'DeleteParagraph'
      ? { segments: [{ kind: 'del', text }], rebased: true }
      : suggestion(details.baseText, details.text ?? '', text);
    shown.innerHTML = segmentsHtml(segments, details.proposerSub);
    card.querySelector('.suggestion-moved').hidden = rebased;
  }
}

function cardHtml(room, a) {
  const role = room.group.myRole;
  const me = room.me.sub;
  const own = room.holding.own;
  const mine = (x) => x.sub === me || (own && x.state === own);
  const supports = a.supporters.some(mine);
  const objects = a.objections.some(mine);
  const proposer = memberLabel(room, a.proposerSub, a.proposerState);
  const people = (list) => list.map((x) => `<li${langAttr(room.names[x.sub])}>${esc(memberLabel(room, x.sub, x.state))}${x.reason ? `: <span dir="auto"${langAttr(x.reason)}>${esc(x.reason)}</span>` : ''}</li>`).join('');
  const actions = [];
  if (role === 'Expert' && a.proposerSub !== me) {
    if (!supports) actions.push('<button type="button" data-do="support">Support</button>');
    if (!objects) actions.push('<button type="button" data-do="object">Object</button>');
    if (supports || objects) actions.push(`<button type="button" data-do="withdraw-position">Withdraw my ${supports ? 'support' : 'objection'}</button>`);
  }
  if (a.proposerSub === me) actions.push('<button type="button" data-do="withdraw">Withdraw the amendment</button>');
  if (role === 'Chair') actions.push('<button type="button" data-do="accept">Accept</button><button type="button" data-do="reject">Reject</button>');
  const title = a.kind === 'DeleteParagraph' ? 'Suggests deleting the paragraph' : 'Suggested change';
  return `<div class="suggestion amendment" role="group" tabindex="-1" aria-labelledby="sg-${a.id}" data-amendment-id="${a.id}" style="--who:${colorOf(a.proposerSub)}">
      <div class="suggestion-main">
        <p class="suggestion-title" id="sg-${a.id}"><span class="swatch" aria-hidden="true"></span>${esc(title)} by <strong${langAttr(proposer)}>${esc(proposer)}</strong> <span class="badge">${esc(a.state)}</span></p>
        <p class="suggestion-text" dir="auto"${langAttr(a.text ?? a.baseText)}></p>
        <p class="suggestion-moved small muted" hidden>The text changed where this amendment changes it since it was proposed: it is shown against the text as it is now.</p>
        ${a.explanation ? `<p class="small" dir="auto"${langAttr(a.explanation)}>${esc(a.explanation)}</p>` : ''}
      </div>
      <div class="suggestion-side">
        <p class="small">${a.supporters.length ? `Supported by <strong>${a.supporters.length}</strong>:` : 'No support yet'}</p>
        ${a.supporters.length ? `<ul class="small">${people(a.supporters)}</ul>` : ''}
        <p class="small">${a.objections.length ? `Objected to by <strong>${a.objections.length}</strong>:` : 'No objection'}</p>
        ${a.objections.length ? `<ul class="small">${people(a.objections)}</ul>` : ''}
        ${actions.length ? `<div class="amendment-actions">${actions.join('')}</div>` : ''}
      </div>
    </div>`;
}

function wire(room, card) {
  const id = card.dataset.amendmentId;
  card.addEventListener('click', () => { room.suggestionActedOn = id; }, true);
  for (const b of card.querySelectorAll('button[data-do]')) {
    if (b.dataset.do !== 'withdraw-position') { b.onclick = () => decide(room, id, b.dataset.do, b); continue; }
    onPress(b, async () => {
      await act(`amendment:${id}:withdraw-position`, 'DELETE', `${room.d}/amendments/${id}/position`);
      announce('Your position on the amendment is withdrawn.');
      await room.refresh();
    });
  }
}
