// Brackets from the paragraph: the form that brackets words for valid holders, and a holder's withdrawal or the
// Chair's and Secretariat's cleaning from the bracket's details (see ../brackets.js for the markup).

import { act } from '../api.js';
import { ask, confirmAction } from '../dialog.js';
import { announce, onSubmit } from '../ui.js';
import { bracketFormHtml, holderName, spanOf } from '../brackets.js';

/** Brackets the first occurrence of the words given, at the text version this page holds, for valid holders only. */
export function renderBracketForm(room, paragraphId, panel) {
  panel.innerHTML = bracketFormHtml(paragraphId, room.holding);
  const form = panel.querySelector('form');
  onSubmit(form, async (f) => {
    const doc = room.docs.get(paragraphId);
    const span = spanOf(doc.text, f.get('words'));
    if (!span) throw new Error('Those words are not in the paragraph.');
    const holders = room.holding.role === 'Expert' ? [room.holding.own] : f.getAll('holders');
    await act(`bracket:${paragraphId}:${span.start}:${span.end}`, 'POST', `${room.d}/paragraphs/${paragraphId}/brackets`,
      { ...span, textVersion: doc.version, kind: f.get('kind'), holders, reason: f.get('reason') || null });
    announce('Text bracketed.');
    room.openPanels.delete(paragraphId);
    await room.refresh();
  });
}

/** A button of a bracket's details: clean it (Chair, Secretariat), or withdraw a holder (an Expert their own; others with a reason). */
export async function changeBracket(room, paragraphId, button) {
  const p = room.paragraphs.get(paragraphId);
  const bracketId = button.closest('[data-bracket-id]').dataset.bracketId;
  const path = `${room.d}/paragraphs/${paragraphId}/brackets/${bracketId}`;
  if (button.dataset.bracketDo === 'clean') {
    if (!await confirmAction({ title: 'Clean the bracket?', message: 'The words stay; the bracket around them is removed.', confirm: 'Clean bracket' })) return;
    await act(`bracket:${bracketId}:clean`, 'DELETE', path, undefined, { 'If-Match': `"${p.negotiationVersion}"` });
    announce('Bracket cleaned.');
  } else if (button.dataset.holder) {
    const holder = button.dataset.holder;
    const done = await ask({
      title: `Record the withdrawal of ${holderName(holder, room.holding.delegations)}`,
      fields: [{ name: 'reason', label: 'Reason', required: true }], confirm: 'Record withdrawal',
      submit: (v) => act(`bracket:${bracketId}:withdraw:${holder}`, 'POST', `${path}/withdraw`, { holder, reason: v.reason }),
    });
    if (done === null) return;
    announce('Withdrawal recorded.');
  } else {
    await act(`bracket:${bracketId}:withdraw:${room.holding.own}`, 'POST', `${path}/withdraw`, { holder: null, reason: null });
    announce('Withdrawn from the bracket.');
  }
  await room.refresh();
}
