// The Chair's consensus dashboard: totals, charts and one row per paragraph.

import { get, imageUrl } from '../api.js';
import { joinGroup, live } from '../connection.js';
import { STATUS, debounce, earlierBadge, esc, fail, langAttr } from '../ui.js';
import { describeIn } from '../zoned-time.js';

/** The dashboard's filters: which rows each keeps (from the row's data attributes). */
const FILTERS = {
  all: { label: 'All', keep: () => true },
  negotiating: { label: 'Under negotiation', keep: (r) => r.status === 'UnderNegotiation' },
  objections: { label: 'With objections', keep: (r) => Number(r.objections) > 0 },
  silence: { label: 'Under silence', keep: (r) => r.silence === '1' },
};

export async function dashboardPage(main, groupId, draftId) {
  const group = await joinGroup(groupId);
  const d = `/api/groups/${groupId}/drafts/${draftId}`;
  const draft = await get(d);
  const numbers = {};
  (function walk(sections) { for (const s of sections) { for (const p of s.paragraphs) numbers[p.id] = p; walk(s.subSections); } })(draft.sections);
  main.innerHTML = `<nav class="crumbs" aria-label="Breadcrumb"><a href="#/groups">My groups</a> › <a href="#/groups/${groupId}">${esc(group.name)}</a> › <a href="#/groups/${groupId}/drafts/${draftId}"${langAttr(draft.title)}>${esc(draft.title)}</a></nav>
    <h1>Consensus dashboard</h1>
    <fieldset class="filters"><legend>Show paragraphs</legend>
      ${Object.entries(FILTERS).map(([k, v], i) => `<label class="radio"><input type="radio" name="filter" value="${k}"${i === 0 ? ' checked' : ''}> ${v.label}</label>`).join('')}
    </fieldset>
    <div id="dash"></div>`;
  const filter = () => {
    const chosen = FILTERS[main.querySelector('input[name=filter]:checked')?.value ?? 'all'];
    for (const row of main.querySelectorAll('tr[data-row]')) row.hidden = !chosen.keep(row.dataset);
  };
  for (const radio of main.querySelectorAll('input[name=filter]')) radio.onchange = filter;
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
        <tbody>${s.paragraphs.map((p) => `<tr data-row="${esc(p.paragraphId)}" tabindex="0" aria-label="Paragraph ${p.number}: ${esc(STATUS[p.status] ?? p.status)}" data-status="${esc(p.status)}" data-objections="${p.objections.length}" data-silence="${p.underSilence ? 1 : 0}"><th scope="row"><a href="#/groups/${groupId}/drafts/${draftId}/paragraphs/${esc(p.paragraphId)}" aria-label="Paragraph ${p.number}">${p.number}</a></th><td><span class="badge badge-${esc(p.status).toLowerCase()}">${esc(STATUS[p.status] ?? p.status)}</span></td>
          ${cell(p.positions.joinConsensus ?? 0)}${cell(p.positions.canLiveWith ?? 0)}${cell(p.positions.awaitingInstructions ?? 0)}${cell(p.positions.reservation ?? 0)}
          <td>${p.objections.length ? p.objections.map((o) => esc(o.delegation?.state ?? o.delegation?.sub ?? '')).join(', ') : '0'}</td>
          <td>${(p.givenOnEarlierText ?? []).map((e) => `${esc(e.delegation?.state ?? e.delegation?.sub ?? '')}${earlierBadge(e)}`).join(', ') || '–'}</td>
          ${cell(p.brackets)}<td>${p.openAmendments}${(p.acceptedOverObjections ?? []).map((a) => `<div class="muted small" dir="auto">Accepted over ${esc(a.objectingDelegations.join(', '))}: ${esc(a.reason ?? '')}</div>`).join('')}</td><td>${p.underSilence ? `until ${esc(describeIn(new Date(p.underSilence.deadline), group.timeZone))}` : '–'}</td><td>${p.readyToAgree ? '✓' : ''}</td></tr>`).join('')}</tbody></table></div></section>`).join('')}`;
  }
  // Rows are reached by keyboard (Tab, or arrows from row to row) and Enter opens their paragraph, as a click does.
  const rows = document.getElementById('dash');
  rows.addEventListener('keydown', (e) => {
    const row = e.target.closest?.('tr[data-row]');
    if (!row || e.target !== row) return;
    if (e.key === 'Enter') { e.preventDefault(); location.hash = row.querySelector('th a').getAttribute('href'); return; }
    const step = { ArrowDown: 1, ArrowUp: -1 }[e.key];
    const shown = [...rows.querySelectorAll('tr[data-row]')].filter((r) => !r.hidden);
    const next = step && shown[shown.indexOf(row) + step];
    if (next) { e.preventDefault(); next.focus(); }
  });
  rows.addEventListener('click', (e) => {
    const row = e.target.closest?.('tr[data-row]');
    if (row && !e.target.closest('a, button')) location.hash = row.querySelector('th a').getAttribute('href');
  });
  await show();
  filter();
  const again = debounce(() => show().then(filter).catch(fail), 300);
  live.room = {
    onGroupEvent(m) { if (!m.data?.draftId || m.data.draftId === draftId) again(); },
    onDashboard(m) { if (m.draftId === draftId) again(); },
    async leave() { urls.forEach((u) => URL.revokeObjectURL(u)); },
  };
  void numbers;
}
