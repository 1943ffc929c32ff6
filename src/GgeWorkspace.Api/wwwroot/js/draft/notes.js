// Edits the service refused: taken out of the text, kept in a note for their author to copy or propose.

import { announce, esc, langAttr } from '../ui.js';
import { paragraphElement } from './paragraph.js';
import { openPanel } from './panels.js';

/** The service speaks a newer live-editing protocol than this page: edits are refused until the page is reloaded. */
export function askToReload(room) {
  if (room.main.querySelector('.reload-banner')) return;
  const banner = document.createElement('div');
  banner.className = 'reload-banner';
  banner.setAttribute('role', 'alert');
  banner.innerHTML = '<p>This page is out of date: the service was updated. Reload the page to keep editing (refused edits are kept in their notes until then).</p><button type="button">Reload the page</button>';
  banner.querySelector('button').onclick = () => location.reload();
  room.main.prepend(banner);
}

/** The service refused pending edits: they are already out of the text; keep them in a note the author can use. */
export function refused(room, doc, refusal) {
  const list = room.notApplied.get(doc.paragraphId) ?? [];
  list.push({ ...refusal, id: String(++room.notesMade) });
  room.notApplied.set(doc.paragraphId, list);
  renderNotes(room, doc.paragraphId);
  announce(`Not applied: ${refusal.message}`, true);
}

/** The refused change as a small redline over the text it applied to. */
function changeHtml(base, op) {
  const chars = Array.from(base);
  let at = 0;
  let html = '';
  for (const c of op) {
    if (typeof c === 'string') html += `<ins>${esc(c)}</ins>`;
    else if (c < 0) { html += `<del>${esc(chars.slice(at, at - c).join(''))}</del>`; at -= c; }
    else {
      const kept = chars.slice(at, at + c);
      html += esc(kept.length > 40 ? `${kept.slice(0, 18).join('')} … ${kept.slice(-18).join('')}` : kept.join(''));
      at += c;
    }
  }
  return html;
}

export function renderNotes(room, paragraphId) {
  const box = paragraphElement(room, paragraphId)?.querySelector('.not-applied-notes');
  if (!box) return;
  const list = room.notApplied.get(paragraphId) ?? [];
  box.innerHTML = list.map((n) => `<section class="not-applied" data-note-id="${esc(n.id)}" aria-label="Not applied">
      <h3>Not applied</h3>
      <p class="reason" dir="auto">${esc(n.message)}</p>
      <p class="change" dir="auto"${langAttr(n.text)}>${changeHtml(n.base, n.operation)}</p>
      <label>Your text of the paragraph <textarea class="refused-text" rows="3" readonly dir="auto"${langAttr(n.text)}>${esc(n.text)}</textarea></label>
      <div class="note-actions">
        <button type="button" data-note="copy">Copy</button>
        ${room.group.myRole === 'Expert' ? '<button type="button" data-note="propose">Propose as amendment</button>' : ''}
        <button type="button" data-note="dismiss">Dismiss</button>
      </div></section>`).join('');
  for (const section of box.querySelectorAll('.not-applied')) {
    const note = list.find((n) => n.id === section.dataset.noteId);
    section.querySelector('[data-note=copy]').onclick = async () => {
      const area = section.querySelector('.refused-text');
      area.select();
      try { await navigator.clipboard.writeText(note.text); announce('Copied.'); } catch { announce('Selected: copy it with Ctrl+C.'); }
    };
    const propose = section.querySelector('[data-note=propose]');
    if (propose) propose.onclick = () => { room.openPanels.delete(paragraphId); openPanel(room, paragraphId, 'propose', false, { text: note.text, baseTextVersion: note.version }); };
    section.querySelector('[data-note=dismiss]').onclick = () => {
      room.notApplied.set(paragraphId, (room.notApplied.get(paragraphId) ?? []).filter((n) => n.id !== note.id));
      renderNotes(room, paragraphId);
    };
  }
}
