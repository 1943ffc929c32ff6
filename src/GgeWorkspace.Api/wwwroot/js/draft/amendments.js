// Proposals beside each paragraph: Experts support and object, the Chair accepts and rejects, proposers withdraw.

import { act, api, get, ApiError } from '../api.js';
import { announce, esc, fail, langOf } from '../ui.js';
import { paragraphElement } from './paragraph.js';

export async function loadAmendments(room) {
  room.amendments = await get(`${room.d}/amendments`);
}

export function renderAside(room, paragraphId) {
  const el = paragraphElement(room, paragraphId)?.querySelector('.para-aside');
  if (!el) return;
  const role = room.group.myRole;
  const me = room.me;
  const mine = room.amendments.filter((a) => a.paragraphId === paragraphId);
  el.innerHTML = mine.length ? `<h3>Proposals</h3><ul class="amendments">${mine.map((a) => `
    <li class="amendment state-${esc(a.state).toLowerCase()}" data-amendment-id="${a.amendmentId}">
      <div><strong>${esc(a.kind.replace(/([a-z])([A-Z])/g, '$1 $2'))}</strong> <span class="badge">${esc(a.state)}</span></div>
      <div class="muted">by ${esc(room.names[a.proposerSub] ?? a.proposerSub)}${a.proposerState ? ` (${esc(a.proposerState)})` : ''} · ${a.supporters} support · ${a.objections} object</div>
      <div class="amendment-text" dir="auto"></div>
      <div class="amendment-actions">
        ${role === 'Expert' && a.state === 'Submitted' && a.proposerSub !== me.sub ? '<button type="button" data-do="support">Support</button><button type="button" data-do="object">Object</button>' : ''}
        ${role === 'Chair' && a.state === 'Submitted' ? '<button type="button" data-do="accept">Accept</button><button type="button" data-do="reject">Reject</button>' : ''}
        ${a.proposerSub === me.sub && a.state === 'Submitted' ? '<button type="button" data-do="withdraw">Withdraw</button>' : ''}
      </div></li>`).join('')}</ul>` : '<p class="muted small">No proposals.</p>';
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

async function decide(room, id, action, button) {
  if (button.disabled) return;
  button.disabled = true;
  const d = room.d;
  const key = `amendment:${id}:${action}`;
  try {
    if (action === 'accept') {
      const one = await api('GET', `${d}/amendments/${id}`);
      try {
        await act(key, 'POST', `${d}/amendments/${id}/accept`, undefined, { 'If-Match': one.etag });
      } catch (err) {
        // Standing objections are overridden only deliberately: the Chair confirms and gives a reason, or nothing happens.
        const objecting = err instanceof ApiError && err.status === 409 ? err.problem?.objectingDelegations : null;
        if (!objecting?.length) throw err;
        const reason = confirm(`${err.message}\n\nAccept over the objections of ${objecting.join(', ')}?`)
          ? (prompt('Reason for accepting over the objections (required)') ?? '').trim() : '';
        if (!reason) throw err;
        await act(key, 'POST', `${d}/amendments/${id}/accept`, { overrideObjections: true, reason }, { 'If-Match': one.etag });
      }
    } else if (action === 'reject' || action === 'object') {
      const reason = prompt(action === 'reject' ? 'Reason for rejecting (optional)' : 'Reason for objecting (optional)') ?? '';
      await act(key, 'POST', `${d}/amendments/${id}/${action}`, { reason: reason || null });
    } else {
      await act(key, 'POST', `${d}/amendments/${id}/${action}`);
    }
    announce(`Amendment ${DONE[action]}.`);
    await room.refresh();
  } catch (err) { fail(err); button.disabled = false; }
}
