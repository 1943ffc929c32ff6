// Silence procedures on the paragraph: the Chair places text under silence until a deadline (shown in the group's
// time zone) and may cancel it; Experts break it with a reason; everyone sees the countdown.

import { act, get } from '../api.js';
import { ask } from '../dialog.js';
import { announce, esc } from '../ui.js';
import { paragraphElement } from './paragraph.js';
import { describeIn, fromWallClock, wallClockIn } from '../zoned-time.js';

export async function loadSilence(room) {
  room.silence = (await get(`${room.d}/silence`)).filter((s) => s.status === 'Running');
}

export const runningSilence = (room, paragraphId) => (room.silence ?? []).find((s) => s.placed.some((x) => x.paragraphId === paragraphId));

/** What is left until a deadline, in words: "2 h 05 min 10 s left". */
export function timeLeft(deadline, now = Date.now()) {
  const s = Math.max(0, Math.round((new Date(deadline).getTime() - now) / 1000));
  if (s === 0) return 'the deadline has passed';
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  return `${d ? `${d} d ` : ''}${d || h ? `${h} h ` : ''}${String(m).padStart(2, '0')} min ${String(sec).padStart(2, '0')} s left`;
}

export function renderSilence(room, paragraphId) {
  const box = paragraphElement(room, paragraphId)?.querySelector('.silence');
  if (!box) return;
  const s = runningSilence(room, paragraphId);
  if (!s) { box.innerHTML = ''; box.hidden = true; return; }
  const role = room.group.myRole;
  box.hidden = false;
  box.innerHTML = `<span class="silence-countdown" data-deadline="${esc(s.deadline.utc)}">Under silence until ${esc(s.deadline.text)}: <span class="left">${esc(timeLeft(s.deadline.utc))}</span></span>
    ${role === 'Chair' ? '<button type="button" data-silence="cancel">Cancel silence</button>' : ''}
    ${role === 'Expert' ? '<button type="button" data-silence="break">Break silence</button>' : ''}`;
  for (const b of box.querySelectorAll('button[data-silence]')) b.onclick = () => (b.dataset.silence === 'cancel' ? cancel(room, s, b) : breakSilence(room, s, b));
}

/** Every second: the countdowns on the page. */
export function tickCountdowns(room) {
  for (const c of room.body.querySelectorAll('.silence-countdown')) c.querySelector('.left').textContent = timeLeft(c.dataset.deadline);
}

/** The Chair places one paragraph under silence until a deadline on the group's clock; 72 hours from now unless changed. */
export async function placeUnderSilence(room, p) {
  const zone = room.group.timeZone;
  const proposed = new Date(Date.now() + 72 * 3600 * 1000);
  const done = await ask({
    title: `Place paragraph ${p.number ?? ''} under silence`,
    message: `Delegations have until the deadline to break silence; without a break the paragraph is agreed. 72 hours from now is ${describeIn(proposed, zone)}.`,
    fields: [{ name: 'deadline', label: `Deadline in the group's time zone (${zone})`, type: 'datetime-local', required: true, step: '1', value: wallClockIn(proposed, zone), hint: `The date and time on the clock in ${zone}, wherever you are.` }],
    confirm: 'Start the silence procedure',
    submit: (v) => act(`silence:${p.id}`, 'POST', `${room.d}/silence`, { paragraphIds: [p.id], deadline: fromWallClock(v.deadline, zone).toISOString() }),
  });
  if (done !== null) { announce(`Paragraph ${p.number ?? ''} is under silence.`); await room.refresh(); }
}

async function cancel(room, s, button) {
  button.disabled = true;
  const done = await ask({
    title: 'Cancel the silence procedure', fields: [{ name: 'reason', label: 'Reason', type: 'textarea' }], confirm: 'Cancel silence', cancel: 'Keep it running',
    submit: (v) => act(`silence-cancel:${s.id}`, 'POST', `${room.d}/silence/${s.id}/cancel`, { reason: v.reason || null }),
  });
  button.disabled = false;
  if (done !== null) { announce('Silence cancelled.'); await room.refresh(); }
}

async function breakSilence(room, s, button) {
  button.disabled = true;
  const done = await ask({
    title: 'Break silence', message: 'Your delegation cannot join consensus on this text: the paragraph is not agreed and returns to negotiation.',
    fields: [{ name: 'reason', label: 'Reason for breaking silence', type: 'textarea', required: true }], confirm: 'Break silence', danger: true,
    submit: (v) => act(`silence-break:${s.id}`, 'POST', `${room.d}/silence/${s.id}/break`, { reason: v.reason }),
  });
  button.disabled = false;
  if (done !== null) { announce('Silence broken.'); await room.refresh(); }
}
