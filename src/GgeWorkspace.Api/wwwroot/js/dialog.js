// One way to ask a person something: a native <dialog> with labelled fields, errors beside their field, and the
// focus taken in and given back. Nothing typed is lost when the service refuses: the dialog stays open with it.

import { ApiError } from './api.js';
import { esc, langAttr } from './ui.js';

let dialogs = 0;

/** Field errors of a problem document (camelCase keys), shown beside the fields of a form; the rest as one message. */
export function showProblem(form, error, messageBox) {
  for (const old of form.querySelectorAll('.field-error')) { old.hidden = true; old.textContent = ''; }
  for (const field of form.querySelectorAll('[aria-invalid]')) field.removeAttribute('aria-invalid');
  const errors = error instanceof ApiError ? error.problem?.errors ?? {} : {};
  const unplaced = [];
  let first = null;
  for (const [key, messages] of Object.entries(errors)) {
    const field = [...form.elements].find((el) => el.name && el.name.toLowerCase() === key.toLowerCase());
    const text = [].concat(messages).join(' ');
    if (!field) { unplaced.push(text); continue; }
    let box = form.querySelector(`#${field.id}-error`);
    if (!box) {
      box = document.createElement('p');
      box.className = 'field-error';
      box.id = `${field.id || `f${++dialogs}`}-error`;
      if (!field.id) field.id = box.id.replace(/-error$/, '');
      field.after(box);
    }
    box.textContent = text;
    box.hidden = false;
    field.setAttribute('aria-invalid', 'true');
    field.setAttribute('aria-describedby', box.id);
    first ??= field;
  }
  const general = unplaced.length ? unplaced.join(' ') : Object.keys(errors).length ? '' : error.message;
  if (messageBox) { messageBox.textContent = general; messageBox.hidden = !general; }
  first?.focus();
  return general;
}

/** Clears what showProblem showed. */
export function clearProblem(form, messageBox) {
  for (const old of form.querySelectorAll('.field-error')) { old.hidden = true; old.textContent = ''; }
  for (const field of form.querySelectorAll('[aria-invalid]')) field.removeAttribute('aria-invalid');
  if (messageBox) { messageBox.textContent = ''; messageBox.hidden = true; }
}

function fieldHtml(id, f) {
  const required = f.required ? ' required' : '';
  const value = f.value ?? '';
  const control = f.type === 'textarea'
    ? `<textarea id="${id}" name="${esc(f.name)}" rows="${f.rows ?? 3}" dir="auto"${required}${langAttr(value)}>${esc(value)}</textarea>`
    : f.type === 'select'
      ? `<select id="${id}" name="${esc(f.name)}"${required}>${f.options.map((o) => `<option value="${esc(o.value)}"${o.value === value ? ' selected' : ''}>${esc(o.label)}</option>`).join('')}</select>`
      : `<input id="${id}" name="${esc(f.name)}" type="${esc(f.type ?? 'text')}" value="${esc(value)}" dir="auto"${required}${f.min ? ` min="${esc(f.min)}"` : ''}${f.step ? ` step="${esc(f.step)}"` : ''}>`;
  const hint = f.hint ? `<p class="hint" id="${id}-hint">${esc(f.hint)}</p>` : '';
  return `<div class="field"><label for="${id}">${esc(f.label)}${f.required ? '' : ' <span class="muted">(optional)</span>'}</label>${hint}${control}</div>`;
}

/**
 * Asks in a modal dialog. fields: [{ name, label, type ('text', 'textarea', 'select', 'datetime-local', ...), required,
 * value, options: [{ value, label }], hint }]. With submit(values) the action runs from the dialog, its button disabled
 * while in flight; a refusal is shown in the dialog (field errors beside their field) and the dialog stays open with
 * what was typed. Resolves with submit's result (or the values without submit), or null when cancelled.
 */
export function ask({ title, message = '', fields = [], confirm = 'OK', cancel = 'Cancel', submit = null, danger = false }) {
  const n = ++dialogs;
  const dialog = document.createElement('dialog');
  dialog.className = 'ask';
  dialog.setAttribute('aria-labelledby', `ask-${n}-title`);
  dialog.innerHTML = `<form method="dialog" novalidate>
      <h2 id="ask-${n}-title">${esc(title)}</h2>
      ${message ? `<p class="ask-message" dir="auto">${esc(message)}</p>` : ''}
      ${fields.map((f) => fieldHtml(`ask-${n}-${f.name}`, f)).join('')}
      <p class="form-error" role="alert" hidden></p>
      <div class="dialog-actions">
        <button type="button" data-answer="cancel">${esc(cancel)}</button>
        <button type="submit" class="primary${danger ? ' danger' : ''}" data-answer="confirm">${esc(confirm)}</button>
      </div></form>`;
  const opener = document.activeElement;
  document.body.append(dialog);
  const form = dialog.querySelector('form');
  const messageBox = form.querySelector('.form-error');
  const confirmButton = form.querySelector('[data-answer=confirm]');
  return new Promise((resolve) => {
    let busy = false;
    const finish = (result) => {
      dialog.close();
      dialog.remove();
      if (opener?.isConnected) opener.focus();
      resolve(result);
    };
    form.querySelector('[data-answer=cancel]').onclick = () => { if (!busy) finish(null); };
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); if (!busy) finish(null); });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (busy) return;
      clearProblem(form, messageBox);
      const missing = fields.filter((f) => f.required && !String(form.elements[f.name].value).trim());
      if (missing.length) {
        showProblem(form, new ApiError(400, { errors: Object.fromEntries(missing.map((f) => [f.name, [`${f.label} is required.`]])) }), messageBox);
        return;
      }
      const values = Object.fromEntries(fields.map((f) => [f.name, String(form.elements[f.name].value).trim()]));
      if (!submit) { finish(values); return; }
      busy = true;
      confirmButton.disabled = true;
      try {
        const result = await submit(values);
        finish(result ?? values);
      } catch (error) {
        showProblem(form, error, messageBox);
      } finally {
        busy = false;
        confirmButton.disabled = false;
      }
    });
    dialog.showModal();
    (form.querySelector('input, textarea, select') ?? confirmButton).focus();
  });
}

/** A yes-or-no question; resolves true when confirmed. */
export async function confirmAction(options) {
  return (await ask({ ...options, fields: [] })) !== null;
}
