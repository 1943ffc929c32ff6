// Language versions in the drafting room: a picker of the working language and the six official languages, each
// paragraph's translation beside its working text with its status in words (current, stale with what changed since,
// missing), in-place editing and confirming for those who write translations, a filter of what is left to translate,
// and the Chair's or Secretariat's choice of the working language while the draft has no translations. A translation is
// started over REST and then co-edited live (translation-editor.js).

import { act, api, get } from '../api.js';
import { announce, debounce, esc, fail, h, onPress, onSubmit } from '../ui.js';
import { paragraphElement } from './paragraph.js';
import { presenceHtml, translationDocs } from './translation-editor.js';

/** The six official languages in the order UN documents list them, named in English. */
export const LANGUAGES = { ar: 'Arabic', zh: 'Chinese', en: 'English', fr: 'French', ru: 'Russian', es: 'Spanish' };

/** lang and dir of a text in one of the six: Simplified glyphs for Chinese, right to left for Arabic. */
export const langTag = (code) => (code === 'zh' ? 'zh-CN' : code);
export const dirOf = (code) => (code === 'ar' ? 'rtl' : 'ltr');
const textAttrs = (code) => ` lang="${langTag(code)}" dir="${dirOf(code)}"`;

const STATUS_WORDS = { Current: 'current', Stale: 'stale: the working text changed since', Missing: 'missing' };

/** The languages a member writes translations into: a Translator's own, the Secretariat's all; none for other roles. */
export function languagesWritten(group, sub) {
  if (group.myRole === 'Secretariat') return Object.keys(LANGUAGES);
  if (group.myRole !== 'Translator') return [];
  return group.members.find((m) => m.sub === sub)?.languages ?? [];
}

/** The word diff of the working text since a stale translation's source, insertions and deletions named for screen readers. */
export function wordDiffHtml(changes) {
  return (changes ?? []).map((c) => c.kind === 'Inserted'
    ? `<ins><span class="visually-hidden">[inserted: </span>${esc(c.text)}<span class="visually-hidden">]</span></ins>`
    : c.kind === 'Deleted'
      ? `<del><span class="visually-hidden">[deleted: </span>${esc(c.text)}<span class="visually-hidden">]</span></del>`
      : esc(c.text)).join('');
}

/** Sets up the language bar above the draft's body; the page calls render() after drawing paragraphs and reload() after changes. */
export function wireTranslations(room, bar) {
  const mine = () => languagesWritten(room.group, room.me.sub).filter((l) => l !== working());
  const working = () => room.draft.workingLanguage ?? 'en';
  const state = { language: working(), views: new Map(), onlyToDo: false, counts: new Map(), editing: null };
  const chooser = ['Chair', 'Secretariat'].includes(room.group.myRole);
  const pidOf = (id) => [...state.views.values()].find((v) => v.id === id)?.paragraphId;
  const live = translationDocs(room, {
    onSaved: (doc) => { const pid = pidOf(doc.paragraphId); if (pid) reread(pid).catch(fail); },
    onRefused: (doc, refusal) => announce(`Not applied: ${refusal.message} What you typed is kept here: ${refusal.text ?? ''}`, true),
  });

  bar.innerHTML = `<h2 id="language-bar-h" class="visually-hidden">Language versions</h2>
    <label>Show the draft in <select name="language" data-do="language"></select></label>
    ${mine().length ? `<label class="todo-filter"><input type="checkbox" data-do="only-to-do"> Only stale and missing translations in my languages</label>` : ''}
    <ul class="translation-counts" aria-label="Translations left to do in my languages"></ul>
    ${chooser ? `<form class="inline-form working-language-form" aria-label="Working language">
      <label>Working language <select name="language">${Object.entries(LANGUAGES).map(([k, v]) => `<option value="${k}">${v}</option>`).join('')}</select></label>
      <button type="submit">Change working language</button><p class="form-error" role="alert" hidden></p></form>` : ''}`;
  const picker = bar.querySelector('[data-do=language]');
  const filter = bar.querySelector('[data-do=only-to-do]');

  function drawPicker() {
    picker.innerHTML = Object.entries(LANGUAGES).map(([k, v]) =>
      `<option value="${k}"${k === state.language ? ' selected' : ''}>${v}${k === working() ? ' (working language)' : ''}</option>`).join('');
    const form = bar.querySelector('.working-language-form');
    if (form) form.elements.language.value = working();
  }

  async function load(language) {
    const view = await get(`${room.d}/translations?language=${language}`);
    return new Map(view.paragraphs.map((p) => [p.paragraphId, p]));
  }

  /** Current, stale and missing translations per language the reader writes, as the dashboard counts them. */
  async function loadCounts() {
    const languages = mine();
    if (!languages.length) return;
    const counts = (await get(`${room.d}/dashboard`)).translations ?? [];
    state.counts = new Map(counts.filter((c) => languages.includes(c.language)).map((c) => [c.language, c]));
    bar.querySelector('.translation-counts').innerHTML = [...state.counts].map(([l, c]) =>
      `<li data-counts="${l}"><button type="button" class="link" data-show="${l}">${LANGUAGES[l]}</button>: ${c.stale} stale, ${c.missing} missing, ${c.current} current</li>`).join('');
    for (const b of bar.querySelectorAll('[data-show]')) b.onclick = () => choose(b.dataset.show).catch(fail);
  }

  async function reload() {
    if (state.language !== working()) state.views = await load(state.language);
    else state.views = new Map();
    render();
    await loadCounts();
  }

  async function choose(language) {
    state.language = language;
    state.editing = null;
    drawPicker();
    await reload();
    announce(language === working() ? `Showing the working text (${LANGUAGES[language]}).` : `Showing the ${LANGUAGES[language]} translation beside the working text.`);
  }

  function translationHtml(pid, t) {
    const name = LANGUAGES[t.language];
    const status = t.status;
    const writes = mine().includes(t.language) && t.paragraphStatus !== 'Deleted';
    const editing = state.editing === pid;
    return `<div class="translation translation-${status.toLowerCase()}" data-language="${t.language}" data-translation-status="${status}">
      <p class="translation-head"><span class="badge badge-translation-${status.toLowerCase()}">${name} translation: ${STATUS_WORDS[status]}</span>
        <span class="presence translation-presence" aria-live="polite">${presenceHtml(room, t.id)}</span></p>
      ${editing && writes && t.text != null ? `<div class="translation-editor"><label for="tr-${pid}">${name} translation of paragraph ${t.number ?? ''} (saved as you type)</label>
        <textarea id="tr-${pid}" class="translation-live" rows="3"${textAttrs(t.language)}></textarea>
        <div class="dialog-actions"><button type="button" data-translation-do="done">Done</button></div></div>`
    : t.text != null ? `<p class="translation-text"${textAttrs(t.language)}>${esc(t.text)}</p>` : `<p class="muted">No ${name} translation yet.</p>`}
      ${status === 'Stale' ? `<div class="changes-since"><p class="changes-label">What changed in the working text since it was translated:</p>
        <p class="word-diff"${textAttrs(working())}>${wordDiffHtml(t.changesSince)}</p></div>` : ''}
      ${writes && !editing ? `<div class="translation-actions">
        <button type="button" data-translation-do="edit">${t.text != null ? `Edit ${name} translation` : `Translate into ${name}`}</button>
        ${status === 'Stale' ? `<button type="button" data-translation-do="confirm">Confirm ${name} still correct</button>` : ''}</div>` : ''}
      ${writes && editing && t.text == null ? `<form class="translation-form" aria-label="${name} translation of paragraph ${t.number ?? ''}">
        <label for="tr-${pid}">${name} translation of paragraph ${t.number ?? ''}</label>
        <textarea id="tr-${pid}" name="text" rows="4"${textAttrs(t.language)}>${esc(t.text ?? '')}</textarea>
        <div class="dialog-actions"><button type="button" data-translation-do="cancel">Cancel</button><button type="submit" class="primary">Save translation</button></div></form>` : ''}
    </div>`;
  }

  function wire(pid, box) {
    const t = state.views.get(pid);
    const path = `${room.d}/paragraphs/${pid}/translations/${t.language}`;
    const edit = box.querySelector('[data-translation-do=edit]');
    if (edit) edit.onclick = () => { state.editing = pid; show(pid); paragraphElement(room, pid)?.querySelector('.translation-form textarea')?.focus(); };
    const cancel = box.querySelector('[data-translation-do=cancel]');
    if (cancel) cancel.onclick = () => { state.editing = null; show(pid); paragraphElement(room, pid)?.querySelector('[data-translation-do=edit]')?.focus(); };
    const confirm = box.querySelector('[data-translation-do=confirm]');
    if (confirm) onPress(confirm, () => written(pid, act(`translation-confirm:${pid}:${t.language}`, 'POST', `${path}/confirm`, { sourceTextVersion: t.workingTextVersion }), 'confirmed'));
    const editor = box.querySelector('textarea.translation-live');
    if (editor) live.open(t, editor);
    const done = box.querySelector('[data-translation-do=done]');
    if (done) done.onclick = () => { live.close(t); state.editing = null; show(pid); paragraphElement(room, pid)?.querySelector('[data-translation-do=edit]')?.focus(); };
    const form = box.querySelector('.translation-form');
    // The versions are read when sending (a missing translation's is 0): after a refusal for a stale version the form is sent again over the text now.
    if (form) onSubmit(form, (f) => {
      const now = state.views.get(pid);
      return written(pid, act(`translation:${pid}:${t.language}`, 'PUT', path, { text: String(f.get('text') ?? ''), sourceTextVersion: now.workingTextVersion },
        { 'If-Match': `"${now.textVersion}"` }), 'saved');
    });
  }

  async function written(pid, request, what) {
    try {
      const { data } = await request;
      state.views.set(pid, { ...state.views.get(pid), ...data });
    } catch (err) {
      // Someone else changed the translation meanwhile: show theirs, keep the form open with what was typed.
      if (err.status === 412) { const fresh = await load(state.language); if (fresh.has(pid)) state.views.set(pid, fresh.get(pid)); }
      throw err;
    }
    state.editing = null;
    show(pid);
    const t = state.views.get(pid);
    announce(`${LANGUAGES[t.language]} translation of paragraph ${t.number ?? ''} ${what}: ${STATUS_WORDS[t.status]}.`);
    paragraphElement(room, pid)?.querySelector('.translation-head')?.setAttribute('tabindex', '-1');
    paragraphElement(room, pid)?.querySelector('.translation-head')?.focus();
    await loadCounts();
  }

  /** One translation read again after the service acknowledged an edit: its status and what changed, the editor left as it is. */
  async function reread(pid) {
    const t = state.views.get(pid);
    state.views.set(pid, await get(`${room.d}/paragraphs/${pid}/translations/${t.language}`));
    const box = paragraphElement(room, pid)?.querySelector('.translation');
    if (state.editing !== pid || !box?.querySelector('.translation-editor')) { show(pid); return; }
    const fresh = h(translationHtml(pid, state.views.get(pid)));
    box.className = fresh.className;
    box.dataset.translationStatus = fresh.dataset.translationStatus;
    box.querySelector('.translation-head').replaceWith(fresh.querySelector('.translation-head'));
    box.querySelector('.changes-since')?.remove();
    const changes = fresh.querySelector('.changes-since');
    if (changes) box.querySelector('.translation-editor').before(changes);
  }

  function show(pid) {
    const el = paragraphElement(room, pid);
    if (!el) return;
    const body = el.querySelector('.para-body');
    body.querySelector('.translation')?.remove();
    const t = state.views.get(pid);
    body.classList.toggle('with-translation', !!t);
    el.hidden = state.onlyToDo && t?.status === 'Current';
    if (!t) return;
    const box = h(translationHtml(pid, t));
    body.append(box);
    wire(pid, box);
  }

  /** Draws every paragraph's translation (after the page drew its paragraphs). */
  function render() {
    if (state.language === working()) state.views = new Map();
    for (const el of room.body.querySelectorAll('[data-paragraph-id]')) {
      // A form being typed in is left alone: a change elsewhere must not lose it.
      if (state.editing === el.dataset.paragraphId && el.querySelector('.translation-form, .translation-editor')) {
        el.hidden = false;
        continue;
      }
      show(el.dataset.paragraphId);
    }
  }

  picker.onchange = () => choose(picker.value).catch(fail);
  if (filter) {
    filter.onchange = async () => {
      state.onlyToDo = filter.checked;
      if (state.onlyToDo && !mine().includes(state.language)) await choose(mine()[0]).catch(fail);
      else render();
    };
  }
  const form = bar.querySelector('.working-language-form');
  if (form) {
    const problem = form.querySelector('.form-error');
    onSubmit(form, async (f) => {
      problem.hidden = true;
      try {
        await act(`working-language:${room.draftId}`, 'PUT', `${room.d}/working-language`, { language: f.get('language') },
          { 'If-Match': `"${(await api('GET', room.d)).data.version}"` });
      } catch (err) {
        problem.textContent = err.message;
        problem.hidden = false;
        throw err;
      }
      await room.refresh();
      state.language = working();
      drawPicker();
      await reload();
      announce(`The working language is now ${LANGUAGES[working()]}.`);
    });
  }
  drawPicker();
  const reloadSoon = debounce(() => reload().catch(fail), 200);
  return {
    render,
    reload: () => (state.language === working() ? loadCounts() : reload()),
    /** A change reached the group: a working text or a translation may have changed. */
    changed: () => reloadSoon(),
    /** Someone moved in the draft: the presence lists of the translations shown follow. */
    presence: () => {
      for (const t of state.views.values()) {
        const box = paragraphElement(room, t.paragraphId)?.querySelector('.translation-presence');
        if (box) box.innerHTML = presenceHtml(room, t.id);
      }
    },
    /** Operations committed on a text of this draft: true when it is a translation being edited here. */
    receive: (id, operations) => live.receive(id, operations),
    disconnected: () => live.docs.disconnected(),
    resynchronize: () => live.docs.resynchronize(),
    state,
  };
}
