// Input methods (Chinese pinyin, Japanese kana, Korean hangul): what is being composed is not text yet, so nothing is
// sent until the composition ends. Other people's operations arriving meanwhile reach the paragraph's document at once
// but the editor's field only at compositionend, since writing the field would cancel the writer's composition; the
// composed text is then sent as one operation over them.

import { compose, cpIndex, diff, transform, transformPosition, utf16Index } from '../ot.js';

/** The editor's field starts a composition: remember the text it shows, which the composed text will change. */
export function compositionStarted(editing) {
  editing.composing = true;
  editing.shown = editing.textarea.value;
  editing.deferred = []; // the document's changes since `shown`; null once the whole text was replaced
}

/** A change of the document while composing: kept for compositionend instead of written into the field. */
export function deferRemote(editing, remote) {
  if (remote === null || editing.deferred === null) editing.deferred = null;
  else editing.deferred.push(remote);
}

/**
 * The composition ended: the composed text as one operation on the document's text now (over what arrived meanwhile),
 * and where the writer's caret is in it. Answers { op, caret } in code points of the document's text after op.
 */
export function composedEdit(editing, docText) {
  editing.composing = false;
  const ta = editing.textarea;
  const local = diff(editing.shown, ta.value);
  const caretThere = cpIndex(ta.value, ta.selectionEnd);
  const arrived = editing.deferred === null ? diff(editing.shown, docText)
    : editing.deferred.length ? editing.deferred.reduce((a, b) => compose(a, b)) : null;
  editing.deferred = [];
  if (arrived === null) return { op: local, caret: caretThere };
  // The remote change went first on the server: the composed text goes over it, and the caret follows.
  const op = transform(local, arrived, 'other');
  const caret = transformPosition(caretThere, transform(arrived, local, 'this'), false);
  return { op, caret };
}

/** Places the caret (code points) in the editor's field after it was written. */
export function placeCaret(textarea, caret) {
  const at = utf16Index(textarea.value, caret);
  textarea.setSelectionRange(at, at);
}
