// The drafting room by keyboard: "g" asks for a paragraph's number and takes the focus there (the page's help says so).

import { ApiError } from '../api.js';
import { ask } from '../dialog.js';
import { paragraphElement } from './paragraph.js';

const writing = (el) => el?.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el?.tagName);

export const HELP_HTML = `<details class="help"><summary>Keyboard shortcuts</summary><dl>
  <div><dt><kbd>g</kbd></dt><dd>Go to a paragraph by its number (anywhere outside a text field)</dd></div>
  <div><dt><kbd>Escape</kbd></dt><dd>Leave the paragraph being edited, back to its Edit button</dd></div>
  <div><dt><kbd>Tab</kbd></dt><dd>Every control says what it does and to which paragraph, e.g. "Edit paragraph 5"</dd></div>
  </dl></details>`;

/** Listens for the shortcuts while the drafting room is open; answers the function that stops listening. */
export function listenForShortcuts(room) {
  const onKey = (e) => {
    if (e.key !== 'g' || e.ctrlKey || e.metaKey || e.altKey || e.repeat || writing(e.target) || document.querySelector('dialog[open]')) return;
    e.preventDefault();
    goToParagraph(room);
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}

/** Asks for a paragraph's number and takes the focus to it. */
export async function goToParagraph(room) {
  const found = await ask({
    title: 'Go to paragraph',
    fields: [{ name: 'number', label: 'Paragraph number', type: 'number', required: true, min: '1' }],
    confirm: 'Go',
    submit: async (v) => {
      const p = [...room.paragraphs.values()].find((x) => x.number !== null && String(x.number) === v.number);
      if (!p) throw new ApiError(400, { errors: { number: [`This draft has no paragraph ${v.number}.`] } });
      return p;
    },
  });
  const el = found && paragraphElement(room, found.id);
  if (!el) return;
  el.tabIndex = -1;
  el.scrollIntoView({ block: 'center' });
  el.focus({ preventScroll: true });
}
