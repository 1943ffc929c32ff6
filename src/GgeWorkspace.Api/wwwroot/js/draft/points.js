// Points (a), (b) and sub-points (i), (ii) of a paragraph: each is a paragraph of its own (same id routes, live editing,
// panels), shown indented under its paragraph with its letter, and added in place like a new paragraph.

import { act } from '../api.js';
import { esc, onSubmit } from '../ui.js';
import { openEditor } from './editor.js';
import { paragraphElement } from './paragraph.js';

/** Every point and sub-point of a paragraph of the draft view, in order, with what the room needs to show it. */
export function pointsOf(paragraph, sectionId) {
  return (paragraph.points ?? []).flatMap((point) => [
    { ...point, sectionId, paragraphId: paragraph.id, depth: 1 },
    ...(point.subPoints ?? []).map((sub) => ({ ...sub, sectionId, paragraphId: paragraph.id, parentPointId: point.id, depth: 2 })),
  ]);
}

/** Opens the field for a new point of a paragraph, or a new sub-point of a point, after the last one. */
export function addPoint(room, id) {
  const holder = room.paragraphs.get(id);
  const paragraphId = holder.paragraphId ?? id;
  const parentPointId = holder.depth === 1 ? id : null;
  const key = `point:${id}`;
  if (room.body.querySelector(`form.new-point[data-key="${key}"]`)) return;
  const siblings = parentPointId
    ? pointsOf(room.paragraphs.get(paragraphId), holder.sectionId).filter((p) => p.parentPointId === parentPointId)
    : pointsOf(room.paragraphs.get(paragraphId), holder.sectionId).filter((p) => p.depth === 1);
  const last = siblings.at(-1);
  const lastShown = last ? pointsOf(room.paragraphs.get(paragraphId), holder.sectionId).filter((p) => p.id === last.id || p.parentPointId === last.id).at(-1) : null;
  const after = paragraphElement(room, lastShown?.id ?? id);
  const what = parentPointId ? 'sub-point' : 'point';
  const form = document.createElement('form');
  form.className = `new-point depth-${parentPointId ? 2 : 1}`;
  form.dataset.key = key;
  const fieldId = `npt-${id.replace(/[^0-9a-f]/g, '').slice(-24)}`;
  form.innerHTML = `<label for="${fieldId}">Text of the new ${what}</label>
    <textarea id="${fieldId}" name="text" rows="2" dir="auto" required></textarea>
    <div class="form-actions"><button type="submit">Add the ${esc(what)}</button><button type="button" data-do="cancel">Cancel</button></div>`;
  after.after(form);
  form.querySelector('[data-do=cancel]').onclick = () => form.remove();
  onSubmit(form, async (f) => {
    const text = String(f.get('text') ?? '').trim();
    const r = await act(key, 'POST', `${room.d}/paragraphs/${paragraphId}/points`, { text, parentPointId });
    form.remove();
    await room.refresh();
    openEditor(room, r.data.id, true);
  });
  form.querySelector('textarea').focus();
}
