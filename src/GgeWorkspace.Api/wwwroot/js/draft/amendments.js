// Proposals beside each paragraph: Experts support and object, the Chair accepts and rejects, proposers withdraw.

import { act, api, get, ApiError } from '../api.js';
import { ask } from '../dialog.js';
import { announce, esc, fail, langOf } from '../ui.js';
import { paragraphElement } from './paragraph.js';
import { shownAsSuggestion } from './suggestions.js';

export async function loadAmendments(room) {
  room.amendments = await get(`${room.d}/amendments`);
}

export function renderAside(room, paragraphId) {
  const el = paragraphElement(room, paragraphId)?.querySelector('.para-aside');
  if (!el) return;
  const role = room.group.myRole;
  const me = room.me;
  const mine = room.amendments.filter((a) => a.paragraphId === paragraphId && !shownAsSuggestion(a));
  const suggested = room.amendments.some((a) => a.paragraphId === paragraphId && shownAsSuggestion(a));
  el.innerHTML = mine.length ? `<h3>Proposals</h3><ul class="amendments">${mine.map((a) => `
    <li class="amendment state-${esc(a.state).toLowerCase()}" data-amendment-id="${a.amendmentId}">
      <div><strong>${esc(a.kind.replace(/([a-z])([A-Z])/g, '$1 $2'))}</strong> <span class="badge">${esc(a.state)}</span></div>
      <div class="muted">by ${esc(room.names[a.proposerSub] ?? a.proposerSub)}${a.proposerState ? ` (${esc(a.proposerState)})` : ''} · ${a.supporters} support · ${a.objections} object</div>
      <div class="amendment-text" dir="auto"></div>
      <div class="amendment-actions">
        ${role === 'Expert' && a.state === 'Submitted' && a.proposerSub !== me.sub ? '<button type="button" data-do="support">Support</button><button type="button" data-do="object">Object</button>' : ''}
        ${role === 'Chair' && a.state === 'Submitted' ? '<button type="button" data-do="accept">Accept</button><button type="button" data-do="reject">Reject</button>' : ''}
        ${a.proposerSub === me.sub && a.state === 'Submitted' ? '<button type="button" data-do="withdraw">Withdraw</button>' : ''}
      </div></li>`).join('')}</ul>` : `<p class="muted small">${suggested ? 'Open amendments to the text are shown as suggestions under it.' : 'No proposals.'}</p>`;
  for (const li of el.querySelectorAll('.amendment')) {
    const id = li.dataset.amendmentId;
    get(`${room.d}/amendments/${id}`).then((a) => {
      const t = li.querySelector('.amendment-text');
      t.textContent = a.text ?? '';
      if (langOf(a.text)) t.lang = langOf(a.text);
      if (a.explanation) t.insertAdjacentHTML('afterend', `<div class="muted small" dir="auto">${esc(a.explanation)}</div>`);
    }).catch(() => {});
    for (const b of li.querySelectorAll('button[data-do]')) b.onclick = () => decide(room, id, b.dataset.do, b);
  }
}

const DONE = { accept: 'accepted', reject: 'rejected', withdraw: 'withdrawn', support: 'supported', object: 'objected to' };

export async function decide(room, id, action, button) {
  if (button.disabled) return;
  button.disabled = true;
  const d = room.d;
  const key = `amendment:${id}:${action}`;
  try {
    let done = true;
    if (action === 'accept') {
      const one = await api('GET', `${d}/amendments/${id}`);
      try {
        await act(key, 'POST', `${d}/amendments/${id}/accept`, undefined, { 'If-Match': one.etag });
      } catch (err) {
        // Standing objections are overridden only deliberately: the Chair confirms and gives a reason, or nothing happens.
        const objecting = err instanceof ApiError && err.status === 409 ? err.problem?.objectingDelegations : null;
        if (!objecting?.length) throw err;
        done = await ask({
          title: 'Accept over objections?',
          message: `${err.message} Accept over the objections of ${objecting.join(', ')}?`,
          fields: [{ name: 'reason', label: 'Reason for accepting over the objections', type: 'textarea', required: true }],
          confirm: 'Accept over the objections', danger: true,
          submit: (v) => act(key, 'POST', `${d}/amendments/${id}/accept`, { overrideObjections: true, reason: v.reason }, { 'If-Match': one.etag }),
        });
        if (done === null) { announce(`Not accepted: ${err.message}`, true); button.disabled = false; return; }
      }
    } else if (action === 'reject' || action === 'object') {
      done = await ask({
        title: action === 'reject' ? 'Reject the amendment' : 'Object to the amendment',
        fields: [{ name: 'reason', label: action === 'reject' ? 'Reason for rejecting' : 'Reason for objecting', type: 'textarea' }],
        confirm: action === 'reject' ? 'Reject' : 'Object',
        submit: (v) => act(key, 'POST', `${d}/amendments/${id}/${action}`, { reason: v.reason || null }),
      });
      if (done === null) { button.disabled = false; return; }
    } else {
      await act(key, 'POST', `${d}/amendments/${id}/${action}`);
    }
    announce(`Amendment ${DONE[action]}.`);
    await room.refresh();
  } catch (err) { fail(err); button.disabled = false; }
}
