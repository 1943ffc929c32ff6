// The group's members; the Secretariat adds and removes members and changes their role, nominating State,
// attribution and a Translator's languages. Every change names the group version it was based on.

import { act, api } from '../api.js';
import { ask, confirmAction } from '../dialog.js';
import { announce, esc, langAttr, onPress, onSubmit } from '../ui.js';
import { LANGUAGES } from '../draft/translations.js';

const ROLES = ['Chair', 'Expert', 'Secretariat', 'Observer', 'Translator'];
const ATTRIBUTION = { NominatingState: 'To the nominating State', Personal: 'Personal capacity' };

const languageNames = (codes) => (codes ?? []).map((c) => LANGUAGES[c] ?? c).join(', ');
/** Languages typed as codes or names ("fr, Arabic"), as codes; what is not one of the six is sent as typed, for the service to name. */
const languagesOf = (typed) => String(typed ?? '').split(/[\s,;]+/).filter(Boolean)
  .map((w) => Object.entries(LANGUAGES).find(([k, v]) => k === w.toLowerCase() || v.toLowerCase() === w.toLowerCase())?.[0] ?? w);

const roleOptions = (selected) => ROLES.map((r) => `<option value="${r}"${r === selected ? ' selected' : ''}>${r}</option>`).join('');

/** The members section of the group page; the Secretariat's controls only for the Secretariat. */
export function membersHtml(group) {
  const manages = group.myRole === 'Secretariat';
  return `<section aria-labelledby="members-h"><h2 id="members-h">Members</h2>
    <ul class="members">${group.members.map((m) => `<li data-member="${esc(m.sub)}"><span${langAttr(m.displayName)}>${esc(m.displayName ?? m.sub)}</span>
      <span class="muted">${esc(m.role)}${m.nominatingState ? ` · ${esc(m.nominatingState)}` : ''}${m.attribution === 'Personal' && m.nominatingState ? ' · personal capacity' : ''}${m.languages?.length ? ` · translates into ${esc(languageNames(m.languages))}` : ''}</span>
      ${manages ? `<span class="member-actions"><button type="button" data-member-do="change">Change</button><button type="button" data-member-do="remove">Remove</button></span>` : ''}</li>`).join('')}</ul>
    ${manages ? `<form id="member-form" class="stacked-form" aria-labelledby="member-form-h"><h3 id="member-form-h">Add a member</h3>
      <label for="m-sub">Identity (sub at the identity provider)</label><input id="m-sub" name="sub" required autocomplete="off">
      <label for="m-name">Display name</label><input id="m-name" name="displayName" dir="auto">
      <label for="m-role">Role</label><select id="m-role" name="role">${roleOptions('Expert')}</select>
      <label for="m-state">Nominating State (ISO 3166 alpha-3, or EU)</label><input id="m-state" name="nominatingState" maxlength="3" autocomplete="off">
      <fieldset id="m-languages" class="languages-choice"><legend>Languages (a Translator translates into)</legend>${Object.entries(LANGUAGES).map(([k, v]) => `<label><input type="checkbox" name="languages" value="${k}"> ${v}</label>`).join('')}</fieldset>
      <label for="m-attribution">Contributions attributed</label><select id="m-attribution" name="attribution"><option value="">As the rules default</option>${Object.entries(ATTRIBUTION).map(([k, v]) => `<option value="${k}">${v}</option>`).join('')}</select>
      <button type="submit">Add member</button></form>` : ''}
  </section>`;
}

/** Wires the Secretariat's controls; after each change the page is shown again (reload). */
export function wireMembers(main, group, reload) {
  if (group.myRole !== 'Secretariat') return;
  const g = `/api/groups/${group.id}`;
  const version = async () => (await api('GET', g)).data.version;
  const form = main.querySelector('#member-form');
  onSubmit(form, async (f) => {
    const state = String(f.get('nominatingState') ?? '').trim().toUpperCase();
    await act(`member:${group.id}`, 'POST', `${g}/members`, {
      sub: String(f.get('sub')).trim(), displayName: String(f.get('displayName') ?? '').trim() || null, role: f.get('role'),
      nominatingState: state || null, attribution: f.get('attribution') || null,
      languages: f.get('role') === 'Translator' || f.getAll('languages').length ? f.getAll('languages') : null,
    }, { 'If-Match': `"${await version()}"` });
    announce('Member added.');
    form.reset();
    await reload();
  });
  for (const li of main.querySelectorAll('[data-member]')) {
    const member = group.members.find((m) => m.sub === li.dataset.member);
    const name = member.displayName ?? member.sub;
    onPress(li.querySelector('[data-member-do=change]'), async () => {
      const done = await ask({
        title: `Change ${name}`,
        fields: [
          { name: 'role', label: 'Role', type: 'select', value: member.role, options: ROLES.map((r) => ({ value: r, label: r })) },
          { name: 'nominatingState', label: 'Nominating State (ISO 3166 alpha-3, or EU)', value: member.nominatingState ?? '' },
          { name: 'attribution', label: 'Contributions attributed', type: 'select', value: member.attribution, options: Object.entries(ATTRIBUTION).map(([value, label]) => ({ value, label })) },
          { name: 'languages', label: 'Languages (a Translator translates into)', value: languageNames(member.languages), hint: 'Arabic, Chinese, English, French, Russian or Spanish (or ar, zh, en, fr, ru, es), separated by commas.' },
        ],
        confirm: 'Save',
        submit: async (v) => act(`member-change:${member.sub}`, 'PUT', `${g}/members/${encodeURIComponent(member.sub)}`,
          { role: v.role, nominatingState: v.nominatingState.toUpperCase() || null, attribution: v.attribution || null, languages: languagesOf(v.languages) }, { 'If-Match': `"${await version()}"` }),
      });
      if (done !== null) { announce(`${name} changed.`); await reload(); }
    });
    onPress(li.querySelector('[data-member-do=remove]'), async () => {
      if (!await confirmAction({ title: `Remove ${name}?`, message: 'They no longer see the group or anything in it.', confirm: 'Remove', danger: true })) return;
      await act(`member-remove:${member.sub}`, 'DELETE', `${g}/members/${encodeURIComponent(member.sub)}`, undefined, { 'If-Match': `"${await version()}"` });
      announce(`${name} removed.`);
      await reload();
    });
  }
}
