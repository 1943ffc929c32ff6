// Brackets speak for the delegations that hold them: a State code, or the sub of an Expert attributed personally.
// The group view names the delegations present (`delegations`: holder and name); a holder no longer present is shown as stored.
import { cpIndex, cpSlice } from './ot.js';

const escape = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

/** The name of a holder: the State's or the member's name when the delegation is present, else the holder as stored. */
export function holderName(holder, delegations = []) {
  return delegations.find((d) => d.holder === holder)?.name ?? holder;
}

/** "Canada, China", or "no delegation" for a bracket stored without holders. */
export function heldBy(bracket, delegations = []) {
  const names = (bracket.holders ?? []).map((h) => holderName(h, delegations));
  return names.length ? names.join(', ') : 'no delegation';
}

/** The delegation an Expert holds brackets for: their attributed State, or themselves when attributed personally. */
export function ownDelegation(group, sub) {
  const me = group.members.find((m) => m.sub === sub);
  if (me?.role !== 'Expert') return null;
  return me.attribution === 'NominatingState' && me.nominatingState ? me.nominatingState : me.sub;
}

/** The code points [start, end) of the first occurrence of quote in text, or null. */
export function spanOf(text, quote) {
  const at = quote ? text.indexOf(quote) : -1;
  if (at < 0) return null;
  return { start: cpIndex(text, at), end: cpIndex(text, at + quote.length) };
}

/**
 * The brackets of a paragraph, outermost first, each with its text, kind and holders' names, and what the reader may do:
 * an Expert withdraws their own delegation; the Chair and Secretariat record a holder's withdrawal or clean the bracket.
 */
export function bracketListHtml(text, brackets, { delegations, role, own, canChange }) {
  if (!brackets.length) return '<ul class="bracket-list" hidden></ul>';
  const ordered = [...brackets].sort((a, b) => a.start - b.start || b.end - a.end);
  const depth = (b) => ordered.filter((o) => o !== b && o.start <= b.start && o.end >= b.end).length;
  return `<ul class="bracket-list" aria-label="Brackets">${ordered.map((b) => {
    const words = cpSlice(text, b.start, Math.max(0, b.end - b.start));
    const actions = !canChange ? '' : role === 'Expert'
      ? ((b.holders ?? []).includes(own) ? '<button type="button" data-bracket-do="withdraw">Withdraw my delegation</button>' : '')
      : `${(b.holders ?? []).map((h) => `<button type="button" data-bracket-do="withdraw" data-holder="${escape(h)}">Withdraw ${escape(holderName(h, delegations))}</button>`).join('')}`
        + '<button type="button" data-bracket-do="clean">Clean</button>';
    return `<li class="bracket-item" data-bracket-id="${escape(b.id)}" style="--depth:${depth(b)}">
      <q dir="auto">${escape(words)}</q> <span class="muted small">${escape(b.kind)}</span>
      <span class="holders">held by ${escape(heldBy(b, delegations))}</span> ${actions}</li>`;
  }).join('')}</ul>`;
}

/** The form that brackets words of a paragraph; an Expert's bracket is their own delegation's, others name holders and a reason. */
export function bracketFormHtml(paragraphId, { delegations, role, own }) {
  const holders = role === 'Expert'
    ? `<p class="small">Held by <strong class="own-delegation">${escape(holderName(own, delegations))}</strong> (your delegation)</p>`
    : `<fieldset class="holders-choice"><legend>Held by</legend>${delegations.map((d) =>
      `<label><input type="checkbox" name="holders" value="${escape(d.holder)}"> <span dir="auto">${escape(d.name)}</span></label>`).join('')}</fieldset>
      <label>Reason <input name="reason" required dir="auto"></label>`;
  return `<form class="bracket-form"><h3>Bracket text</h3>
    <label for="bw-${paragraphId}">Words to bracket, as they appear in the paragraph</label><input id="bw-${paragraphId}" name="words" required dir="auto">
    <label>Kind <select name="kind"><option>Contentious</option><option>Alternative</option><option>Trading</option><option>AwaitingInstructions</option></select></label>
    ${holders}
    <button type="submit">Bracket</button></form>`;
}
