// The draft as a whole: exports of every variant and revision, and the Chair's adoption.

import { act, download, get } from '../api.js';
import { ask, confirmAction } from '../dialog.js';
import { announce, esc, fail } from '../ui.js';

const VARIANTS = { clean: 'Clean text', negotiation: 'Negotiation text (brackets, options, statuses)', compilation: 'Compilation of proposals', 'chairs-text': "Chair's text (proposals without attribution)", redline: 'Redline against an earlier revision' };
const FORMATS = { docx: 'Word (DOCX)', akn: 'Akoma Ntoso', md: 'Markdown', html: 'HTML' };

export function exportFormHtml() {
  return `<form id="export-form" class="export" aria-label="Export">
      <label>Format <select name="format">${Object.entries(FORMATS).map(([k, v]) => `<option value="${k}">${v}</option>`).join('')}</select></label>
      <label>Variant <select name="variant">${Object.entries(VARIANTS).map(([k, v]) => `<option value="${k}">${esc(v)}</option>`).join('')}</select></label>
      <label>Version <select name="revision"><option value="">The text now</option></select></label>
      <label class="against" hidden>Against <select name="against"></select></label>
      <button type="submit">Export</button>
    </form>`;
}

/** Fills the revisions into the export form and downloads what is chosen. */
export async function wireExport(room, form) {
  const revisions = await get(`${room.d}/revisions`).catch(() => []);
  const options = revisions.map((r) => `<option value="${r.number}">${esc(r.label)}</option>`).join('');
  form.querySelector('select[name=revision]').insertAdjacentHTML('beforeend', options);
  form.querySelector('select[name=against]').innerHTML = options;
  const variant = form.querySelector('select[name=variant]');
  const against = form.querySelector('.against');
  variant.onchange = () => { against.hidden = variant.value !== 'redline'; };
  if (!revisions.length) variant.querySelector('option[value=redline]').disabled = true;
  form.onsubmit = async (e) => {
    e.preventDefault();
    const f = new FormData(form);
    const query = new URLSearchParams({ format: f.get('format'), variant: f.get('variant') });
    if (f.get('revision')) query.set('revision', f.get('revision'));
    if (f.get('variant') === 'redline') query.set('against', f.get('against'));
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try { announce(`Downloaded ${await download(`${room.d}/export?${query}`)}`); } catch (err) { fail(err); } finally { button.disabled = false; }
  };
}

/** The Chair adopts the draft once every paragraph is agreed; it becomes read-only. */
export async function adopt(room) {
  const adoption = await get(`${room.d}/adoption`);
  if (adoption.isAdopted) { announce('This draft is adopted already.'); return; }
  const r = adoption.readiness;
  if (!r.isReady) {
    await ask({ title: 'Not ready for adoption', message: `${r.agreedParagraphs} of ${r.remainingParagraphs} paragraphs are agreed. Not agreed yet: ${(r.notAgreed ?? []).map((x) => x.number ?? x).join(', ')}.`, confirm: 'Close', cancel: 'Back' });
    return;
  }
  if (!await confirmAction({ title: `Adopt ${room.draft.title}?`, message: `All ${r.agreedParagraphs} paragraphs are agreed. Once adopted the draft is read-only.`, confirm: 'Adopt' })) return;
  await act(`adopt:${room.draftId}`, 'POST', `${room.d}/adopt`);
  announce('Adopted.');
  await room.refresh();
}
