// The draft's structure: a new paragraph typed in place and created with its first text; moving and deleting
// paragraphs and sections (the Chair and the Secretariat).

import { act, api } from '../api.js';
import { confirmAction } from '../dialog.js';
import { announce, esc, onSubmit } from '../ui.js';
import { openEditor } from './editor.js';
import { paragraphElement } from './paragraph.js';

const keyOf = (sectionId, afterParagraphId) => `paragraph:${sectionId}:${afterParagraphId ?? 'first'}`;

/** Opens (or focuses) the field for a new paragraph after afterParagraphId, or first in its section. */
export function addParagraph(room, sectionId, afterParagraphId) {
  const key = keyOf(sectionId, afterParagraphId);
  if (!room.newParagraphs.has(key)) room.newParagraphs.set(key, { sectionId, afterParagraphId, text: '' });
  placeNewParagraph(room, key);
  room.body.querySelector(`form.new-paragraph[data-key="${key}"] textarea`)?.focus();
}

/** Puts back the fields for new paragraphs after the draft was rendered again, with what was typed in them. */
export function placeNewParagraphs(room) {
  for (const key of room.newParagraphs.keys()) placeNewParagraph(room, key);
}

function placeNewParagraph(room, key) {
  const pending = room.newParagraphs.get(key);
  if (room.body.querySelector(`form.new-paragraph[data-key="${key}"]`)) return;
  const after = pending.afterParagraphId ? paragraphElement(room, pending.afterParagraphId) : null;
  const section = room.body.querySelector(`#s-${pending.sectionId}`);
  if (!after && !section) { room.newParagraphs.delete(key); return; }
  const id = `np-${key.replace(/[^0-9a-f]/g, '').slice(-24)}`;
  const form = document.createElement('form');
  form.className = 'new-paragraph';
  form.dataset.key = key;
  form.innerHTML = `<label for="${id}">Text of the new paragraph</label>
    <textarea id="${id}" name="text" rows="3" dir="auto" required>${esc(pending.text)}</textarea>
    <div class="form-actions"><button type="submit">Add the paragraph</button><button type="button" data-do="cancel">Cancel</button></div>`;
  const addFirst = section?.querySelector(':scope > .add-first');
  if (after) after.after(form);
  else if (addFirst) addFirst.replaceWith(form);
  else section.firstElementChild.after(form);
  const textarea = form.querySelector('textarea');
  textarea.addEventListener('input', () => { pending.text = textarea.value; });
  form.querySelector('[data-do=cancel]').onclick = () => { room.newParagraphs.delete(key); room.reRender(); };
  onSubmit(form, async (f) => {
    const text = String(f.get('text') ?? '').trim();
    const r = await act(key, 'POST', `${room.d}/paragraphs`, { sectionId: pending.sectionId, text, afterParagraphId: pending.afterParagraphId, first: pending.afterParagraphId ? null : true });
    room.newParagraphs.delete(key);
    form.remove();
    await room.refresh();
    openEditor(room, r.data.id, true);
  });
}

/** The paragraphs of a section in order, as the draft view lists them. */
function sectionOf(room, sectionId) {
  let found = null;
  (function walk(sections) { for (const s of sections) { if (s.id === sectionId) found = s; walk(s.subSections); } })(room.draft.sections);
  return found;
}

/** Moves a paragraph one place up or down in its section; numbers follow, its id stays. */
export async function moveParagraph(room, paragraphId, by) {
  const p = room.paragraphs.get(paragraphId);
  const list = sectionOf(room, p.sectionId).paragraphs.map((x) => x.id);
  const at = list.indexOf(paragraphId);
  const to = at + by;
  if (to < 0 || to >= list.length) return;
  const rest = list.filter((x) => x !== paragraphId);
  const afterParagraphId = to === 0 ? null : rest[to - 1];
  const version = (await api('GET', room.d)).data.version;
  await act(`move:${paragraphId}`, 'POST', `${room.d}/paragraphs/${paragraphId}/move`,
    { sectionId: p.sectionId, afterParagraphId, first: afterParagraphId ? null : true }, { 'If-Match': `"${version}"` });
  announce(`Paragraph moved ${by < 0 ? 'up' : 'down'}.`);
  await room.refresh();
}

/** Moves a section one place up or down among its siblings. */
export async function moveSection(room, sectionId, by) {
  let siblings = null;
  let parent = null;
  (function walk(sections, owner) {
    for (const s of sections) { if (s.id === sectionId) { siblings = sections; parent = owner; } walk(s.subSections, s.id); }
  })(room.draft.sections, null);
  const list = siblings.map((s) => s.id);
  const to = list.indexOf(sectionId) + by;
  if (to < 0 || to >= list.length) return;
  const rest = list.filter((x) => x !== sectionId);
  const afterSectionId = to === 0 ? null : rest[to - 1];
  const version = (await api('GET', room.d)).data.version;
  await act(`move-section:${sectionId}`, 'POST', `${room.d}/sections/${sectionId}/move`,
    { parentSectionId: parent, afterSectionId, first: afterSectionId ? null : true }, { 'If-Match': `"${version}"` });
  await room.refresh();
}

/** Deletes an empty section after asking. */
export async function deleteSection(room, sectionId) {
  const s = sectionOf(room, sectionId);
  if (!await confirmAction({ title: 'Delete the section?', message: `${s.number} ${s.heading} has no paragraphs; it is taken out of the draft.`, confirm: 'Delete the section', danger: true })) return;
  const version = (await api('GET', room.d)).data.version;
  await act(`delete-section:${sectionId}`, 'DELETE', `${room.d}/sections/${sectionId}`, undefined, { 'If-Match': `"${version}"` });
  announce('Section deleted.');
  await room.refresh();
}
