// GGE Workspace reference web client: sign-in, groups, drafts with live co-editing, proposals, consensus,
// revisions and exports. Plain modules, no build step; hash routing. Each page is a module in views/.

import { session } from './api.js';
import { live, leaveRoom, disconnect } from './connection.js';
import { esc, langAttr } from './ui.js';
import { signInPage } from './views/signin.js';
import { groupsPage } from './views/groups.js';
import { groupPage } from './views/group.js';
import { draftPage } from './views/draft.js';
import { dashboardPage } from './views/dashboard.js';
import { revisionsPage } from './views/revisions.js';

const main = document.getElementById('main');

const routes = [
  [/^#\/signin$/, signInPage],
  [/^#\/groups$/, groupsPage],
  [/^#\/groups\/([0-9a-f-]{36})$/, groupPage],
  [/^#\/groups\/([0-9a-f-]{36})\/drafts\/([0-9a-f-]{36})$/, draftPage],
  [/^#\/groups\/([0-9a-f-]{36})\/drafts\/([0-9a-f-]{36})\/paragraphs\/([0-9a-f-]{36})$/, draftPage],
  [/^#\/groups\/([0-9a-f-]{36})\/drafts\/([0-9a-f-]{36})\/dashboard$/, dashboardPage],
  [/^#\/groups\/([0-9a-f-]{36})\/drafts\/([0-9a-f-]{36})\/revisions$/, revisionsPage],
];

let shownHash = null;

async function route() {
  const hash = location.hash || '#/groups';
  // The same page drawn again (a live change): it stays in view meanwhile, and the focus stays where the reader is
  // unless what held it was drawn again.
  const samePage = hash === shownHash;
  shownHash = hash;
  if (!session.token && hash !== '#/signin') { location.hash = '#/signin'; return; }
  renderUser();
  await leaveRoom();
  for (const [pattern, page] of routes) {
    const match = pattern.exec(hash);
    if (match) {
      if (!samePage) main.innerHTML = '<p class="muted">Loading…</p>';
      try {
        await page(main, ...match.slice(1));
      } catch (e) {
        main.innerHTML = `<div class="problem" role="alert"><h1>Not available</h1><p>${esc(e.message)}</p><p><a href="#/groups">Back to my groups</a></p></div>`;
      }
      const heading = main.querySelector('h1');
      const focusLost = document.activeElement === document.body || !document.activeElement;
      if (heading && (!samePage || focusLost)) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); }
      return;
    }
  }
  location.hash = '#/groups';
}

function renderUser() {
  const claims = session.claims;
  const user = document.getElementById('user');
  if (!claims) { user.innerHTML = ''; return; }
  user.innerHTML = `<span${langAttr(claims.name)}>${esc(claims.name ?? claims.sub)}</span> <button type="button" id="signout">Sign out</button>`;
  document.getElementById('signout').onclick = () => {
    session.token = null;
    disconnect();
    location.hash = '#/signin';
  };
}

live.reroute = route;
window.addEventListener('hashchange', route);
route();
