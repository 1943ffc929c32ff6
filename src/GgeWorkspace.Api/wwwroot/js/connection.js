// The live connection (one per tab) and the page that receives its messages.

import { session } from './api.js';
import { HubConnection } from './hub.js';
import { announce } from './ui.js';

/** hub: the connection; room: the page receiving live messages; reroute: renders the current page again. */
export const live = { hub: null, room: null, reroute: () => {} };
const joinedGroups = new Set();

export async function connectHub() {
  if (live.hub && live.hub.state !== 'disconnected') return live.hub;
  const hub = new HubConnection('/hubs/drafting', () => session.token);
  live.hub = hub;
  hub.onstatechange = (state) => {
    document.getElementById('live').textContent = state === 'connected' ? 'Live' : state;
    document.getElementById('live').dataset.state = state;
    if (state !== 'connected') live.room?.onDisconnected?.();
  };
  hub.on('GroupEvent', (m) => live.room?.onGroupEvent?.(m));
  hub.on('OperationsCommitted', (m) => live.room?.onCommitted?.(m));
  hub.on('PresenceChanged', (e) => live.room?.onPresence?.(e));
  hub.on('PresenceLeft', (g) => live.room?.onPresenceLeft?.(g));
  hub.on('DashboardChanged', (m) => live.room?.onDashboard?.(m));
  hub.on('RemovedFromGroup', () => { announce('You are no longer a member of this group.', true); location.hash = '#/groups'; });
  // Throwing here makes the connection start over and join again after a pause (hub.js), so nothing stays unjoined.
  hub.onreconnected = async () => {
    for (const g of [...joinedGroups]) {
      try {
        await hub.invoke('JoinGroup', g);
      } catch (error) {
        if (error.problem?.status !== 404) throw error;
        joinedGroups.delete(g); // no longer a member (removed while disconnected)
      }
    }
    try {
      await live.room?.rejoin?.();
    } catch (error) {
      if (error.problem?.status !== 404) throw error;
      announce('This draft is no longer available to you.', true);
      location.hash = '#/groups';
    }
  };
  await hub.start();
  return hub;
}

/** Joins a group's live messages; answers the group with its members and the caller's role. */
export async function joinGroup(groupId) {
  await connectHub();
  const view = await live.hub.invoke('JoinGroup', groupId);
  joinedGroups.add(groupId);
  return view;
}

export async function leaveRoom() {
  if (live.room?.leave) await live.room.leave().catch(() => {});
  live.room = null;
}

export function disconnect() {
  live.hub?.stop();
  live.hub = null;
  joinedGroups.clear();
}
