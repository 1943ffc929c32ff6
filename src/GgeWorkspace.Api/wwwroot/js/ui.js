// What every view shares: escaping, language marks, labels, the status line and user actions that run once.

import { ApiError } from './api.js';
import { clearProblem, showProblem } from './dialog.js';

export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** lang for a text: Chinese and Arabic are marked so that fonts and shaping are right. */
export function langOf(text) {
  if (/[\u3400-\u9fff\uf900-\ufaff]/.test(text ?? '')) return 'zh-CN';
  if (/[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/.test(text ?? '')) return 'ar';
  if (/[\u0400-\u04ff]/.test(text ?? '')) return 'ru';
  return '';
}

export const langAttr = (text) => (langOf(text) ? ` lang="${langOf(text)}"` : '');

export const STATUS = {
  Proposed: 'Proposed', UnderNegotiation: 'Under negotiation', AgreedAdReferendum: 'Agreed ad ref.',
  Agreed: 'Agreed', Parked: 'Parked', Deleted: 'Deleted',
};

export const POSITION = {
  JoinConsensus: 'Joins consensus', CanLiveWith: 'Can live with it', AwaitingInstructions: 'Awaiting instructions',
  Reservation: 'Reservation', Objection: 'Objection',
};

/** The colours people are shown in (carets, presence, authorship); a name is always shown with its colour. */
export const PALETTE = ['#0b6e99', '#b3261e', '#1e7b34', '#7b3fa0', '#8a5a00', '#c2185b', '#4e5b66', '#e8a317', '#00838f', '#f57c00', '#5c6bc0', '#9ccc65'];

/** The relative luminance of a colour "#rrggbb" (WCAG 2). */
export function luminance(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The text colour that reads best on a background: black or white, whichever contrasts more (always 4.58:1 or more). */
export function inkOn(background) {
  const l = luminance(background);
  return (1.05) / (l + 0.05) >= (l + 0.05) / 0.05 ? '#ffffff' : '#000000';
}

export function colorOf(sub) {
  let h = 0;
  for (const c of sub) h = (h * 31 + c.charCodeAt(0)) % 9973;
  return PALETTE[h % PALETTE.length];
}

/** The style of a person's name tag or caret: their colour (--who) and the text colour on it (--who-ink). */
export const whoStyle = (sub) => `--who:${colorOf(sub)};--who-ink:${inkOn(colorOf(sub))}`;

export function announce(text, isError = false) {
  const statusLine = document.getElementById('status');
  statusLine.textContent = text;
  statusLine.className = isError ? 'status error' : 'status';
  if (text) setTimeout(() => { if (statusLine.textContent === text) statusLine.textContent = ''; }, 6000);
}

export function fail(error) {
  console.error(error);
  announce(error instanceof ApiError || error?.problem !== undefined ? error.message : String(error?.message ?? error), true);
}

/**
 * A form's submit as one user action: a repeat while it runs (a double click) is ignored and its submit button is
 * disabled, and what it sends carries the action's Idempotency-Key (see act), so a retry after a failure is applied
 * once too. A refusal's field errors are shown beside their fields; what was typed stays.
 */
export function onSubmit(form, handler) {
  form.onsubmit = async (e) => {
    e.preventDefault();
    if (form.dataset.busy) return;
    form.dataset.busy = 'true';
    const buttons = [...form.querySelectorAll('button[type=submit]')];
    for (const b of buttons) b.disabled = true;
    clearProblem(form);
    try {
      await handler(new FormData(form));
    } catch (err) {
      if (!showProblem(form, err) && err instanceof ApiError && err.problem?.errors) announce('Please correct the fields shown.', true); else fail(err);
    } finally {
      delete form.dataset.busy;
      for (const b of buttons) b.disabled = false;
    }
  };
}

/** A button's click as one user action (see onSubmit): disabled while it runs. */
export function onPress(button, handler) {
  button.onclick = async (e) => {
    if (button.dataset.busy) return;
    button.dataset.busy = 'true';
    button.disabled = true;
    try { await handler(e); } catch (err) { fail(err); } finally { delete button.dataset.busy; button.disabled = false; }
  };
}

export const h = (html) => { const t = document.createElement('template'); t.innerHTML = html.trim(); return t.content.firstElementChild; };

export function debounce(fn, ms) {
  let timer = null;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

/** A position given on earlier text than the paragraph has now, with the code points inserted and deleted since. */
export function earlierBadge(e) {
  return e ? ` <span class="badge badge-earlier-text" title="Given on text version ${esc(String(e.textVersion))}; the text changed since">on earlier text: +${e.codePointsInserted} −${e.codePointsDeleted}</span>` : '';
}

