// Live co-editing of a translation over the drafting hub, as the working text's editor does: a translation is a text of
// its own (its id names it), each keystroke an operation that names the working text version its translator was
// reading, so the translation is current as of that text once the operation commits.

import { LiveDraft } from '../live-editing.js';
import { cpIndex, diff, transformPosition, utf16Index } from '../ot.js';
import { announce, colorOf, esc, langAttr } from '../ui.js';
import { fitHeight } from './editor.js';

const baseLen = (op) => op.reduce((n, c) => n + (typeof c === 'string' ? 0 : Math.abs(c)), 0);

/** The live translations of a draft; onSaved(doc) after the service acknowledged an edit, onRefused(doc, refusal) after it refused one. */
export function translationDocs(room, { onSaved, onRefused }) {
  const editors = new Map(); // translation id -> textarea
  const docs = new LiveDraft({
    hub: room.hub, groupId: room.groupId, draftId: room.draftId, authorSub: room.me.sub,
    onText: (doc, op) => {
      const ta = editors.get(doc.paragraphId);
      if (!ta?.isConnected || ta.value === doc.text) return;
      const limit = op ? baseLen(op) : 0;
      const at = (i, after) => (op ? transformPosition(Math.min(cpIndex(ta.value, i), limit), op, after) : cpIndex(doc.text, Math.min(i, doc.text.length)));
      const start = at(ta.selectionStart, false);
      const end = at(ta.selectionEnd, false);
      ta.value = doc.text;
      ta.setSelectionRange(utf16Index(doc.text, start), utf16Index(doc.text, end));
      fitHeight(ta);
    },
    onRefused, onSaved,
    onTrouble: (message) => announce(message, true),
    onOutdated: () => announce('The service speaks a newer version of live editing: reload the page to keep editing.', true),
  });

  let lastPresence = '';
  /** Tells the others where the caret is in the translation (and its language), once per change; null when leaving it. */
  const presence = (t, textarea, typing) => {
    const caret = textarea ? cpIndex(textarea.value, textarea.selectionStart) : null;
    const selectionEnd = textarea ? cpIndex(textarea.value, textarea.selectionEnd) : null;
    const key = `${t.id}:${caret}:${selectionEnd}:${typing}`;
    if (key === lastPresence) return;
    lastPresence = key;
    room.hub.invoke('UpdatePresence', {
      groupId: room.groupId, draftId: room.draftId, paragraphId: textarea ? t.id : null, caret,
      selectionEnd: selectionEnd === caret ? null : selectionEnd, typing, language: textarea ? t.language : null,
    }).catch(() => {});
  };

  return {
    docs,
    /** Binds a textarea to translation view t: what is typed is sent at once, what others type appears in it. */
    open(t, textarea) {
      const doc = docs.docFor(t.id, t.text ?? '', t.textVersion);
      if (t.textVersion > doc.version && doc.synchronized) doc.reset(t.text ?? '', t.textVersion);
      doc.sourceTextVersion = t.workingTextVersion;
      editors.set(t.id, textarea);
      textarea.value = doc.text;
      textarea.addEventListener('input', () => {
        if (textarea.value === doc.text) return;
        try { doc.edit(diff(doc.text, textarea.value)); } catch (err) { announce(err.message, true); textarea.value = doc.text; }
        fitHeight(textarea);
        presence(t, textarea, true);
      });
      for (const e of ['keyup', 'click', 'focus', 'select']) textarea.addEventListener(e, () => presence(t, textarea, false));
      fitHeight(textarea);
    },
    close(t) { editors.delete(t.id); presence(t, null, false); },
    receive: (id, operations) => docs.receive(id, operations),
  };
}

/** Who is in a translation now (presence entries naming its text id), as the working text's presence list shows them. */
export function presenceHtml(room, translationId) {
  const here = [...room.presence.values()].filter((e) => e.paragraphId === translationId);
  return here.length
    ? `<span class="visually-hidden">Here now:</span>${[...new Map(here.map((e) => [e.sub, e])).values()].map((e) => `<span class="who" data-sub="${esc(e.sub)}" style="--who:${colorOf(e.sub)}"${langAttr(e.displayName)}>${esc(e.displayName)}${e.state === 'Typing' ? ' ✎' : ''}</span>`).join('')}`
    : '';
}
