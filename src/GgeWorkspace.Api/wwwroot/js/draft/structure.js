// The draft's structure: adding paragraphs.

import { act } from '../api.js';
import { fail } from '../ui.js';
import { openEditor } from './editor.js';

const adding = new Set();

export async function addParagraph(room, sectionId, afterParagraphId) {
  const key = `paragraph:${sectionId}:${afterParagraphId ?? 'first'}`;
  if (adding.has(key)) return;
  adding.add(key);
  try {
    // A paragraph is created with its text (the service refuses an empty one).
    const text = prompt('Text of the new paragraph')?.trim();
    if (!text) return;
    const r = await act(key, 'POST', `${room.d}/paragraphs`, { sectionId, text, afterParagraphId, first: afterParagraphId ? null : true });
    await room.refresh();
    openEditor(room, r.data.id, true);
  } catch (err) { fail(err); } finally { adding.delete(key); }
}
