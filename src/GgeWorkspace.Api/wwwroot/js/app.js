// GGE Workspace reference web client: sign-in, groups, drafts with live co-editing, proposals, consensus,
// revisions and exports. Plain modules, no build step; hash routing.

import { api, act, get, download, imageUrl, session, ApiError } from './api.js';
import { HubConnection } from './hub.js';
import { LiveDraft, PROTOCOL_VERSION } from './live-editing.js';
import { cpIndex, utf16Index, diff, transformPosition } from './ot.js';
import { bracketFormHtml, bracketListHtml, heldBy, ownDelegation, spanOf } from './brackets.js';

const main = document.getElementById('main');
const statusLine = document.getElementById('status');

// ---------------------------------------------------------------- helpers

export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** lang for a text: Chinese and Arabic are marked so that fonts and shaping are right. */
export function langOf(text) {
  if (/[\u3400-\u9fff\uf900-\ufaff]/.test(text ?? '')) return 'zh-CN';
  if (/[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/.test(text ?? '')) return 'ar';
  if (/[\u0400-\u04ff]/.test(text ?? '')) return 'ru';
  return '';
}

const langAttr = (text) => (langOf(text) ? ` lang="${langOf(text)}"` : '');

const STATUS = {
  Proposed: 'Proposed', UnderNegotiation: 'Under negotiation', AgreedAdReferendum: 'Agreed ad ref.',
  Agreed: 'Agreed', Parked: 'Parked', Deleted: 'Deleted',
};

const POSITION = {
  JoinConsensus: 'Joins consensus', CanLiveWith: 'Can live with it', AwaitingInstructions: 'Awaiting instructions',
  Reservation: 'Reservation', Objection: 'Objection',
};

function colorOf(sub) {
  let h = 0;
  for (const c of sub) h = (h * 31 + c.charCodeAt(0)) % 360;
  return `hsl(${h} 70% 38%)`;
}

function announce(text, isError = false) {
  statusLine.textContent = text;
  statusLine.className = isError ? 'status error' : 'status';
  if (text) setTimeout(() => { if (statusLine.textContent === text) statusLine.textContent = ''; }, 6000);
}

function fail(error) {
  console.error(error);
  announce(error instanceof ApiError || error?.problem !== undefined ? error.message : String(error?.message ?? error), true);
}

/**
 * A form's submit as one user action: a repeat while it runs (a double click) is ignored, and what it sends carries
 * the action's Idempotency-Key (see act), so a retry after a failure is applied once too. Errors are shown.
 */
function onSubmit(form, handler) {
  form.onsubmit = async (e) => {
    e.preventDefault();
    if (form.dataset.busy) return;
    form.dataset.busy = 'true';
    try { await handler(new FormData(form)); } catch (err) { fail(err); } finally { delete form.dataset.busy; }
  };
}

/** A button's click as one user action (see onSubmit). */
function onPress(button, handler) {
  button.onclick = async (e) => {
    if (button.dataset.busy) return;
    button.dataset.busy = 'true';
    try { await handler(e); } catch (err) { fail(err); } finally { delete button.dataset.busy; }
  };
}

const h = (html) => { const t = document.createElement('template'); t.innerHTML = html.trim(); return t.content.firstElementChild; };

function debounce(fn, ms) {
  let timer = null;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

/**
 * Text with brackets highlighted and other people's carets, by code points. With marks, bracket characters are shown
 * around bracketed text; without (the editor's overlay) the layout stays exactly that of the plain text. Nested brackets
 * nest: each piece of text is highlighted as its innermost bracket, titled with who holds it, and knows how deep it is.
 */
export function richText(text, brackets = [], carets = [], marks = true, delegations = []) {
  const chars = Array.from(text);
  const points = new Set([0, chars.length]);
  for (const b of brackets) { points.add(Math.max(0, Math.min(chars.length, b.start))); points.add(Math.max(0, Math.min(chars.length, b.end))); }
  for (const c of carets) points.add(Math.max(0, Math.min(chars.length, c.at)));
  const sorted = [...points].sort((a, b) => a - b);
  let html = '';
  for (let i = 0; i < sorted.length; i++) {
    const at = sorted[i];
    if (marks) for (const b of brackets) if (b.end === at && b.end > b.start) html += '<span class="bmark" aria-hidden="true">]</span>';
    for (const c of carets.filter((x) => Math.max(0, Math.min(chars.length, x.at)) === at)) {
      html += `<span class="remote-caret" data-sub="${esc(c.sub)}" style="--who:${colorOf(c.sub)}" title="${esc(c.name)}"><span class="caret-label">${esc(c.name)}</span></span>`;
    }
    if (marks) for (const b of brackets) if (b.start === at && b.end > b.start) html += `<span class="bmark" aria-hidden="true">[</span>`;
    if (i + 1 < sorted.length) {
      const segment = chars.slice(at, sorted[i + 1]).join('');
      const inside = brackets.filter((b) => b.start <= at && b.end >= sorted[i + 1] && b.end > b.start);
      if (inside.length) {
        const b = inside.reduce((inner, x) => (x.end - x.start < inner.end - inner.start ? x : inner));
        html += `<span class="bracket bracket-${esc(b.kind).toLowerCase()}" data-depth="${inside.length}" title="${esc(b.kind)} bracket held by ${esc(heldBy(b, delegations))}">${esc(segment)}</span>`;
      } else html += esc(segment);
    }
  }
  return html;
}

// ---------------------------------------------------------------- the live connection

let hub = null;
const joinedGroups = new Set();

async function connectHub() {
  if (hub && hub.state !== 'disconnected') return hub;
  hub = new HubConnection('/hubs/drafting', () => session.token);
  hub.onstatechange = (state) => {
    document.getElementById('live').textContent = state === 'connected' ? 'Live' : state;
    document.getElementById('live').dataset.state = state;
    if (state !== 'connected') room?.onDisconnected?.();
  };
  hub.on('GroupEvent', (m) => room?.onGroupEvent(m));
  hub.on('OperationsCommitted', (m) => room?.onCommitted(m));
  hub.on('PresenceChanged', (e) => room?.onPresence(e));
  hub.on('PresenceLeft', (g) => room?.onPresenceLeft(g));
  hub.on('DashboardChanged', (m) => room?.onDashboard?.(m));
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
      await room?.rejoin?.();
    } catch (error) {
      if (error.problem?.status !== 404) throw error;
      announce('This draft is no longer available to you.', true);
      location.hash = '#/groups';
    }
  };
  await hub.start();
  return hub;
}

async function joinGroup(groupId) {
  await connectHub();
  const view = await hub.invoke('JoinGroup', groupId);
  joinedGroups.add(groupId);
  return view;
}

// ---------------------------------------------------------------- pages

let room = null; // the page receiving live messages

async function leaveRoom() {
  if (room?.leave) await room.leave().catch(() => {});
  room = null;
}

const routes = [
  [/^#\/signin$/, signInPage],
  [/^#\/groups$/, groupsPage],
  [/^#\/groups\/([0-9a-f-]{36})$/, groupPage],
  [/^#\/groups\/([0-9a-f-]{36})\/drafts\/([0-9a-f-]{36})$/, draftPage],
  [/^#\/groups\/([0-9a-f-]{36})\/drafts\/([0-9a-f-]{36})\/dashboard$/, dashboardPage],
  [/^#\/groups\/([0-9a-f-]{36})\/drafts\/([0-9a-f-]{36})\/revisions$/, revisionsPage],
];

async function route() {
  const hash = location.hash || '#/groups';
  if (!session.token && hash !== '#/signin') { location.hash = '#/signin'; return; }
  renderUser();
  await leaveRoom();
  for (const [pattern, page] of routes) {
    const match = pattern.exec(hash);
    if (match) {
      main.innerHTML = '<p class="muted">Loading…</p>';
      try {
        await page(...match.slice(1));
      } catch (e) {
        main.innerHTML = `<div class="problem" role="alert"><h1>Not available</h1><p>${esc(e.message)}</p><p><a href="#/groups">Back to my groups</a></p></div>`;
      }
      const heading = main.querySelector('h1');
      if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); }
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
    hub?.stop();
    hub = null;
    joinedGroups.clear();
    location.hash = '#/signin';
  };
}

async function signInPage() {
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

async function groupsPage() {
  const groups = await get('/api/groups');
  const claims = session.claims;
  main.innerHTML = `<h1>My groups</h1>
    ${groups.length ? `<ul class="cards">${groups.map((g) => `<li><a class="card" href="#/groups/${g.id}"><strong${langAttr(g.name)}>${esc(g.name)}</strong><span>${esc(g.mandateReference)} · ${esc(g.myRole)}</span></a></li>`).join('')}</ul>`
      : '<p>You do not belong to any group yet.</p>'}
    <div id="demo-setup"></div>`;
  const isSecretariatApp = [].concat(claims?.roles ?? []).includes('gge-secretariat');
  if (isSecretariatApp) {
    const box = h(`<section aria-labelledby="setup-h"><h2 id="setup-h">Demo workspace</h2>
      <p>Creates a group with the whole demo cast, a workstream and a draft with a few paragraphs (English, Arabic, Chinese).</p>
      <button type="button">Set up the demo workspace</button></section>`);
    box.querySelector('button').onclick = async (e) => {
      e.target.disabled = true;
      try { const id = await setUpDemo(); location.hash = `#/groups/${id}`; } catch (err) { fail(err); e.target.disabled = false; }
    };
    document.getElementById('demo-setup').append(box);
  }
}

/** Development only: a group with the demo cast, a workstream and a draft to work on. */
async function setUpDemo() {
  const created = await api('POST', '/api/groups', { name: 'Group of Governmental Experts on nuclear disarmament verification', mandateReference: 'A/RES/71/67' });
  const groupId = created.data.id;
  let version = created.data.version;
  const members = [
    ['demo-chair', 'Ingrid Halvorsen', 'Chair', 'NOR', 'Personal'], ['demo-expert-can', 'Claire Tremblay', 'Expert', 'CAN'],
    ['demo-expert-chn', '李明 (Li Ming)', 'Expert', 'CHN'], ['demo-expert-mex', 'Sofía Hernández', 'Expert', 'MEX'],
    ['demo-expert-gbr', 'James Whitfield', 'Expert', 'GBR'], ['demo-expert-usa', 'Robert Hayes', 'Expert', 'USA'],
    ['demo-expert-personal', 'Amira Haddad', 'Expert', null], ['demo-observer', 'Elena Petrova', 'Observer', null],
  ];
  for (const [sub, displayName, role, nominatingState, attribution] of members) {
    const r = await api('POST', `/api/groups/${groupId}/members`, { sub, displayName, role, nominatingState, attribution }, { 'If-Match': `"${version}"` });
    version = r.data.version;
  }
  const chair = (await api('POST', '/api/dev/tokens', { sub: 'demo-chair' })).data.token;
  const asChair = (method, path, body, headers = {}) => fetch(path, {
    method, headers: { Authorization: `Bearer ${chair}`, 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body),
  }).then(async (r) => { if (!r.ok) throw new ApiError(r.status, await r.json().catch(() => null)); return { data: await r.json().catch(() => null), etag: r.headers.get('ETag') }; });
  const g = `/api/groups/${groupId}`;
  const ws = await asChair('POST', `${g}/workstreams`, { title: 'Verification challenges', mandate: 'Identify the verification challenges of achieving and maintaining a world without nuclear weapons', label: '(a)', provisionalSymbol: 'GGE/NDV/2019/CRP.1' });
  const draftId = ws.data.draftId;
  const draftVersion = async () => (await get(`${g}/drafts/${draftId}`)).version;
  await asChair('POST', `${g}/drafts/${draftId}/sections`, { heading: 'Introduction' }, { 'If-Match': `"${await draftVersion()}"` });
  await asChair('POST', `${g}/drafts/${draftId}/sections`, { heading: 'Verification challenges' }, { 'If-Match': `"${await draftVersion()}"` });
  const draft = await get(`${g}/drafts/${draftId}`);
  const [intro, challenges] = draft.sections;
  const texts = [
    [intro.id, 'The Group recalls General Assembly resolution 71/67 and the views of Member States contained in document A/72/304.'],
    [challenges.id, 'Verification must be effective, credible and non-discriminatory, and must protect sensitive information.'],
    [challenges.id, 'يؤكد الفريق أن التحقق عنصر أساسي لنزع السلاح النووي.'],
    [challenges.id, '核裁军核查应当有效、可信、非歧视。'],
  ];
  for (const [sectionId, text] of texts) await asChair('POST', `${g}/drafts/${draftId}/paragraphs`, { sectionId, text });
  return groupId;
}

async function groupPage(groupId) {
  const group = await joinGroup(groupId);
  const g = `/api/groups/${groupId}`;
  const [workstreams, drafts] = await Promise.all([get(`${g}/workstreams`), get(`${g}/drafts`)]);
  // The sources: each imported document (A/72/304) with its replies; a reply's paragraphs load when opened.
  let sources = [];
  try {
    const documents = await get(`${g}/sources`);
    sources = await Promise.all(documents.map(async (d) => ({ ...d, replies: await get(`${g}/sources/${d.id}/replies`) })));
  } catch { sources = []; }
  const canCreate = ['Chair', 'Secretariat'].includes(group.myRole);
  main.innerHTML = `<nav class="crumbs" aria-label="Breadcrumb"><a href="#/groups">My groups</a></nav>
    <h1${langAttr(group.name)}>${esc(group.name)}</h1>
    <p class="muted">${esc(group.mandateReference)} · your role: <strong>${esc(group.myRole)}</strong></p>
    <div class="columns">
      <section aria-labelledby="ws-h"><h2 id="ws-h">Workstreams</h2>
        <ul class="cards">${workstreams.map((w) => `<li><a class="card" href="#/groups/${groupId}/drafts/${w.draftId}"><strong${langAttr(w.title)}>${esc(w.label ?? '')} ${esc(w.title)}</strong><span${langAttr(w.mandate)}>${esc(w.mandate)}</span></a></li>`).join('') || '<li class="muted">None yet.</li>'}</ul>
        ${canCreate ? `<form id="ws-form" class="inline-form"><h3>New workstream</h3>
          <label>Label <input name="label" placeholder="(a)" maxlength="20"></label>
          <label>Title <input name="title" required></label>
          <label>Mandate <input name="mandate" required></label>
          <button type="submit">Create workstream</button></form>` : ''}
      </section>
      <section aria-labelledby="drafts-h"><h2 id="drafts-h">Drafts</h2>
        <ul class="cards">${drafts.map((d) => `<li><a class="card" href="#/groups/${groupId}/drafts/${d.id}"><strong${langAttr(d.title)}>${esc(d.title)}</strong><span>${esc(d.provisionalSymbol ?? '')} · ${esc(d.kind)}</span></a></li>`).join('') || '<li class="muted">None yet.</li>'}</ul>
      </section>
      <section aria-labelledby="members-h"><h2 id="members-h">Members</h2>
        <ul class="members">${group.members.map((m) => `<li><span${langAttr(m.displayName)}>${esc(m.displayName ?? m.sub)}</span> <span class="muted">${esc(m.role)}${m.nominatingState ? ` · ${esc(m.nominatingState)}` : ''}</span></li>`).join('')}</ul>
      </section>
      ${sources.length ? `<section aria-labelledby="src-h"><h2 id="src-h">Sources</h2>
        ${sources.map((d) => `<h3${langAttr(d.title)}>${esc(d.symbol)} <span class="muted">${esc(d.title)}</span></h3>
        <ul class="sources">${d.replies.map((r) => `<li><details data-doc="${esc(d.id)}" data-code="${esc(r.code)}">
          <summary><strong lang="zh-CN">${esc(r.submitter)}</strong> ${esc(r.submitterEnglish)} (${esc(r.code)})
            <span class="muted">${esc(r.originalLanguage ?? '')} · ${esc(r.date ?? '')} · ${r.paragraphs} paragraphs</span></summary>
          <div class="reply-paragraphs muted">Opening…</div></details></li>`).join('')}</ul>`).join('')}</section>` : ''}
    </div>`;
  for (const details of main.querySelectorAll('details[data-code]')) {
    details.addEventListener('toggle', async () => {
      const box = details.querySelector('.reply-paragraphs');
      if (!details.open || box.dataset.loaded) return;
      const reply = await get(`${g}/sources/${details.dataset.doc}/replies/${encodeURIComponent(details.dataset.code)}`);
      box.classList.remove('muted');
      box.innerHTML = reply.paragraphs.map((p) => `<p lang="zh-CN">${esc(p.text)}</p>`).join('');
      box.dataset.loaded = '1';
    });
  }
  const form = document.getElementById('ws-form');
  if (form) onSubmit(form, async (f) => {
    const r = await act(`workstream:${groupId}`, 'POST', `${g}/workstreams`, { label: f.get('label') || null, title: f.get('title'), mandate: f.get('mandate') });
    location.hash = `#/groups/${groupId}/drafts/${r.data.draftId}`;
  });
  room = { onGroupEvent: debounce(() => { if (room) route(); }, 500) };
  room.leave = async () => {};
}

// ---------------------------------------------------------------- the draft: live drafting room

async function draftPage(groupId, draftId) {
  const group = await joinGroup(groupId);
  const me = session.claims;
  const g = `/api/groups/${groupId}`;
  const d = `${g}/drafts/${draftId}`;
  const writer = ['Chair', 'Expert', 'Secretariat'].includes(group.myRole);
  const names = Object.fromEntries(group.members.map((m) => [m.sub, m.displayName ?? m.sub]));
  const states = Object.fromEntries(group.members.map((m) => [m.sub, m.nominatingState]));
  const holding = { delegations: group.delegations ?? [], role: group.myRole, own: ownDelegation(group, me.sub) };

  const joined = await hub.invoke('JoinDraft', groupId, draftId);
  let draft = joined.draft;
  let myTab = joined.tabId;
  const presence = new Map(joined.presence.filter((p) => p.tabId !== myTab).map((p) => [p.tabId, p]));
  const docs = new LiveDraft({
    hub, groupId, draftId, authorSub: me.sub,
    onText: (doc, op) => remoteApplied(doc, op),
    onRefused: (doc, refusal) => refused(doc, refusal),
    onSaved: (doc) => showText(doc.paragraphId),
    onTrouble: (message) => announce(message, true),
    onOutdated: () => askToReload(),
  });
  const notApplied = new Map(); // paragraphId -> [refusal]: edits the service refused, kept for the author
  let notesMade = 0;
  const paragraphs = new Map(); // id -> paragraph view
  let amendments = [];
  const openPanels = new Map(); // paragraphId -> 'comments' | 'positions' | 'propose'
  let editing = null; // { id, textarea, mirror }

  main.innerHTML = `<nav class="crumbs" aria-label="Breadcrumb"><a href="#/groups">My groups</a> › <a href="#/groups/${groupId}">${esc(group.name)}</a></nav>
    <header class="draft-head">
      <div><h1${langAttr(draft.title)}>${esc(draft.title)}</h1><p class="muted">${esc(draft.provisionalSymbol ?? '')} · your role: <strong>${esc(group.myRole)}</strong></p></div>
      <nav class="draft-nav" aria-label="Draft">
        <a class="button" href="#/groups/${groupId}/drafts/${draftId}/dashboard">Consensus dashboard</a>
        <a class="button" href="#/groups/${groupId}/drafts/${draftId}/revisions">Revisions and redline</a>
      </nav>
    </header>
    <form id="export-form" class="export" aria-label="Export">
      <label>Format <select name="format"><option value="docx">Word (DOCX)</option><option value="akn">Akoma Ntoso</option><option value="md">Markdown</option><option value="html">HTML</option></select></label>
      <label>Variant <select name="variant">${['negotiation', 'compilation', 'clean', 'chairs-text'].map((v) => `<option>${v}</option>`).join('')}</select></label>
      <button type="submit">Export</button>
    </form>
    <div id="draft-body"></div>
    ${writer ? '<form id="section-form" class="inline-form" aria-label="New section"><label>New section heading <input name="heading" required></label><button type="submit">Add section</button></form>' : ''}`;

  document.getElementById('export-form').onsubmit = async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    try { announce(`Downloaded ${await download(`${d}/export?format=${f.get('format')}&variant=${f.get('variant')}`)}`); } catch (err) { fail(err); }
  };
  const sectionForm = document.getElementById('section-form');
  if (sectionForm) onSubmit(sectionForm, async (f) => {
    await act(`section:${draftId}`, 'POST', `${d}/sections`, { heading: f.get('heading') }, { 'If-Match': `"${draft.version}"` });
    sectionForm.reset();
    await refresh();
  });

  const body = document.getElementById('draft-body');

  const docFor = (p) => docs.docFor(p.id, p.text, p.textVersion);

  /** The service speaks a newer live-editing protocol than this page: edits are refused until the page is reloaded. */
  function askToReload() {
    if (main.querySelector('.reload-banner')) return;
    const banner = document.createElement('div');
    banner.className = 'reload-banner';
    banner.setAttribute('role', 'alert');
    banner.innerHTML = '<p>This page is out of date: the service was updated. Reload the page to keep editing (refused edits are kept in their notes until then).</p><button type="button">Reload the page</button>';
    banner.querySelector('button').onclick = () => location.reload();
    main.prepend(banner);
  }
  if (joined.protocolVersion !== PROTOCOL_VERSION) askToReload();

  /** The service refused pending edits: they are already out of the text; keep them in a note the author can use. */
  function refused(doc, refusal) {
    const list = notApplied.get(doc.paragraphId) ?? [];
    list.push({ ...refusal, id: String(++notesMade) });
    notApplied.set(doc.paragraphId, list);
    renderNotes(doc.paragraphId);
    announce(`Not applied: ${refusal.message}`, true);
  }

  /** The refused change as a small redline over the text it applied to. */
  function changeHtml(base, op) {
    const chars = Array.from(base);
    let at = 0;
    let html = '';
    for (const c of op) {
      if (typeof c === 'string') html += `<ins>${esc(c)}</ins>`;
      else if (c < 0) { html += `<del>${esc(chars.slice(at, at - c).join(''))}</del>`; at -= c; }
      else {
        const kept = chars.slice(at, at + c);
        html += esc(kept.length > 40 ? `${kept.slice(0, 18).join('')} … ${kept.slice(-18).join('')}` : kept.join(''));
        at += c;
      }
    }
    return html;
  }

  function renderNotes(paragraphId) {
    const box = body.querySelector(`[data-paragraph-id="${paragraphId}"] .not-applied-notes`);
    if (!box) return;
    const list = notApplied.get(paragraphId) ?? [];
    box.innerHTML = list.map((n) => `<section class="not-applied" data-note-id="${esc(n.id)}" aria-label="Not applied">
        <h3>Not applied</h3>
        <p class="reason" dir="auto">${esc(n.message)}</p>
        <p class="change" dir="auto"${langAttr(n.text)}>${changeHtml(n.base, n.operation)}</p>
        <label>Your text of the paragraph <textarea class="refused-text" rows="3" readonly dir="auto"${langAttr(n.text)}>${esc(n.text)}</textarea></label>
        <div class="note-actions">
          <button type="button" data-note="copy">Copy</button>
          ${group.myRole === 'Expert' ? '<button type="button" data-note="propose">Propose as amendment</button>' : ''}
          <button type="button" data-note="dismiss">Dismiss</button>
        </div></section>`).join('');
    for (const section of box.querySelectorAll('.not-applied')) {
      const note = list.find((n) => n.id === section.dataset.noteId);
      section.querySelector('[data-note=copy]').onclick = async () => {
        const area = section.querySelector('.refused-text');
        area.select();
        try { await navigator.clipboard.writeText(note.text); announce('Copied.'); } catch { announce('Selected: copy it with Ctrl+C.'); }
      };
      const propose = section.querySelector('[data-note=propose]');
      if (propose) propose.onclick = () => { openPanels.delete(paragraphId); openPanel(paragraphId, 'propose', false, { text: note.text, baseTextVersion: note.version }); };
      section.querySelector('[data-note=dismiss]').onclick = () => {
        notApplied.set(paragraphId, (notApplied.get(paragraphId) ?? []).filter((n) => n.id !== note.id));
        renderNotes(paragraphId);
      };
    }
  }

  function caretsFor(paragraphId) {
    return [...presence.values()]
      .filter((e) => e.paragraphId === paragraphId && e.caret !== null && e.caret !== undefined)
      .map((e) => ({ at: e.caret, sub: e.sub, name: e.displayName }));
  }

  function bracketsNow(p) { return p.brackets ?? []; }

  function remoteApplied(doc, remote) {
    if (remote === null) {
      if (editing?.id === doc.paragraphId && editing.textarea.value !== doc.text) { editing.textarea.value = doc.text; fitHeight(editing.textarea); }
      showText(doc.paragraphId);
      return;
    }
    const p = paragraphs.get(doc.paragraphId);
    if (p) {
      p.brackets = (p.brackets ?? []).map((b) => ({ ...b, start: transformPosition(Math.min(b.start, baseLen(remote)), remote, true), end: transformPosition(Math.min(b.end, baseLen(remote)), remote, false) }));
    }
    for (const e of presence.values()) {
      if (e.paragraphId === doc.paragraphId && e.caret !== null && e.caret !== undefined && e.caret <= baseLen(remote)) e.caret = transformPosition(e.caret, remote, false);
    }
    if (editing?.id === doc.paragraphId) {
      const ta = editing.textarea;
      const old = ta.value;
      const start = transformPosition(Math.min(cpIndex(old, ta.selectionStart), baseLen(remote)), remote, false);
      const end = transformPosition(Math.min(cpIndex(old, ta.selectionEnd), baseLen(remote)), remote, false);
      ta.value = doc.text;
      ta.setSelectionRange(utf16Index(doc.text, start), utf16Index(doc.text, end));
      fitHeight(ta);
    }
    showText(doc.paragraphId);
  }

  const baseLen = (op) => op.reduce((n, c) => n + (typeof c === 'string' ? 0 : Math.abs(c)), 0);

  /** Re-renders a paragraph's text (or the overlay of its editor) and its presence list. */
  function showText(paragraphId) {
    const el = body.querySelector(`[data-paragraph-id="${paragraphId}"]`);
    const p = paragraphs.get(paragraphId);
    const doc = docs.get(paragraphId);
    if (!el || !p || !doc) return;
    const carets = caretsFor(paragraphId);
    if (editing?.id === paragraphId) {
      editing.mirror.innerHTML = richText(doc.text, bracketsNow(p), carets, false, holding.delegations) + '\u200b';
      const lang = langOf(doc.text);
      editing.textarea.lang = lang; editing.mirror.lang = lang;
    } else {
      const text = el.querySelector('.para-text');
      text.innerHTML = richText(doc.text, bracketsNow(p), carets, true, holding.delegations) || '<span class="muted">(empty)</span>';
      if (langOf(doc.text)) text.lang = langOf(doc.text); else text.removeAttribute('lang');
    }
    // Only while the live connection is down: edits are acknowledged too quickly to flag otherwise.
    el.querySelector('.unsaved').hidden = doc.synchronized || docs.canSend;
    const here = [...presence.values()].filter((e) => e.paragraphId === paragraphId);
    el.querySelector('.presence').innerHTML = here.length
      ? `<span class="visually-hidden">Here now:</span>${[...new Map(here.map((e) => [e.sub, e])).values()].map((e) => `<span class="who" data-sub="${esc(e.sub)}" style="--who:${colorOf(e.sub)}"${langAttr(e.displayName)}>${esc(e.displayName)}${e.state === 'Typing' ? ' ✎' : ''}</span>`).join('')}`
      : '';
  }

  function paragraphHtml(p) {
    return `<article class="paragraph status-${esc(p.status).toLowerCase()}" data-paragraph-id="${p.id}" aria-labelledby="pn-${p.id}">
      <div class="para-main">
        <div class="para-head">
          <span class="num" id="pn-${p.id}">${p.number ?? '–'}.</span>
          <span class="badge badge-${esc(p.status).toLowerCase()}">${esc(STATUS[p.status] ?? p.status)}</span>
          <span class="presence" aria-live="polite"></span>
          <span class="unsaved" role="status" hidden>Not saved yet: sent when the live connection is back</span>
        </div>
        <div class="para-body"><p class="para-text" dir="auto"></p></div>
        <ol class="options">${(p.options ?? []).map((o) => `<li dir="auto"${langAttr(o.text)}><strong>Option ${o.number}:</strong> [${esc(o.text)}]</li>`).join('')}</ol>
        ${bracketListHtml(docs.get(p.id)?.text ?? p.text, bracketsNow(p), { ...holding, canChange: writer && ['Proposed', 'UnderNegotiation', 'Parked'].includes(p.status) })}
        <div class="para-actions">
          ${writer && p.status !== 'Deleted' ? `<button type="button" data-act="edit">Edit</button>` : ''}
          ${writer && ['Proposed', 'UnderNegotiation'].includes(p.status) ? '<button type="button" data-act="bracket" aria-expanded="false">Bracket</button>' : ''}
          <button type="button" data-act="comments" aria-expanded="false">Comments (${p.openComments ?? 0})</button>
          <button type="button" data-act="positions" aria-expanded="false">Positions</button>
          ${group.myRole === 'Expert' ? '<button type="button" data-act="propose" aria-expanded="false">Propose amendment</button>' : ''}
          ${writer ? '<button type="button" data-act="add-after">Add paragraph after</button>' : ''}
        </div>
        <div class="not-applied-notes"></div>
        <div class="panel" hidden></div>
      </div>
      <aside class="para-aside" aria-label="Proposals on paragraph ${p.number ?? ''}"></aside>
    </article>`;
  }

  function render() {
    body.innerHTML = draft.sections.map(function section(s) {
      return `<section class="draft-section level-${s.level}" aria-labelledby="s-${s.id}">
        <h${Math.min(2 + s.level - 1, 4)} id="s-${s.id}"${langAttr(s.heading)} dir="auto">${esc(s.number)} ${esc(s.heading)}</h${Math.min(2 + s.level - 1, 4)}>
        ${s.paragraphs.map(paragraphHtml).join('')}
        ${writer && s.paragraphs.length === 0 ? `<button type="button" class="add-first" data-section="${s.id}">Add a paragraph</button>` : ''}
        ${s.subSections.map(section).join('')}
      </section>`;
    }).join('') || '<p class="muted">This draft has no sections yet.</p>';
    for (const p of paragraphs.values()) { showText(p.id); renderAside(p.id); renderNotes(p.id); }
    for (const [pid, kind] of openPanels) openPanel(pid, kind, true);
    for (const b of body.querySelectorAll('.add-first')) b.onclick = () => addParagraph(b.dataset.section, null);
    if (editing) {
      const id = editing.id;
      editing = null;
      if (paragraphs.has(id)) openEditor(id, false);
    }
  }

  function absorb(view) {
    draft = view;
    const seen = new Set();
    (function walk(sections) {
      for (const s of sections) {
        for (const p of s.paragraphs) {
          seen.add(p.id);
          const doc = docFor(p);
          if (p.textVersion > doc.version && doc.synchronized) { doc.reset(p.text, p.textVersion); remoteApplied(doc, null); }
          paragraphs.set(p.id, { ...p, sectionId: s.id, brackets: p.textVersion === doc.version ? p.brackets : (paragraphs.get(p.id)?.brackets ?? p.brackets) });
        }
        walk(s.subSections);
      }
    })(draft.sections);
    for (const id of [...paragraphs.keys()]) if (!seen.has(id)) paragraphs.delete(id);
  }

  async function loadAmendments() {
    amendments = await get(`${d}/amendments`);
  }

  function renderAside(paragraphId) {
    const el = body.querySelector(`[data-paragraph-id="${paragraphId}"] .para-aside`);
    if (!el) return;
    const mine = amendments.filter((a) => a.paragraphId === paragraphId);
    el.innerHTML = mine.length ? `<h3>Proposals</h3><ul class="amendments">${mine.map((a) => `
      <li class="amendment state-${esc(a.state).toLowerCase()}" data-amendment-id="${a.amendmentId}">
        <div><strong>${esc(a.kind.replace(/([a-z])([A-Z])/g, '$1 $2'))}</strong> <span class="badge">${esc(a.state)}</span></div>
        <div class="muted">by ${esc(names[a.proposerSub] ?? a.proposerSub)}${a.proposerState ? ` (${esc(a.proposerState)})` : ''} · ${a.supporters} support · ${a.objections} object</div>
        <div class="amendment-text" dir="auto"></div>
        <div class="amendment-actions">
          ${group.myRole === 'Expert' && a.state === 'Submitted' && a.proposerSub !== me.sub ? '<button type="button" data-do="support">Support</button><button type="button" data-do="object">Object</button>' : ''}
          ${group.myRole === 'Chair' && a.state === 'Submitted' ? '<button type="button" data-do="accept">Accept</button><button type="button" data-do="reject">Reject</button>' : ''}
          ${a.proposerSub === me.sub && a.state === 'Submitted' ? '<button type="button" data-do="withdraw">Withdraw</button>' : ''}
        </div></li>`).join('')}</ul>` : '<p class="muted small">No proposals.</p>';
    for (const li of el.querySelectorAll('.amendment')) {
      const id = li.dataset.amendmentId;
      get(`${d}/amendments/${id}`).then((a) => {
        const t = li.querySelector('.amendment-text');
        t.textContent = a.text ?? '';
        if (langOf(a.text)) t.lang = langOf(a.text);
        if (a.explanation) t.insertAdjacentHTML('afterend', `<div class="muted small" dir="auto">${esc(a.explanation)}</div>`);
      }).catch(() => {});
      for (const b of li.querySelectorAll('button[data-do]')) b.onclick = () => decide(id, b.dataset.do, b);
    }
  }

  async function decide(id, action, button) {
    if (button.disabled) return;
    button.disabled = true;
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
      announce(`Amendment ${action === 'accept' ? 'accepted' : action === 'reject' ? 'rejected' : action === 'withdraw' ? 'withdrawn' : action === 'support' ? 'supported' : 'objected to'}.`);
      await refresh();
    } catch (err) { fail(err); button.disabled = false; }
  }

  const adding = new Set();
  async function addParagraph(sectionId, afterParagraphId) {
    const key = `paragraph:${sectionId}:${afterParagraphId ?? 'first'}`;
    if (adding.has(key)) return;
    adding.add(key);
    try {
      // A paragraph is created with its text (the service refuses an empty one).
      const text = prompt('Text of the new paragraph')?.trim();
      if (!text) return;
      const r = await act(key, 'POST', `${d}/paragraphs`, { sectionId, text, afterParagraphId, first: afterParagraphId ? null : true });
      await refresh();
      openEditor(r.data.id, true);
    } catch (err) { fail(err); } finally { adding.delete(key); }
  }

  function openPanel(paragraphId, kind, restore = false, preset = null) {
    const el = body.querySelector(`[data-paragraph-id="${paragraphId}"]`);
    if (!el) return;
    const panel = el.querySelector('.panel');
    for (const b of el.querySelectorAll('[aria-expanded]')) b.setAttribute('aria-expanded', String(b.dataset.act === kind && (restore || openPanels.get(paragraphId) !== kind)));
    if (!restore && openPanels.get(paragraphId) === kind) { openPanels.delete(paragraphId); panel.hidden = true; panel.innerHTML = ''; return; }
    openPanels.set(paragraphId, kind);
    panel.hidden = false;
    if (kind === 'comments') renderComments(paragraphId, panel);
    else if (kind === 'positions') renderPositions(paragraphId, panel);
    else if (kind === 'propose' && !(restore && panel.querySelector('.propose-form'))) renderPropose(paragraphId, panel, preset);
    else if (kind === 'bracket' && !(restore && panel.querySelector('.bracket-form'))) renderBracketForm(paragraphId, panel);
  }

  // A panel is rendered by whichever render started last: an older one (e.g. from a live update) that answers later
  // must not overwrite a newer list, such as the one read right after posting a comment.
  const panelRenders = new WeakMap();
  const latestRender = (panel) => { const token = {}; panelRenders.set(panel, token); return () => panelRenders.get(panel) === token; };

  // A panel rendered again (after a live update from another member) keeps what the member was typing in it, and
  // the focus: only a form that was sent is emptied, by its own handler.
  function keepTyping(panel, render) {
    const fields = () => panel.querySelectorAll('input, textarea, select');
    const key = (el) => `${el.closest('form')?.className ?? ''}|${el.id || el.name}`;
    const typed = new Map([...fields()].map((el) => [key(el), el.value]));
    const focused = panel.contains(document.activeElement) ? key(document.activeElement) : null;
    render();
    for (const el of fields()) {
      if (typed.has(key(el))) el.value = typed.get(key(el));
      if (key(el) === focused) el.focus();
    }
  }

  async function renderComments(paragraphId, panel) {
    const isLatest = latestRender(panel);
    const c = await get(`${d}/paragraphs/${paragraphId}/comments`);
    if (!isLatest()) return;
    keepTyping(panel, () => { panel.innerHTML = `<h3>Comments <span class="muted small">${c.open} open · ${c.resolved} resolved</span></h3>
      <ul class="threads">${c.threads.map((t) => `<li class="thread${t.isResolved ? ' resolved' : ''}" data-thread-id="${t.id}">
        ${t.anchor ? `<blockquote dir="auto"${langAttr(t.anchor.quotedText)}>${esc(t.anchor.quotedText)}${t.anchor.isOrphaned ? ' <em>(deleted)</em>' : ''}</blockquote>` : ''}
        ${t.comments.map((m) => `<p dir="auto"${langAttr(m.text)}><strong>${esc(names[m.authorSub] ?? m.authorSub)}</strong>: ${esc(m.text)}</p>`).join('')}
        ${group.myRole !== 'Observer' ? `<div class="thread-actions">${t.isResolved ? '<button type="button" data-do="reopen">Reopen</button>' : `<form class="reply"><label class="visually-hidden" for="r-${t.id}">Reply</label><input id="r-${t.id}" name="text" placeholder="Reply" required dir="auto"><button type="submit">Reply</button></form><button type="button" data-do="resolve">Resolve</button>`}</div>` : ''}
      </li>`).join('')}</ul>
      ${group.myRole !== 'Observer' ? `<form class="new-thread"><label for="c-${paragraphId}">New comment</label><textarea id="c-${paragraphId}" name="text" rows="2" required dir="auto"></textarea><button type="submit">Comment</button></form>` : ''}`; });
    const form = panel.querySelector('.new-thread');
    if (form) onSubmit(form, async (f) => { await act(`comment:${paragraphId}`, 'POST', `${d}/paragraphs/${paragraphId}/comments`, { text: f.get('text') }); form.reset(); await refresh(); });
    for (const li of panel.querySelectorAll('.thread')) {
      const id = li.dataset.threadId;
      const reply = li.querySelector('form.reply');
      if (reply) onSubmit(reply, async (f) => { await act(`reply:${id}`, 'POST', `${d}/comments/${id}/replies`, { text: f.get('text') }); reply.reset(); await refresh(); });
      for (const b of li.querySelectorAll('button[data-do]')) onPress(b, async () => { await act(`thread:${id}:${b.dataset.do}`, 'POST', `${d}/comments/${id}/${b.dataset.do}`); await refresh(); });
    }
  }

  async function renderPositions(paragraphId, panel) {
    const isLatest = latestRender(panel);
    const r = await get(`${d}/paragraphs/${paragraphId}/positions`);
    if (!isLatest()) return;
    const list = r.positions ?? r.current ?? [];
    const earlier = new Map((r.givenOnEarlierText ?? []).map((e) => [e.delegation.sub, e]));
    const confirm = (x) => x.delegation?.sub === me.sub && earlier.has(me.sub) ? ' <button type="button" data-do="confirm">Confirm on current text</button>' : '';
    keepTyping(panel, () => { panel.innerHTML = `<h3>Positions</h3>
      <ul class="positions">${list.map((x) => `<li><strong>${esc(x.delegation?.state ?? names[x.delegation?.sub] ?? x.delegation?.sub)}</strong>: ${esc(POSITION[x.position?.kind] ?? x.position?.kind)}${x.position?.reason ? ` — <span dir="auto">${esc(x.position.reason)}</span>` : ''}${x.position?.reservationText ? ` — <span dir="auto">${esc(x.position.reservationText)}</span>` : ''}${earlierBadge(earlier.get(x.delegation?.sub))}${confirm(x)}</li>`).join('') || '<li class="muted">No positions yet.</li>'}</ul>
      ${group.myRole === 'Expert' ? `<form class="position-form"><label>Your delegation's position <select name="kind">${Object.entries(POSITION).map(([k, v]) => `<option value="${k}">${v}</option>`).join('')}</select></label>
        <label>Reason, reservation text <input name="reason" dir="auto"></label>
        <label>Instructions expected by <input name="expectedBy" type="date" min="${new Date().toLocaleDateString('en-CA')}"></label>
        <button type="submit">State position</button></form>` : ''}`; });
    const confirmButton = panel.querySelector('[data-do="confirm"]');
    if (confirmButton) onPress(confirmButton, async () => {
      // Confirming is stating the same position again, now on the current text.
      await act(`position:${paragraphId}`, 'POST', `${d}/paragraphs/${paragraphId}/positions`, { ...list.find((x) => x.delegation?.sub === me.sub).position });
      announce('Position confirmed on the current text.');
      renderPositions(paragraphId, panel);
    });
    const form = panel.querySelector('.position-form');
    if (form) onSubmit(form, async (f) => {
      const kind = f.get('kind');
      const text = f.get('reason') || null;
      await act(`position:${paragraphId}`, 'POST', `${d}/paragraphs/${paragraphId}/positions`, {
        kind, reason: kind === 'Objection' ? text : null, reservationText: kind === 'Reservation' ? text : null,
        // Expected by a day means by the end of that day, where the Expert is: today is still a date to come.
        expectedBy: kind === 'AwaitingInstructions' && f.get('expectedBy') ? new Date(`${f.get('expectedBy')}T23:59:59`).toISOString() : null,
      });
      announce('Position stated.');
      form.reset();
      renderPositions(paragraphId, panel);
    });
  }

  /** The amendment form; preset ({ text, baseTextVersion }) when it comes from an edit that was not applied. */
  function renderPropose(paragraphId, panel, preset = null) {
    const p = paragraphs.get(paragraphId);
    const baseTextVersion = preset?.baseTextVersion ?? docs.get(paragraphId)?.version ?? null;
    panel.innerHTML = `<form class="propose-form"><h3>Propose an amendment</h3>
      <label>Kind <select name="kind"><option value="ReplaceText">Replace the text</option><option value="AddOption">Add an option</option><option value="InsertParagraphAfter">Insert a paragraph after</option><option value="DeleteParagraph">Delete the paragraph</option></select></label>
      <label>Text <textarea name="text" rows="3" dir="auto">${esc(preset?.text ?? docs.get(paragraphId)?.text ?? p.text)}</textarea></label>
      <label>Explanation <input name="explanation" dir="auto"></label>
      <button type="submit">Propose</button></form>`;
    const form = panel.querySelector('form');
    onSubmit(form, async (f) => {
      const kind = f.get('kind');
      await act(`propose:${paragraphId}`, 'POST', `${d}/amendments`, { kind, paragraphId, text: kind === 'DeleteParagraph' ? null : f.get('text'), explanation: f.get('explanation') || null, baseTextVersion });
      announce('Amendment proposed.');
      openPanels.delete(paragraphId);
      await refresh();
    });
  }

  /** Brackets the first occurrence of the words given, at the text version this page holds, for valid holders only. */
  function renderBracketForm(paragraphId, panel) {
    panel.innerHTML = bracketFormHtml(paragraphId, holding);
    const form = panel.querySelector('form');
    onSubmit(form, async (f) => {
      const doc = docs.get(paragraphId);
      const span = spanOf(doc.text, f.get('words'));
      if (!span) throw new Error('Those words are not in the paragraph.');
      const holders = holding.role === 'Expert' ? [holding.own] : f.getAll('holders');
      await act(`bracket:${paragraphId}`, 'POST', `${d}/paragraphs/${paragraphId}/brackets`,
        { ...span, textVersion: doc.version, kind: f.get('kind'), holders, reason: f.get('reason') || null });
      announce('Text bracketed.');
      openPanels.delete(paragraphId);
      await refresh();
    });
  }

  async function changeBracket(paragraphId, button) {
    const p = paragraphs.get(paragraphId);
    const bracketId = button.closest('[data-bracket-id]').dataset.bracketId;
    const path = `${d}/paragraphs/${paragraphId}/brackets/${bracketId}`;
    if (button.dataset.bracketDo === 'clean') {
      await act(`bracket:${bracketId}:clean`, 'DELETE', path, undefined, { 'If-Match': `"${p.negotiationVersion}"` });
      announce('Bracket cleaned.');
    } else {
      const holder = button.dataset.holder ?? null;
      // The Chair and Secretariat record a delegation's withdrawal with a reason; an Expert withdraws their own.
      const reason = holder ? (prompt(`Reason for recording the withdrawal of ${button.textContent.replace(/^Withdraw /, '')}`) ?? '').trim() : null;
      if (holder && !reason) return;
      await act(`bracket:${bracketId}:withdraw:${holder ?? holding.own}`, 'POST', `${path}/withdraw`, { holder, reason });
      announce('Withdrawn from the bracket.');
    }
    await refresh();
  }

  function fitHeight(ta) {
    ta.style.height = 'auto';
    ta.style.height = `${ta.scrollHeight}px`;
  }

  function openEditor(paragraphId, focus = true) {
    if (editing?.id === paragraphId) return;
    if (editing) closeEditor();
    const el = body.querySelector(`[data-paragraph-id="${paragraphId}"]`);
    const doc = docs.get(paragraphId);
    if (!el || !doc) return;
    const bodyEl = el.querySelector('.para-body');
    bodyEl.innerHTML = `<div class="editor"><div class="mirror" dir="auto" aria-hidden="true"></div>
      <label class="visually-hidden" for="ed-${paragraphId}">Text of paragraph ${paragraphs.get(paragraphId)?.number ?? ''}</label>
      <textarea id="ed-${paragraphId}" class="live-editor" dir="auto" spellcheck="true"></textarea></div>`;
    const textarea = bodyEl.querySelector('textarea');
    const mirror = bodyEl.querySelector('.mirror');
    textarea.value = doc.text;
    editing = { id: paragraphId, textarea, mirror };
    el.classList.add('editing');
    const editButton = el.querySelector('[data-act="edit"]');
    if (editButton) editButton.textContent = 'Done';
    textarea.addEventListener('input', () => {
      if (textarea.value === doc.text) return;
      const op = diff(doc.text, textarea.value);
      try { doc.edit(op); } catch (err) { fail(err); textarea.value = doc.text; }
      fitHeight(textarea);
      showText(paragraphId);
      sendPresence(true);
    });
    const caretMoved = () => sendPresence(false);
    textarea.addEventListener('keyup', caretMoved);
    textarea.addEventListener('click', caretMoved);
    textarea.addEventListener('focus', caretMoved);
    textarea.addEventListener('select', caretMoved);
    textarea.addEventListener('keydown', (e) => { if (e.key === 'Escape') { closeEditor(); el.querySelector('[data-act="edit"]')?.focus(); } });
    showText(paragraphId);
    fitHeight(textarea);
    if (focus) textarea.focus();
    sendPresence(false);
  }

  function closeEditor() {
    if (!editing) return;
    const id = editing.id;
    const el = body.querySelector(`[data-paragraph-id="${id}"]`);
    editing = null;
    if (el) {
      el.classList.remove('editing');
      el.querySelector('.para-body').innerHTML = '<p class="para-text" dir="auto"></p>';
      const editButton = el.querySelector('[data-act="edit"]');
      if (editButton) editButton.textContent = 'Edit';
    }
    showText(id);
    hub.invoke('UpdatePresence', { groupId, draftId, paragraphId: null, caret: null, selectionEnd: null, typing: false }).catch(() => {});
  }

  let lastPresence = '';
  function sendPresence(typing) {
    if (!editing) return;
    const ta = editing.textarea;
    const caret = cpIndex(ta.value, ta.selectionStart);
    const selectionEnd = cpIndex(ta.value, ta.selectionEnd);
    const key = `${editing.id}:${caret}:${selectionEnd}:${typing}`;
    if (key === lastPresence) return;
    lastPresence = key;
    hub.invoke('UpdatePresence', { groupId, draftId, paragraphId: editing.id, caret, selectionEnd: selectionEnd === caret ? null : selectionEnd, typing }).catch(() => {});
  }

  body.addEventListener('click', (e) => {
    const change = e.target.closest('button[data-bracket-do]');
    if (change) {
      if (change.dataset.busy) return;
      change.dataset.busy = 'true';
      changeBracket(change.closest('[data-paragraph-id]').dataset.paragraphId, change).catch(fail).finally(() => { delete change.dataset.busy; });
      return;
    }
    const button = e.target.closest('button[data-act]');
    if (!button) return;
    const id = button.closest('[data-paragraph-id]').dataset.paragraphId;
    const act = button.dataset.act;
    if (act === 'edit') { if (editing?.id === id) closeEditor(); else openEditor(id); }
    else if (act === 'add-after') addParagraph(paragraphs.get(id).sectionId, id);
    else openPanel(id, act);
  });

  async function refresh() {
    const [view] = await Promise.all([get(d), loadAmendments()]);
    absorb(view);
    const ids = [...body.querySelectorAll('[data-paragraph-id]')].map((x) => x.dataset.paragraphId).join();
    const now = [...paragraphs.keys()].join();
    const before = body.querySelectorAll('[data-paragraph-id]');
    // Sections count too: a new section has no paragraph yet, and headings are renumbered.
    const headings = [...body.querySelectorAll('.draft-section > :first-child')].map((x) => x.textContent).join('|');
    const sectionsNow = (function walk(sections) { return sections.flatMap((x) => [`${x.number} ${x.heading}`, ...walk(x.subSections)]); })(draft.sections).join('|');
    const same = ids === now && before.length === paragraphs.size && headings === sectionsNow;
    if (!same) { render(); return; }
    // Same structure: update heads, options and asides in place, keeping an open editor untouched.
    for (const p of paragraphs.values()) {
      const el = body.querySelector(`[data-paragraph-id="${p.id}"]`);
      const fresh = h(paragraphHtml(p));
      el.className = fresh.className + (editing?.id === p.id ? ' editing' : '');
      el.querySelector('.para-head .num').textContent = fresh.querySelector('.num').textContent;
      el.querySelector('.para-head .badge').replaceWith(fresh.querySelector('.badge'));
      el.querySelector('.options').replaceWith(fresh.querySelector('.options'));
      el.querySelector('.bracket-list').replaceWith(fresh.querySelector('.bracket-list'));
      const comments = el.querySelector('[data-act="comments"]');
      comments.textContent = `Comments (${p.openComments ?? 0})`;
      const editButton = el.querySelector('[data-act="edit"]');
      if (editButton && p.status === 'Deleted') editButton.remove();
      showText(p.id);
      renderAside(p.id);
    }
    for (const [pid, kind] of openPanels) openPanel(pid, kind, true);
  }
  const refreshSoon = debounce(() => refresh().catch(fail), 150);

  absorb(draft);
  await loadAmendments();
  render();

  const heartbeat = setInterval(() => hub.send('Heartbeat'), 1500);
  // Closing or reloading the tab while edits wait for the live connection would lose them: ask first.
  const keepUnsaved = (e) => { if ([...docs.values()].some((doc) => !doc.synchronized)) e.preventDefault(); };
  window.addEventListener('beforeunload', keepUnsaved);
  document.addEventListener('selectionchange', onSelection);
  function onSelection() { if (editing && document.activeElement === editing.textarea) sendPresence(false); }

  room = {
    onCommitted(m) {
      if (m.draftId !== draftId) return;
      if (!docs.receive(m.paragraphId, m.operations)) refreshSoon();
    },
    onGroupEvent(m) {
      const data = m.data ?? {};
      if (data.draftId && data.draftId !== draftId) return;
      if (m.type === 'paragraph_text_changed' && docs.has(data.paragraphId)) {
        docs.receive(data.paragraphId, [{ version: data.baseTextVersion + 1, clientOperationId: data.clientOperationId ?? null, authorSub: data.authorSub, operation: data.operation }]);
        if (data.kind === 'LiveEdit') return;
      }
      refreshSoon();
    },
    onPresence(e) {
      if (e.draftId !== draftId || e.tabId === myTab) return;
      const before = presence.get(e.tabId);
      presence.set(e.tabId, e);
      if (before?.paragraphId && before.paragraphId !== e.paragraphId) showText(before.paragraphId);
      if (e.paragraphId) showText(e.paragraphId);
    },
    onPresenceLeft(gone) {
      if (gone.draftId !== draftId) return;
      const before = presence.get(gone.tabId);
      presence.delete(gone.tabId);
      if (before?.paragraphId) showText(before.paragraphId);
    },
    async rejoin() {
      const again = await hub.invoke('JoinDraft', groupId, draftId);
      myTab = again.tabId;
      presence.clear();
      for (const p of again.presence) if (p.tabId !== myTab) presence.set(p.tabId, p);
      await docs.resynchronize();
      await refresh();
      if (editing) sendPresence(false);
    },
    onDisconnected() {
      docs.disconnected();
      for (const doc of docs.values()) if (!doc.synchronized) showText(doc.paragraphId);
    },
    async leave() {
      clearInterval(heartbeat);
      window.removeEventListener('beforeunload', keepUnsaved);
      document.removeEventListener('selectionchange', onSelection);
      await hub.invoke('LeaveDraft', groupId, draftId);
    },
  };
  void states;
}

// ---------------------------------------------------------------- consensus dashboard

/** A position given on earlier text than the paragraph has now, with the code points inserted and deleted since. */
function earlierBadge(e) {
  return e ? ` <span class="badge badge-earlier-text" title="Given on text version ${esc(String(e.textVersion))}; the text changed since">on earlier text: +${e.codePointsInserted} −${e.codePointsDeleted}</span>` : '';
}

async function dashboardPage(groupId, draftId) {
  const group = await joinGroup(groupId);
  const d = `/api/groups/${groupId}/drafts/${draftId}`;
  const draft = await get(d);
  const numbers = {};
  (function walk(sections) { for (const s of sections) { for (const p of s.paragraphs) numbers[p.id] = p; walk(s.subSections); } })(draft.sections);
  main.innerHTML = `<nav class="crumbs" aria-label="Breadcrumb"><a href="#/groups">My groups</a> › <a href="#/groups/${groupId}">${esc(group.name)}</a> › <a href="#/groups/${groupId}/drafts/${draftId}"${langAttr(draft.title)}>${esc(draft.title)}</a></nav>
    <h1>Consensus dashboard</h1><div id="dash"></div>`;
  const urls = [];
  async function show() {
    const dash = await get(`${d}/dashboard`);
    const [status, burndown] = await Promise.all([imageUrl(`${d}/dashboard/status.svg`), imageUrl(`${d}/dashboard/burndown.svg`)]);
    urls.splice(0).forEach((u) => URL.revokeObjectURL(u));
    urls.push(status, burndown);
    const t = dash.totals;
    const cell = (v) => `<td>${v}</td>`;
    document.getElementById('dash').innerHTML = `
      <dl class="totals">
        <div><dt>Paragraphs</dt><dd>${t.paragraphs}</dd></div>
        <div><dt>Agreed</dt><dd>${t.statuses.agreed}</dd></div>
        <div><dt>Ad ref.</dt><dd>${t.statuses.agreedAdReferendum}</dd></div>
        <div><dt>Under negotiation</dt><dd>${t.statuses.underNegotiation}</dd></div>
        <div><dt>Objections</dt><dd>${t.objections}</dd></div>
        <div><dt>Brackets</dt><dd>${t.brackets}</dd></div>
        <div><dt>Open amendments</dt><dd>${t.openAmendments}</dd></div>
        <div><dt>Ready to agree</dt><dd>${t.readyToAgree}</dd></div>
      </dl>
      <div class="charts">
        <figure><img src="${status}" alt="Paragraph status per section"><figcaption>Paragraph status per section</figcaption></figure>
        <figure><img src="${burndown}" alt="Brackets over time"><figcaption>Brackets over time</figcaption></figure>
      </div>
      ${dash.sections.map((s) => `<section class="dash-section"><h2${langAttr(s.heading)} dir="auto">${esc(s.number)} ${esc(s.heading)}</h2>
        <div class="table-wrap"><table><thead><tr><th scope="col">¶</th><th scope="col">Status</th><th scope="col">Joins</th><th scope="col">Lives with</th><th scope="col">Awaiting</th><th scope="col">Reservations</th><th scope="col">Objections</th><th scope="col">On earlier text</th><th scope="col">Brackets</th><th scope="col">Amendments</th><th scope="col">Silence</th><th scope="col">Ready</th></tr></thead>
        <tbody>${s.paragraphs.map((p) => `<tr><th scope="row">${p.number}</th><td><span class="badge badge-${esc(p.status).toLowerCase()}">${esc(STATUS[p.status] ?? p.status)}</span></td>
          ${cell(p.positions.joinConsensus ?? 0)}${cell(p.positions.canLiveWith ?? 0)}${cell(p.positions.awaitingInstructions ?? 0)}${cell(p.positions.reservation ?? 0)}
          <td>${p.objections.length ? p.objections.map((o) => esc(o.delegation?.state ?? o.delegation?.sub ?? '')).join(', ') : '0'}</td>
          <td>${(p.givenOnEarlierText ?? []).map((e) => `${esc(e.delegation?.state ?? e.delegation?.sub ?? '')}${earlierBadge(e)}`).join(', ') || '–'}</td>
          ${cell(p.brackets)}<td>${p.openAmendments}${(p.acceptedOverObjections ?? []).map((a) => `<div class="muted small" dir="auto">Accepted over ${esc(a.objectingDelegations.join(', '))}: ${esc(a.reason ?? '')}</div>`).join('')}</td><td>${p.underSilence ? `until ${esc(new Date(p.underSilence.deadline).toLocaleString())}` : '–'}</td><td>${p.readyToAgree ? '✓' : ''}</td></tr>`).join('')}</tbody></table></div></section>`).join('')}`;
  }
  await show();
  const again = debounce(() => show().catch(fail), 300);
  room = {
    onGroupEvent(m) { if (!m.data?.draftId || m.data.draftId === draftId) again(); },
    onDashboard(m) { if (m.draftId === draftId) again(); },
    async leave() { urls.forEach((u) => URL.revokeObjectURL(u)); },
  };
  void numbers;
}

// ---------------------------------------------------------------- revisions and redline

async function revisionsPage(groupId, draftId) {
  const group = await joinGroup(groupId);
  const d = `/api/groups/${groupId}/drafts/${draftId}`;
  const draft = await get(d);
  async function show() {
    const revisions = await get(`${d}/revisions`);
    const options = revisions.map((r) => `<option value="${r.number}">${esc(r.label)}</option>`).join('');
    main.innerHTML = `<nav class="crumbs" aria-label="Breadcrumb"><a href="#/groups">My groups</a> › <a href="#/groups/${groupId}">${esc(group.name)}</a> › <a href="#/groups/${groupId}/drafts/${draftId}"${langAttr(draft.title)}>${esc(draft.title)}</a></nav>
      <h1>Revisions</h1>
      <ul class="revisions">${revisions.map((r) => `<li><strong>${esc(r.label)}</strong> <span class="muted">${esc(new Date(r.issuedAt).toLocaleString())}</span> <span dir="auto">${esc(r.note ?? '')}</span></li>`).join('') || '<li class="muted">No revision issued yet.</li>'}</ul>
      ${group.myRole === 'Chair' ? `<form id="issue-form" class="inline-form"><label>Note <input name="note" dir="auto"></label><button type="submit">Issue ${revisions.length ? `Rev.${revisions.length}` : 'the zero draft'}</button></form>` : ''}
      ${revisions.length ? `<form id="redline-form" class="inline-form" aria-label="Redline"><h2>Redline</h2>
        <label>From <select name="from">${options}</select></label>
        <label>To <select name="to">${options}<option value="current" selected>Current text</option></select></label>
        <button type="submit">Compare</button>
        <button type="button" id="redline-docx">Export redline (DOCX)</button></form><div id="redline"></div>` : ''}`;
    const issue = document.getElementById('issue-form');
    if (issue) onSubmit(issue, async (f) => { await act(`revision:${draftId}`, 'POST', `${d}/revisions`, { note: f.get('note') || null }); await show(); });
    const form = document.getElementById('redline-form');
    if (form) {
      form.onsubmit = async (e) => {
        e.preventDefault();
        const f = new FormData(form);
        try {
          const r = await get(`${d}/redline?from=${f.get('from')}&to=${f.get('to')}`);
          document.getElementById('redline').innerHTML = r.paragraphs.map((p) => `<div class="redline-para kind-${esc(p.kind).toLowerCase()}">
            <span class="num">${p.oldNumber ?? '–'} → ${p.newNumber ?? '–'}</span>
            <p dir="auto"${langAttr(p.newText ?? p.oldText)}>${p.segments.map((s) => {
              const who = s.actorSub ? ` title="${esc((group.members.find((m) => m.sub === s.actorSub)?.displayName ?? s.actorSub) + (s.at ? `, ${new Date(s.at).toLocaleString()}` : ''))}"` : '';
              return s.kind === 'Inserted' ? `<ins${who}>${esc(s.text)}</ins>` : s.kind === 'Deleted' ? `<del${who}>${esc(s.text)}</del>` : esc(s.text);
            }).join('')}</p></div>`).join('') || '<p class="muted">No differences.</p>';
        } catch (err) { fail(err); }
      };
      document.getElementById('redline-docx').onclick = async () => {
        const f = new FormData(form);
        const to = f.get('to');
        const revision = to === 'current' ? '' : `&revision=${to}`;
        try { announce(`Downloaded ${await download(`${d}/export?format=docx&variant=redline&against=${f.get('from')}${revision}`)}`); } catch (err) { fail(err); }
      };
    }
  }
  await show();
  room = { onGroupEvent: debounce((m) => { if (m?.type === 'revision_issued') show().catch(fail); }, 300), leave: async () => {} };
}

window.addEventListener('hashchange', route);
route();
