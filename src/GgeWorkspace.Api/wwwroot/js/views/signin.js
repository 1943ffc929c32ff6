// Sign-in: a demo user in Development, otherwise a bearer token from the identity provider.

import { get, session } from '../api.js';
import { esc, h, langAttr } from '../ui.js';

export async function signInPage(main) {
  main.innerHTML = `<h1>Sign in</h1>
    <section id="demo-users" hidden aria-labelledby="demo-h"><h2 id="demo-h">Demo users (Development)</h2><ul class="cards"></ul></section>
    <section aria-labelledby="token-h"><h2 id="token-h">With a token from your identity provider</h2>
      <form id="token-form"><label for="token-input">Bearer token</label>
        <textarea id="token-input" rows="3" required spellcheck="false" autocomplete="off"></textarea>
        <button type="submit">Sign in</button></form></section>`;
  document.getElementById('token-form').onsubmit = (e) => {
    e.preventDefault();
    session.token = document.getElementById('token-input').value.trim().replace(/^Bearer\s+/i, '');
    location.hash = '#/groups';
  };
  try {
    const users = await get('/api/dev/users');
    const list = main.querySelector('#demo-users ul');
    for (const u of users) {
      const li = h(`<li><button type="button" class="card user-card" data-sub="${esc(u.sub)}"><strong${langAttr(u.name)}>${esc(u.name)}</strong><span>${esc(u.description)}</span></button></li>`);
      li.querySelector('button').onclick = () => { session.token = u.token; location.hash = '#/groups'; };
      list.append(li);
    }
    main.querySelector('#demo-users').hidden = false;
  } catch {
    // Not Development: the route does not exist; sign in with a token.
  }
}
