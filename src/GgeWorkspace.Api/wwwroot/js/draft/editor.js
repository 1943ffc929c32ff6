// The live editor of one paragraph: a textarea over a mirror showing brackets and other people's carets.

import { cpIndex, utf16Index, diff, transformPosition } from '../ot.js';
import { fail } from '../ui.js';
import { paragraphElement, showText } from './paragraph.js';
import { composedEdit, compositionStarted, deferRemote, placeCaret } from './composition.js';

const baseLen = (op) => op.reduce((n, c) => n + (typeof c === 'string' ? 0 : Math.abs(c)), 0);

export function fitHeight(ta) {
  ta.style.height = 'auto';
  ta.style.height = `${ta.scrollHeight}px`;
}

/** Someone else's operation (or, with null, a whole new text) reached the paragraph: brackets, carets and selection follow. */
export function remoteApplied(room, doc, remote) {
  const { editing } = room;
  const composing = editing?.composing && editing.id === doc.paragraphId;
  if (composing) deferRemote(editing, remote);
  if (remote === null) {
    if (editing?.id === doc.paragraphId && !composing && editing.textarea.value !== doc.text) { editing.textarea.value = doc.text; fitHeight(editing.textarea); }
    showText(room, doc.paragraphId);
    return;
  }
  const p = room.paragraphs.get(doc.paragraphId);
  if (p) {
    p.brackets = (p.brackets ?? []).map((b) => ({ ...b, start: transformPosition(Math.min(b.start, baseLen(remote)), remote, true), end: transformPosition(Math.min(b.end, baseLen(remote)), remote, false) }));
  }
  for (const e of room.presence.values()) {
    if (e.paragraphId === doc.paragraphId && e.caret !== null && e.caret !== undefined && e.caret <= baseLen(remote)) e.caret = transformPosition(e.caret, remote, false);
  }
  if (editing?.id === doc.paragraphId && !composing) {
    const ta = editing.textarea;
    const old = ta.value;
    const start = transformPosition(Math.min(cpIndex(old, ta.selectionStart), baseLen(remote)), remote, false);
    const end = transformPosition(Math.min(cpIndex(old, ta.selectionEnd), baseLen(remote)), remote, false);
    ta.value = doc.text;
    ta.setSelectionRange(utf16Index(doc.text, start), utf16Index(doc.text, end));
    fitHeight(ta);
  }
  showText(room, doc.paragraphId);
}

export function openEditor(room, paragraphId, focus = true) {
  if (room.editing?.id === paragraphId) return;
  if (room.editing) closeEditor(room);
  const el = paragraphElement(room, paragraphId);
  const doc = room.docs.get(paragraphId);
  if (!el || !doc) return;
  const bodyEl = el.querySelector('.para-body');
  bodyEl.innerHTML = `<div class="editor"><div class="mirror" dir="auto" aria-hidden="true"></div>
    <label class="visually-hidden" for="ed-${paragraphId}">Text of paragraph ${room.paragraphs.get(paragraphId)?.number ?? ''}</label>
    <textarea id="ed-${paragraphId}" class="live-editor" dir="auto" spellcheck="true"></textarea></div>`;
  const textarea = bodyEl.querySelector('textarea');
  const mirror = bodyEl.querySelector('.mirror');
  textarea.value = doc.text;
  room.editing = { id: paragraphId, textarea, mirror };
  el.classList.add('editing');
  const editButton = el.querySelector('[data-act="edit"]');
  if (editButton) editButton.textContent = 'Done';
  textarea.addEventListener('compositionstart', () => compositionStarted(room.editing));
  textarea.addEventListener('compositionend', () => {
    if (room.editing?.textarea !== textarea) return;
    const { op, caret } = composedEdit(room.editing, doc.text);
    try { doc.edit(op); } catch (err) { fail(err); }
    if (textarea.value !== doc.text) { textarea.value = doc.text; placeCaret(textarea, caret); }
    fitHeight(textarea);
    showText(room, paragraphId);
    sendPresence(room, true);
  });
  textarea.addEventListener('input', (e) => {
    if (e.isComposing || room.editing?.composing) { fitHeight(textarea); return; }
    if (textarea.value === doc.text) return;
    const op = diff(doc.text, textarea.value);
    try { doc.edit(op); } catch (err) { fail(err); textarea.value = doc.text; }
    fitHeight(textarea);
    showText(room, paragraphId);
    sendPresence(room, true);
  });
  const caretMoved = () => sendPresence(room, false);
  textarea.addEventListener('keyup', caretMoved);
  textarea.addEventListener('click', caretMoved);
  textarea.addEventListener('focus', caretMoved);
  textarea.addEventListener('select', caretMoved);
  textarea.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !e.isComposing) { closeEditor(room); el.querySelector('[data-act="edit"]')?.focus(); } });
  showText(room, paragraphId);
  fitHeight(textarea);
  if (focus) textarea.focus();
  sendPresence(room, false);
}

export function closeEditor(room) {
  if (!room.editing) return;
  const id = room.editing.id;
  const el = paragraphElement(room, id);
  room.editing = null;
  if (el) {
    el.classList.remove('editing');
    el.querySelector('.para-body').innerHTML = '<p class="para-text" dir="auto"></p>';
    const editButton = el.querySelector('[data-act="edit"]');
    if (editButton) editButton.textContent = 'Edit';
  }
  showText(room, id);
  room.hub.invoke('UpdatePresence', { groupId: room.groupId, draftId: room.draftId, paragraphId: null, caret: null, selectionEnd: null, typing: false }).catch(() => {});
}

/** Tells the others where this member's caret is (and whether they are typing), once per change. */
export function sendPresence(room, typing) {
  if (!room.editing || room.editing.composing) return;
  const ta = room.editing.textarea;
  const caret = cpIndex(ta.value, ta.selectionStart);
  const selectionEnd = cpIndex(ta.value, ta.selectionEnd);
  const key = `${room.editing.id}:${caret}:${selectionEnd}:${typing}`;
  if (key === room.lastPresence) return;
  room.lastPresence = key;
  room.hub.invoke('UpdatePresence', { groupId: room.groupId, draftId: room.draftId, paragraphId: room.editing.id, caret, selectionEnd: selectionEnd === caret ? null : selectionEnd, typing }).catch(() => {});
}
