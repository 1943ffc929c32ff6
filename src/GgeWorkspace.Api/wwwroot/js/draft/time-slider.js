// Reading the room across time: a slider over the moments the draft (or one paragraph, in its history panel) changed,
// reading it as it was then with the service's `asOf` (a global event sequence). Nothing can be edited while the past
// is shown; the last stop, or "Back to the live text", returns to the live draft.

import { ApiError, get } from '../api.js';
import { richText } from '../rich-text.js';
import { STATUS, announce, esc, fail, langAttr } from '../ui.js';
import { closeEditor } from './editor.js';
import { paragraphElement } from './paragraph.js';

let focusedSlider = null;

const when = (timestamp) => new Date(timestamp).toLocaleString();
const what = (e) => `${e.member?.displayName ?? e.member?.sub ?? 'The service'} ${e.kind === 'text_edited' ? 'edited the text' : e.kind.replaceAll('_', ' ')}`;

/** The draft as of a sequence, read once (a past that is recorded never changes); retried while it is still being recorded. */
function readAsOf(room, sequence) {
  room.pastReads ??= new Map();
  if (!room.pastReads.has(sequence)) {
    const read = async (attempt) => {
      try { return await get(`${room.d}?asOf=${sequence}&deleted=true`); } catch (err) {
        if (err instanceof ApiError && err.status === 409 && attempt < 20) { await new Promise((r) => setTimeout(r, 500)); return read(attempt + 1); }
        room.pastReads.delete(sequence);
        throw err;
      }
    };
    room.pastReads.set(sequence, read(0));
  }
  return room.pastReads.get(sequence);
}

function paragraphsOf(view) {
  const all = [];
  (function walk(sections) { for (const s of sections) { all.push(...s.paragraphs); walk(s.subSections); } })(view.sections);
  return [...all, ...(view.deleted ?? [])];
}

/** Stops of the draft's past: every change recorded in its paragraphs' histories and every revision, oldest first. */
async function draftStops(room) {
  const [revisions, ...histories] = await Promise.all([
    get(`${room.d}/revisions`).catch(() => []),
    ...[...room.paragraphs.keys()].map((id) => get(`${room.d}/paragraphs/${id}/history?limit=200`).then((r) => r.entries).catch(() => [])),
  ]);
  const stops = new Map();
  for (const e of histories.flat()) stops.set(e.sequence, { sequence: e.sequence, timestamp: e.timestamp, what: what(e) });
  for (const r of revisions) stops.set(r.globalSequence, { sequence: r.globalSequence, timestamp: r.issuedAt, what: `${r.label} issued`, revision: r.label });
  const sorted = [...stops.values()].sort((a, b) => a.sequence - b.sequence);
  let base = null;
  let changes = 0;
  for (const s of sorted) {
    if (s.revision) { base = s.revision; changes = 0; s.label = s.revision; continue; }
    changes++;
    s.label = base ? `${base} + ${changes} ${changes === 1 ? 'change' : 'changes'}` : `Change ${changes}`;
  }
  return sorted;
}

export function draftSliderHtml() {
  return `<div class="time-tools">
      <button type="button" data-do="past" aria-expanded="false" aria-controls="past-controls">Read earlier versions</button>
      <div id="past-controls" class="past-controls" hidden></div>
    </div>`;
}

export function wireDraftSlider(room, root) {
  const toggle = root.querySelector('[data-do=past]');
  const controls = root.querySelector('#past-controls');
  const past = document.createElement('div');
  past.id = 'past-draft';
  past.hidden = true;
  room.body.before(past);
  const sectionForm = room.main.querySelector('#section-form');
  const live = () => {
    past.hidden = true; past.innerHTML = '';
    room.body.hidden = false;
    if (sectionForm) sectionForm.hidden = false;
    room.readingPast = false;
  };
  const close = () => { live(); controls.hidden = true; controls.innerHTML = ''; toggle.setAttribute('aria-expanded', 'false'); };
  room.leavePast = close;
  toggle.onclick = async () => {
    if (!controls.hidden) { close(); return; }
    toggle.disabled = true;
    try {
      const stops = await draftStops(room);
      controls.hidden = false;
      toggle.setAttribute('aria-expanded', 'true');
      slider(controls, 'draft', 'Version of the draft', stops, async (stop, isLatest) => {
        if (!stop) { live(); return; }
        const view = await readAsOf(room, stop.sequence);
        if (!isLatest()) return;
        closeEditor(room);
        room.readingPast = true;
        room.body.hidden = true;
        if (sectionForm) sectionForm.hidden = true;
        past.hidden = false;
        past.innerHTML = pastDraftHtml(room, view, stop);
      });
      controls.querySelector('[data-do=live]').addEventListener('click', () => { close(); toggle.focus(); });
    } catch (err) { fail(err); } finally { toggle.disabled = false; }
  };
}

/**
 * A range over the stops and "now" (the last position), its label (version and time) and a way back to the live text.
 * show(stop) is called with the stop chosen, or null for now; only the last choice is shown.
 */
function slider(container, key, label, stops, show, start = stops.length) {
  container.innerHTML = `<label for="range-${key}">${esc(label)}</label>
    <input type="range" id="range-${key}" class="time-range" min="0" max="${stops.length}" step="1" value="${start}">
    <output for="range-${key}" class="time-label" aria-live="polite"></output>
    <button type="button" data-do="live">Back to the live text</button>`;
  const range = container.querySelector('input');
  const output = container.querySelector('output');
  // A panel drawn again (a live update) keeps the keyboard on its slider.
  range.addEventListener('focus', () => { focusedSlider = key; });
  range.addEventListener('blur', () => { if (range.isConnected) focusedSlider = null; });
  if (focusedSlider === key && (document.activeElement === document.body || !document.activeElement)) range.focus();
  let latest = 0;
  const pick = async () => {
    const stop = stops[Number(range.value)] ?? null;
    const text = stop ? `${stop.label} · ${when(stop.timestamp)} · after: ${stop.what}` : 'Now: the live text';
    output.textContent = text;
    range.setAttribute('aria-valuetext', stop ? `${stop.label}, ${when(stop.timestamp)}` : 'Now, the live text');
    const token = ++latest;
    try {
      await show(stop, () => token === latest);
    } catch (err) { if (token === latest) fail(err); }
  };
  range.addEventListener('input', pick);
  container.querySelector('[data-do=live]').addEventListener('click', () => { range.value = String(stops.length); pick(); });
  pick();
  return range;
}

function pastParagraphHtml(room, p) {
  return `<article class="past-paragraph" data-past-paragraph-id="${p.id}">
      <p class="para-head"><span class="num">${p.number ?? '–'}.</span> <span class="badge badge-${esc(p.status).toLowerCase()}">${esc(STATUS[p.status] ?? p.status)}</span></p>
      <p class="para-text" dir="auto"${langAttr(p.text)}>${richText(p.text, p.brackets ?? [], [], true, room.holding.delegations) || '<span class="muted">(empty)</span>'}</p>
      ${(p.options ?? []).length ? `<ol class="options">${p.options.map((o) => `<li dir="auto"${langAttr(o.text)}><strong>Option ${o.number}:</strong> [${esc(o.text)}]</li>`).join('')}</ol>` : ''}
    </article>`;
}

function pastDraftHtml(room, view, stop) {
  const section = (s) => `<section class="draft-section level-${s.level}">
      <h${Math.min(1 + s.level, 4)} dir="auto"${langAttr(s.heading)}>${esc(s.number)} ${esc(s.heading)}</h${Math.min(1 + s.level, 4)}>
      ${s.paragraphs.map((p) => pastParagraphHtml(room, p)).join('')}
      ${s.subSections.map(section).join('')}
    </section>`;
  return `<div class="past-banner" role="status">Reading the draft as it was: <strong>${esc(stop.label)}</strong>, ${esc(when(stop.timestamp))}. Nothing can be edited here.</div>
    ${view.sections.map(section).join('') || '<p class="muted">The draft had no sections yet.</p>'}`;
}

/** The slider of one paragraph's history panel, over the entries of its history (oldest first) and now. */
export function paragraphSlider(room, paragraphId, panel, entries) {
  room.pastParagraph ??= new Map();
  const stops = [...entries].sort((a, b) => a.sequence - b.sequence).map((e) => ({ sequence: e.sequence, timestamp: e.timestamp, what: what(e) }));
  const box = document.createElement('div');
  box.className = 'past-paragraph-tools';
  box.innerHTML = '<div class="past-slider"></div><div class="past-text-box" hidden></div>';
  panel.querySelector('h3').after(box);
  const textBox = box.querySelector('.past-text-box');
  const kept = stops.findIndex((s) => s.sequence === room.pastParagraph.get(paragraphId));
  stops.forEach((s) => { s.label = 'Reading…'; });
  slider(box.querySelector('.past-slider'), `p-${paragraphId}`, 'Version of this paragraph', stops, async (stop, isLatest) => {
    if (!stop) {
      room.pastParagraph.delete(paragraphId);
      textBox.hidden = true; textBox.innerHTML = '';
      lockEditing(room, paragraphId);
      return;
    }
    room.pastParagraph.set(paragraphId, stop.sequence);
    lockEditing(room, paragraphId);
    const view = await readAsOf(room, stop.sequence);
    if (!isLatest()) return;
    const p = paragraphsOf(view).find((x) => x.id === paragraphId);
    stop.label = p ? `Text version ${p.textVersion}` : 'Not in the draft yet';
    box.querySelector('.time-label').textContent = `${stop.label} · ${when(stop.timestamp)} · after: ${stop.what}`;
    box.querySelector('.time-range').setAttribute('aria-valuetext', `${stop.label}, ${when(stop.timestamp)}`);
    textBox.hidden = false;
    textBox.innerHTML = p
      ? `<p class="small muted">The paragraph as it was (${esc(STATUS[p.status] ?? p.status)}); editing waits until you are back to the live text.</p><p class="past-text" dir="auto"${langAttr(p.text)}>${richText(p.text, p.brackets ?? [], [], true, room.holding.delegations) || '<span class="muted">(empty)</span>'}</p>`
      : '<p class="muted">The paragraph was not in the draft yet.</p>';
  }, kept >= 0 ? kept : stops.length);
}

/** While a paragraph's past is shown its editor is closed and Edit waits; back to now, Edit works again. */
export function lockEditing(room, paragraphId) {
  const past = room.pastParagraph?.has(paragraphId) && room.openPanels.get(paragraphId) === 'history';
  if (!past) room.pastParagraph?.delete(paragraphId);
  if (past && room.editing?.id === paragraphId) closeEditor(room);
  const edit = paragraphElement(room, paragraphId)?.querySelector('[data-act=edit]');
  if (!edit) return;
  if (past) { edit.setAttribute('aria-disabled', 'true'); edit.title = 'Back to the live text to edit'; } else { edit.removeAttribute('aria-disabled'); edit.removeAttribute('title'); }
}

/** Clicks on Edit of a paragraph whose past is shown are held back (the panel may have been closed since: then they pass). */
export function guardEditing(room) {
  room.body.addEventListener('click', (e) => {
    const button = e.target.closest('button[data-act]');
    const id = button?.closest('[data-paragraph-id]')?.dataset.paragraphId;
    if (!id) return;
    if (button.dataset.act === 'history' && room.openPanels.get(id) === 'history') room.pastParagraph?.delete(id);
    lockEditing(room, id);
    if (button.dataset.act === 'edit' && button.getAttribute('aria-disabled') === 'true') {
      e.stopPropagation();
      announce('You are reading an earlier version of this paragraph: go back to the live text to edit it.', true);
    }
  }, true);
}
