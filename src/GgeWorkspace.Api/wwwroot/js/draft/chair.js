// The Chair's controls where the Chair reads the text (and the Secretariat's technical part): status transitions with
// their rules, options, brackets, moving and deleting. Shown only to those roles; the service decides in the end.

import { act, ApiError } from '../api.js';
import { ask, confirmAction } from '../dialog.js';
import { announce, esc } from '../ui.js';
import { cpIndex } from '../ot.js';
import { paragraphElement } from './paragraph.js';
import { placeUnderSilence, runningSilence } from './silence.js';
import { moveParagraph } from './structure.js';

/** The transitions offered from each status: [to, label, who, reason ('required', 'optional' or none)]. */
const TRANSITIONS = {
  Proposed: [['UnderNegotiation', 'Open for negotiation', ['Chair', 'Secretariat']], ['Parked', 'Park', ['Chair'], 'optional'], ['Deleted', 'Delete', ['Chair', 'Secretariat'], 'optional']],
  UnderNegotiation: [['AgreedAdReferendum', 'Agree ad ref.', ['Chair']], ['Agreed', 'Agree', ['Chair']], ['Parked', 'Park', ['Chair'], 'optional'], ['Deleted', 'Delete', ['Chair'], 'optional']],
  AgreedAdReferendum: [['Agreed', 'Agree', ['Chair']], ['UnderNegotiation', 'Reopen', ['Chair'], 'required'], ['Deleted', 'Delete', ['Chair'], 'required']],
  Agreed: [['UnderNegotiation', 'Reopen', ['Chair'], 'required'], ['Deleted', 'Delete', ['Chair'], 'required']],
  Parked: [['UnderNegotiation', 'Resume negotiation', ['Chair']], ['Deleted', 'Delete', ['Chair'], 'optional']],
  Deleted: [],
};

export function renderControls(room, paragraphId) {
  const el = paragraphElement(room, paragraphId)?.querySelector('.chair-controls');
  const p = room.paragraphs.get(paragraphId);
  if (!el || !p) return;
  const role = room.group.myRole;
  const transitions = (TRANSITIONS[p.status] ?? []).filter(([, , who]) => who.includes(role));
  const open = !['Agreed', 'Deleted'].includes(p.status);
  const order = paragraphsOf(room.draft.sections, p.sectionId);
  const at = order.indexOf(p.id);
  el.innerHTML = `${transitions.map(([to, label]) => `<button type="button" data-status="${to}">${esc(label)}</button>`).join('')}
    ${p.status === 'Deleted' && role === 'Chair' ? '<button type="button" data-do="restore">Restore</button>' : ''}
    ${role === 'Chair' && ['UnderNegotiation', 'AgreedAdReferendum'].includes(p.status) && !runningSilence(room, p.id) ? '<button type="button" data-do="silence">Place under silence</button>' : ''}
    ${role === 'Chair' && p.status === 'AgreedAdReferendum' ? '<button type="button" data-do="auto-agree">Agree when holds are lifted</button>' : ''}
    ${open ? '<button type="button" data-do="add-option">Add option</button><button type="button" data-do="bracket">Bracket the selection</button>' : ''}
    ${p.status !== 'Deleted' && at > 0 ? '<button type="button" data-do="up">Move up</button>' : ''}${p.status !== 'Deleted' && at >= 0 && at < order.length - 1 ? '<button type="button" data-do="down">Move down</button>' : ''}
    ${open ? (p.options ?? []).map((o) => `<button type="button" data-remove-option="${o.id}">Remove option ${o.number}</button>`).join('') : ''}`;
  for (const b of el.querySelectorAll('button')) b.onclick = () => run(room, p, b);
}

/** The ids of a section's paragraphs in their order. */
function paragraphsOf(sections, sectionId) {
  for (const s of sections) {
    if (s.id === sectionId) return s.paragraphs.map((x) => x.id);
    const inner = paragraphsOf(s.subSections, sectionId);
    if (inner.length) return inner;
  }
  return [];
}

async function run(room, p, button) {
  if (button.disabled) return;
  button.disabled = true;
  try {
    if (button.dataset.status) await changeStatus(room, p, button.dataset.status, button.textContent);
    else if (button.dataset.removeOption) await removeOption(room, p, button.dataset.removeOption);
    else if (button.dataset.do === 'restore') await restore(room, p);
    else if (button.dataset.do === 'add-option') await addOption(room, p);
    else if (button.dataset.do === 'silence') await placeUnderSilence(room, p);
    else if (button.dataset.do === 'auto-agree') await agreeWhenHoldsLifted(room, p);
    else if (button.dataset.do === 'bracket') await addBracket(room, p);
    else if (button.dataset.do === 'up' || button.dataset.do === 'down') await moveParagraph(room, p.id, button.dataset.do === 'up' ? -1 : 1);
  } catch (err) {
    announce(err.message, true);
  } finally {
    button.disabled = false;
  }
}

const ifMatch = (p) => ({ 'If-Match': `"${p.negotiationVersion}"` });

async function changeStatus(room, p, to, label) {
  const transition = TRANSITIONS[p.status].find(([x]) => x === to);
  const reasonRule = transition?.[3];
  const fields = [];
  if (reasonRule) fields.push({ name: 'reason', label: 'Reason', type: 'textarea', required: reasonRule === 'required', hint: reasonRule === 'required' ? 'Reopening or deleting agreed text needs a reason; it is recorded in the paragraph\'s history.' : '' });
  const options = p.options ?? [];
  if (to === 'Agreed' && options.length > 1) fields.push({ name: 'chosenOptionId', label: 'The option agreed', type: 'select', required: true, options: options.map((o) => ({ value: o.id, label: `Option ${o.number}: ${o.text}` })) });
  const send = (values) => act(`status:${p.id}:${to}`, 'POST', `${room.d}/paragraphs/${p.id}/status`,
    { status: to, reason: values.reason || null, chosenOptionId: values.chosenOptionId || (to === 'Agreed' && options.length === 1 ? options[0].id : null) }, ifMatch(p));
  let done;
  try {
    done = fields.length || to === 'Deleted'
      ? await ask({ title: `${label}: paragraph ${p.number ?? ''}`, fields, confirm: label, danger: to === 'Deleted', submit: send })
      : await send({});
  } catch (err) {
    // Agreement waits for every objection to be withdrawn or turned into a reservation: name who still objects.
    const objecting = err instanceof ApiError && err.status === 409 ? err.problem?.objectingDelegations : null;
    if (!objecting?.length) throw err;
    await ask({ title: `Paragraph ${p.number ?? ''} cannot be agreed yet`, message: `${objecting.join(', ')} ${objecting.length > 1 ? 'object' : 'objects'} to it. ${err.message}`, confirm: 'Keep negotiating', cancel: 'Close' });
    return;
  }
  if (done === null) return;
  announce(`Paragraph ${p.number ?? ''}: ${label.toLowerCase()}.`);
  await room.refresh();
}

async function restore(room, p) {
  const done = await ask({
    title: 'Restore the paragraph', message: 'It comes back with the status it had when it was deleted, numbered again in its place.',
    fields: [{ name: 'reason', label: 'Reason', type: 'textarea', required: true }], confirm: 'Restore',
    submit: (v) => act(`restore:${p.id}`, 'POST', `${room.d}/paragraphs/${p.id}/restore`, { reason: v.reason }, ifMatch(p)),
  });
  if (done !== null) { announce('Paragraph restored.'); await room.refresh(); }
}

async function addOption(room, p) {
  const done = await ask({
    title: `Add an option to paragraph ${p.number ?? ''}`, fields: [{ name: 'text', label: 'Text of the option', type: 'textarea', required: true }], confirm: 'Add option',
    submit: (v) => act(`option:${p.id}`, 'POST', `${room.d}/paragraphs/${p.id}/options`, { text: v.text }),
  });
  if (done !== null) { announce('Option added.'); await room.refresh(); }
}

/** Brackets the words selected in the paragraph's open editor. */
async function addBracket(room, p) {
  const editing = room.editing?.id === p.id ? room.editing.textarea : null;
  if (!editing || editing.selectionStart === editing.selectionEnd) {
    announce('Open the paragraph with Edit and select the words to bracket first.', true);
    return;
  }
  const doc = room.docs.get(p.id);
  const start = cpIndex(editing.value, editing.selectionStart);
  const end = cpIndex(editing.value, editing.selectionEnd);
  const words = Array.from(editing.value).slice(start, end).join('');
  const done = await ask({
    title: 'Bracket the selected words', message: `[${words}]`,
    fields: [
      { name: 'kind', label: 'Kind', type: 'select', value: 'Contentious', options: [['Contentious', 'Contentious'], ['Alternative', 'Alternative'], ['Trading', 'Trading'], ['AwaitingInstructions', 'Awaiting instructions']].map(([value, label]) => ({ value, label })) },
      { name: 'holders', label: `Held by: delegations separated by commas (${room.holding.delegations.map((x) => x.holder).join(', ')})`, value: '', required: true },
      { name: 'reason', label: 'Reason for recording these holders', value: '', required: true },
    ],
    confirm: 'Add bracket',
    submit: (v) => act(`bracket:${p.id}:${start}:${end}`, 'POST', `${room.d}/paragraphs/${p.id}/brackets`, {
      start, end, textVersion: doc.version, kind: v.kind, holders: v.holders ? v.holders.split(',').map((x) => x.trim()).filter(Boolean) : [], reason: v.reason,
    }),
  });
  if (done !== null) { announce('Bracket added.'); await room.refresh(); }
}

/** Agreed ad referendum with holds for capitals: agreed by itself once the last delegation awaiting instructions answers. */
async function agreeWhenHoldsLifted(room, p) {
  await act(`auto-agree:${p.id}`, 'POST', `${room.d}/paragraphs/${p.id}/auto-agree`);
  announce(`Paragraph ${p.number ?? ''} will be agreed when its last hold is lifted.`);
}

async function removeOption(room, p, optionId) {
  const option = p.options.find((o) => o.id === optionId);
  if (!await confirmAction({ title: `Remove option ${option.number}?`, message: `[${option.text}]`, confirm: 'Remove option', danger: true })) return;
  await act(`remove-option:${optionId}`, 'DELETE', `${room.d}/paragraphs/${p.id}/options/${optionId}`, undefined, ifMatch(p));
  announce('Option removed.');
  await room.refresh();
}
