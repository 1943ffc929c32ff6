// Reading the room: who is here and where, who wrote what, and the draft across time, above the drafting room's text.

import { authorshipToggleHtml, wireAuthorship } from './authorship.js';
import { presenceListHtml, renderPresenceList } from './presence-list.js';
import { draftSliderHtml, guardEditing, wireDraftSlider } from './time-slider.js';

export { renderPresenceList };

export function roomToolsHtml() {
  return `<div id="room-tools" class="room-tools">${presenceListHtml()}<div class="room-reading">${authorshipToggleHtml()}${draftSliderHtml()}</div></div>`;
}

/** Wires the tools once the drafting room's body is in the page. */
export function wireRoomTools(room) {
  const root = room.main.querySelector('#room-tools');
  wireAuthorship(room, root);
  wireDraftSlider(room, root);
  guardEditing(room);
  renderPresenceList(room);
}
