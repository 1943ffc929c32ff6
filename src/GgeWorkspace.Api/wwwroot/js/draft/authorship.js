// Who wrote which words, on demand: a toggle colours each paragraph's text by its authorship runs (from the draft read
// with ?authorship=true), titled with each author and delegation, and a legend names every author shown.

import { get } from '../api.js';
import { colorOf, debounce, esc, fail, langAttr } from '../ui.js';
import { memberLabel, tintOf } from './suggestions.js';
import { showText } from './paragraph.js';

export function authorshipToggleHtml() {
  return `<div class="authorship-tools">
      <button type="button" data-do="authorship" aria-pressed="false">Colour the text by author</button>
      <div class="authorship-legend" hidden></div>
    </div>`;
}

export function wireAuthorship(room, root) {
  const toggle = root.querySelector('[data-do=authorship]');
  room.authorship = { on: false, runs: new Map(), stale: new Set() };
  room.authorship.refetch = debounce(() => refetchStale(room).catch(() => {}), 400);
  toggle.onclick = async () => {
    const on = !room.authorship.on;
    toggle.disabled = true;
    try {
      if (on) await loadAll(room);
      room.authorship.on = on;
      toggle.setAttribute('aria-pressed', String(on));
      toggle.textContent = on ? 'Plain text (no authors)' : 'Colour the text by author';
      for (const id of room.paragraphs.keys()) showText(room, id);
      renderLegend(room, root.querySelector('.authorship-legend'));
    } catch (err) { fail(err); } finally { toggle.disabled = false; }
  };
  room.authorship.legend = () => renderLegend(room, root.querySelector('.authorship-legend'));
}

async function loadAll(room) {
  const view = await get(`${room.d}?authorship=true`);
  (function walk(sections) {
    for (const s of sections) {
      for (const p of s.paragraphs) room.authorship.runs.set(p.id, { runs: p.authorship ?? [], textVersion: p.textVersion });
      walk(s.subSections);
    }
  })(view.sections);
}

async function refetchStale(room) {
  const ids = [...room.authorship.stale];
  room.authorship.stale.clear();
  for (const id of ids) {
    const p = await get(`${room.d}/paragraphs/${id}`);
    room.authorship.runs.set(id, { runs: p.authorship ?? [], textVersion: p.textVersion });
    if (room.authorship.on) showText(room, id);
  }
  room.authorship.legend?.();
}

/**
 * The paragraph's text coloured by author when authorship is shown, else null. Runs read for an older text than the
 * paragraph now shows are used as far as they go and read again shortly.
 */
export function authorshipHtml(room, paragraphId, text) {
  const a = room.authorship;
  if (!a?.on) return null;
  const known = a.runs.get(paragraphId);
  const doc = room.docs.get(paragraphId);
  // Read again once the service is ahead of the runs held (not while this tab's own edits wait: their runs follow).
  if (!known || (doc?.synchronized && known.textVersion < doc.version)) { a.stale.add(paragraphId); a.refetch(); }
  const chars = Array.from(text);
  // Brackets keep their marks among the colours (the list under the paragraph says who holds them).
  const brackets = (room.paragraphs.get(paragraphId)?.brackets ?? []).filter((b) => b.end > b.start);
  const mark = (p) => {
    const m = ']'.repeat(brackets.filter((b) => b.end === p).length) + '['.repeat(brackets.filter((b) => b.start === p).length);
    return m ? `<span class="bmark" aria-hidden="true">${m}</span>` : '';
  };
  const piece = (from, to) => chars.slice(from, to).map((c, i) => (i > 0 ? mark(from + i) : '') + esc(c)).join('');
  let html = '';
  let at = 0;
  for (const run of joined(known?.runs ?? [])) {
    if (run.start >= chars.length) break;
    if (run.start > at) html += mark(at) + piece(at, run.start);
    const from = Math.max(at, run.start);
    const end = Math.min(chars.length, run.start + run.length);
    const who = memberLabel(room, run.authorSub, run.authorState);
    // The name has a direction of its own: the paragraph's (dir="auto") still follows its text, not the name.
    html += `${mark(from)}<span class="author" data-author="${esc(run.authorSub)}" style="--who:${colorOf(run.authorSub)};--tint:${tintOf(run.authorSub)}" title="Written by ${esc(who)}"><span class="visually-hidden" dir="auto">${esc(who)} wrote: </span>${piece(from, end)}</span>`;
    at = end;
  }
  if (at < chars.length) html += mark(at) + piece(at, chars.length);
  return html + mark(chars.length);
}

/** Runs of one author next to each other read as one (the service keeps them apart when written at different times). */
function joined(runs) {
  const result = [];
  for (const r of [...runs].sort((a, b) => a.start - b.start)) {
    const last = result[result.length - 1];
    if (last && last.authorSub === r.authorSub && last.authorState === r.authorState && last.start + last.length === r.start) last.length += r.length;
    else result.push({ ...r });
  }
  return result;
}

function renderLegend(room, legend) {
  const a = room.authorship;
  legend.hidden = !a.on;
  if (!a.on) { legend.innerHTML = ''; return; }
  const authors = new Map();
  for (const { runs } of a.runs.values()) for (const r of runs) if (!authors.has(r.authorSub)) authors.set(r.authorSub, r.authorState);
  legend.innerHTML = `<p class="legend-title" id="authors-heading">Authors</p>
    <ul aria-labelledby="authors-heading">${[...authors].map(([sub, state]) => `<li data-author="${esc(sub)}"><span class="swatch" style="--who:${colorOf(sub)}" aria-hidden="true"></span><span${langAttr(room.names[sub])}>${esc(memberLabel(room, sub, state))}</span></li>`).join('') || '<li class="muted">No text yet.</li>'}</ul>`;
}
