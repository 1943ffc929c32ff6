// My groups, and (for the Secretariat in Development) setting up the demo workspace.

import { api, get, session, ApiError } from '../api.js';
import { esc, fail, h, langAttr } from '../ui.js';

export async function groupsPage(main) {
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
