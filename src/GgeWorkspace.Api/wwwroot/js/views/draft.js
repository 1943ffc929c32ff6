// The drafting room: a draft's sections and paragraphs with live co-editing, presence, proposals and panels.
// The page's state is one object (room) that the modules in draft/ read and change.

import { act, get, session } from '../api.js';
import { joinGroup, live } from '../connection.js';
import { LiveDraft, PROTOCOL_VERSION } from '../live-editing.js';
import { announce, debounce, esc, fail, h, langAttr, onPress, onSubmit } from '../ui.js';
import { adopt, exportFormHtml, wireExport } from '../draft/document.js';
import { loadAmendments, renderAside } from '../draft/amendments.js';
import { closeEditor, openEditor, remoteApplied, sendPresence } from '../draft/editor.js';
import { askToReload, refused, renderNotes } from '../draft/notes.js';
import { openPanel } from '../draft/panels.js';
import { loadSilence, renderSilence, tickCountdowns } from '../draft/silence.js';
import { paragraphElement, paragraphHtml, showText } from '../draft/paragraph.js';
import { addPoint, pointsOf } from '../draft/points.js';
import { renderControls } from '../draft/chair.js';
import { changeBracket } from '../draft/bracket-actions.js';
import { ownDelegation } from '../brackets.js';
import { addParagraph, deleteSection, moveSection, placeNewParagraphs } from '../draft/structure.js';
import { renderPresenceList, roomToolsHtml, wireRoomTools } from '../draft/room-tools.js';
import { HELP_HTML, listenForShortcuts } from '../draft/shortcuts.js';
import { nameControls } from '../draft/control-names.js';
import { wireTranslations } from '../draft/translations.js';

export async function draftPage(main, groupId, draftId, paragraphId = null) {
  const group = await joinGroup(groupId);
  const hub = live.hub;
  const g = `/api/groups/${groupId}`;
  const d = `${g}/drafts/${draftId}`;
  const joined = await hub.invoke('JoinDraft', groupId, draftId);
  const room = {
    main, hub, group, groupId, draftId, g, d,
    me: session.claims,
    writer: ['Chair', 'Expert', 'Secretariat'].includes(group.myRole),
    // Who may hold brackets: the delegations present, and the reader's own (an Expert's State, or themselves).
    holding: { delegations: group.delegations ?? [], role: group.myRole, own: ownDelegation(group, session.claims.sub) },
    names: Object.fromEntries(group.members.map((m) => [m.sub, m.displayName ?? m.sub])),
    draft: joined.draft,
    myTab: joined.tabId,
    presence: new Map(joined.presence.filter((p) => p.tabId !== joined.tabId).map((p) => [p.tabId, p])),
    notApplied: new Map(), // paragraphId -> [refusal]: edits the service refused, kept for the author
    notesMade: 0,
    paragraphs: new Map(), // id -> paragraph view
    amendments: [],
    openPanels: new Map(), // paragraphId -> 'comments' | 'positions' | 'propose'
    editing: null, // { id, textarea, mirror }
    lastPresence: '',
    body: null,
    quotes: new Map(), // paragraphId -> { start, end, textVersion, words }: the words a new comment quotes
    newParagraphs: new Map(), // key -> { sectionId, afterParagraphId, text }: paragraphs being written, not yet created
    refresh: () => refresh(),
    reRender: () => render(),
  };
  room.docs = new LiveDraft({
    hub, groupId, draftId, authorSub: room.me.sub,
    onText: (doc, op) => remoteApplied(room, doc, op),
    onRefused: (doc, refusal) => refused(room, doc, refusal),
    onSaved: (doc) => showText(room, doc.paragraphId),
    onTrouble: (message) => announce(message, true),
    onOutdated: () => askToReload(room),
  });
  const { docs, paragraphs } = room;
  const draft = room.draft;

  main.innerHTML = `<nav class="crumbs" aria-label="Breadcrumb"><a href="#/groups">My groups</a> › <a href="#/groups/${groupId}">${esc(group.name)}</a></nav>
    <header class="draft-head">
      <div><h1${langAttr(draft.title)}>${esc(draft.title)}</h1><p class="muted">${esc(draft.provisionalSymbol ?? '')} · your role: <strong>${esc(group.myRole)}</strong></p></div>
      <nav class="draft-nav" aria-label="Draft">
        <a class="button" href="#/groups/${groupId}/drafts/${draftId}/dashboard">Consensus dashboard</a>
        <a class="button" href="#/groups/${groupId}/drafts/${draftId}/revisions">Revisions and redline</a>
        ${group.myRole === 'Chair' ? `<button type="button" data-do="adopt">${draft.kind === 'Report' ? 'Adopt the report' : 'Adopt this draft'}</button>` : ''}
      </nav>
    </header>
    ${HELP_HTML}
    ${exportFormHtml()}
    ${roomToolsHtml()}
    <section id="language-bar" class="language-bar" aria-labelledby="language-bar-h"></section>
    <div id="draft-body"></div>
    ${room.writer ? '<form id="section-form" class="inline-form" aria-label="New section"><label>New section heading <input name="heading" required></label><button type="submit">Add section</button></form>' : ''}`;

  wireExport(room, document.getElementById('export-form')).catch(fail);
  const adoptButton = main.querySelector('[data-do=adopt]');
  if (adoptButton) onPress(adoptButton, () => adopt(room));
  const sectionForm = document.getElementById('section-form');
  if (sectionForm) onSubmit(sectionForm, async (f) => {
    await act(`section:${draftId}`, 'POST', `${d}/sections`, { heading: f.get('heading') }, { 'If-Match': `"${room.draft.version}"` });
    sectionForm.reset();
    await refresh();
  });

  const body = document.getElementById('draft-body');
  room.body = body;
  const stopNaming = nameControls(body);
  const stopShortcuts = listenForShortcuts(room);
  room.translations = wireTranslations(room, document.getElementById('language-bar'));
  if (joined.protocolVersion !== PROTOCOL_VERSION) askToReload(room);

  const structural = ['Chair', 'Secretariat'].includes(group.myRole);
  function render() {
    body.innerHTML = room.draft.sections.map(function section(s, i, siblings) {
      return `<section class="draft-section level-${s.level}" aria-labelledby="s-${s.id}">
        <h${Math.min(2 + s.level - 1, 4)} id="s-${s.id}"${langAttr(s.heading)} dir="auto">${esc(s.number)} ${esc(s.heading)}</h${Math.min(2 + s.level - 1, 4)}>
        ${structural ? `<div class="section-controls" role="group" aria-label="Section ${esc(s.number)}">${i > 0 ? `<button type="button" data-section-do="up" data-section="${s.id}">Move section up</button>` : ''}${i < siblings.length - 1 ? `<button type="button" data-section-do="down" data-section="${s.id}">Move section down</button>` : ''}${s.paragraphs.length === 0 && s.subSections.length === 0 ? `<button type="button" data-section-do="delete" data-section="${s.id}">Delete section</button>` : ''}</div>` : ''}
        ${s.paragraphs.map((p) => [paragraphHtml(room, paragraphs.get(p.id)), ...pointsOf(p, s.id).map((pt) => paragraphHtml(room, paragraphs.get(pt.id)))].join('')).join('')}
        ${room.writer && s.paragraphs.length === 0 ? `<button type="button" class="add-first" data-section="${s.id}">Add a paragraph</button>` : ''}
        ${s.subSections.map(section).join('')}
      </section>`;
    }).join('') || '<p class="muted">This draft has no sections yet.</p>';
    for (const p of paragraphs.values()) { showText(room, p.id); renderAside(room, p.id); renderNotes(room, p.id); renderSilence(room, p.id); renderControls(room, p.id); }
    for (const [pid, kind] of room.openPanels) openPanel(room, pid, kind, true);
    for (const b of body.querySelectorAll('.add-first')) b.onclick = () => addParagraph(room, b.dataset.section, null);
    for (const b of body.querySelectorAll('[data-section-do]')) {
      b.onclick = () => {
        const action = b.dataset.sectionDo;
        const done = action === 'delete' ? deleteSection(room, b.dataset.section) : moveSection(room, b.dataset.section, action === 'up' ? -1 : 1);
        done.catch(fail);
      };
    }
    placeNewParagraphs(room);
    renderPresenceList(room);
    if (room.editing) {
      const id = room.editing.id;
      room.editing = null;
      if (paragraphs.has(id)) openEditor(room, id, false);
    }
    room.translations.render();
  }

  function absorb(view) {
    room.draft = view;
    const seen = new Set();
    (function walk(sections) {
      for (const s of sections) {
        for (const p of s.paragraphs) {
          seen.add(p.id);
          const doc = docs.docFor(p.id, p.text, p.textVersion);
          if (p.textVersion > doc.version && doc.synchronized) { doc.reset(p.text, p.textVersion); remoteApplied(room, doc, null); }
          paragraphs.set(p.id, { ...p, sectionId: s.id, brackets: p.textVersion === doc.version ? p.brackets : (paragraphs.get(p.id)?.brackets ?? p.brackets) });
          for (const pt of pointsOf(p, s.id)) {
            seen.add(pt.id);
            const pointDoc = docs.docFor(pt.id, pt.text, pt.textVersion);
            if (pt.textVersion > pointDoc.version && pointDoc.synchronized) { pointDoc.reset(pt.text, pt.textVersion); remoteApplied(room, pointDoc, null); }
            paragraphs.set(pt.id, { ...pt, brackets: pt.textVersion === pointDoc.version ? pt.brackets : (paragraphs.get(pt.id)?.brackets ?? pt.brackets) });
          }
        }
        walk(s.subSections);
      }
    })(view.sections);
    for (const id of [...paragraphs.keys()]) if (!seen.has(id)) paragraphs.delete(id);
  }

  body.addEventListener('click', (e) => {
    const change = e.target.closest('button[data-bracket-do]');
    if (change) {
      if (change.dataset.busy) return;
      change.dataset.busy = 'true';
      changeBracket(room, change.closest('[data-paragraph-id]').dataset.paragraphId, change).catch(fail).finally(() => { delete change.dataset.busy; });
      return;
    }
    const button = e.target.closest('button[data-act]');
    if (!button) return;
    const id = button.closest('[data-paragraph-id]').dataset.paragraphId;
    const action = button.dataset.act;
    if (action === 'edit') { if (room.editing?.id === id) closeEditor(room); else openEditor(room, id); }
    else if (action === 'add-after') addParagraph(room, paragraphs.get(id).sectionId, id);
    else if (action === 'add-point') addPoint(room, id);
    else openPanel(room, id, action);
  });

  async function refresh() {
    const [view] = await Promise.all([get(d), loadAmendments(room), loadSilence(room)]);
    absorb(view);
    const ids = [...body.querySelectorAll('[data-paragraph-id]')].map((x) => x.dataset.paragraphId).join();
    const now = [...paragraphs.keys()].join();
    const before = body.querySelectorAll('[data-paragraph-id]');
    // Sections count too: a new section has no paragraph yet, and headings are renumbered.
    const headings = [...body.querySelectorAll('.draft-section > :first-child')].map((x) => x.textContent).join('|');
    const sectionsNow = (function walk(sections) { return sections.flatMap((x) => [`${x.number} ${x.heading}`, ...walk(x.subSections)]); })(view.sections).join('|');
    const same = ids === now && before.length === paragraphs.size && headings === sectionsNow;
    if (!same) { render(); return; }
    // Same structure: update heads, options and asides in place, keeping an open editor untouched.
    for (const p of paragraphs.values()) {
      const el = paragraphElement(room, p.id);
      const fresh = h(paragraphHtml(room, p));
      el.className = fresh.className + (room.editing?.id === p.id ? ' editing' : '');
      el.querySelector('.para-head .num').textContent = fresh.querySelector('.num').textContent;
      el.querySelector('.para-head .badge').replaceWith(fresh.querySelector('.badge'));
      el.querySelector('.options').replaceWith(fresh.querySelector('.options'));
      el.querySelector('.bracket-list').replaceWith(fresh.querySelector('.bracket-list'));
      const comments = el.querySelector('[data-act="comments"]');
      comments.textContent = `Comments (${p.openComments ?? 0})`;
      el.dataset.status = p.status;
      // Deleting or restoring changes what can be done with the paragraph: its actions follow.
      if (!el.querySelector('[data-act="edit"]') !== !fresh.querySelector('[data-act="edit"]') && room.editing?.id !== p.id) {
        el.querySelector('.para-actions').replaceWith(fresh.querySelector('.para-actions'));
      }
      showText(room, p.id);
      renderAside(room, p.id);
      renderSilence(room, p.id);
      renderControls(room, p.id);
    }
    for (const [pid, kind] of room.openPanels) openPanel(room, pid, kind, true);
  }
  const refreshSoon = debounce(() => refresh().then(() => room.translations.reload()).catch(fail), 150);

  absorb(draft);
  await Promise.all([loadAmendments(room), loadSilence(room)]);
  render();
  wireRoomTools(room);
  room.translations.reload().catch(fail);
  // Opened from a link to one paragraph (the dashboard's rows): show it and take the focus there.
  const target = paragraphId ? paragraphElement(room, paragraphId) : null;
  if (target) { target.tabIndex = -1; setTimeout(() => { target.scrollIntoView({ block: 'center' }); target.focus({ preventScroll: true }); }, 0); }

  const heartbeat = setInterval(() => hub.send('Heartbeat'), 1500);
  const countdown = setInterval(() => tickCountdowns(room), 1000);
  // Closing or reloading the tab while edits wait for the live connection would lose them: ask first.
  const keepUnsaved = (e) => { if ([...docs.values()].some((doc) => !doc.synchronized)) e.preventDefault(); };
  window.addEventListener('beforeunload', keepUnsaved);
  document.addEventListener('selectionchange', onSelection);
  function onSelection() { if (room.editing && document.activeElement === room.editing.textarea) sendPresence(room, false); }

  live.room = {
    onCommitted(m) {
      if (m.draftId !== draftId) return;
      if (!docs.receive(m.paragraphId, m.operations) && !room.translations.receive(m.paragraphId, m.operations)) refreshSoon();
      room.translations.changed();
    },
    onGroupEvent(m) {
      const data = m.data ?? {};
      if (data.draftId && data.draftId !== draftId) return;
      if (m.type === 'paragraph_text_changed' && docs.has(data.paragraphId)) {
        docs.receive(data.paragraphId, [{ version: data.baseTextVersion + 1, clientOperationId: data.clientOperationId ?? null, authorSub: data.authorSub, operation: data.operation }]);
        room.translations.changed();
        if (data.kind === 'LiveEdit') return;
      }
      refreshSoon();
    },
    onPresence(e) {
      if (e.draftId !== draftId || e.tabId === room.myTab) return;
      const before = room.presence.get(e.tabId);
      room.presence.set(e.tabId, e);
      if (before?.paragraphId && before.paragraphId !== e.paragraphId) showText(room, before.paragraphId);
      if (e.paragraphId) showText(room, e.paragraphId);
      renderPresenceList(room);
      room.translations.presence();
    },
    onPresenceLeft(gone) {
      if (gone.draftId !== draftId) return;
      const before = room.presence.get(gone.tabId);
      room.presence.delete(gone.tabId);
      if (before?.paragraphId) showText(room, before.paragraphId);
      renderPresenceList(room);
      room.translations.presence();
    },
    async rejoin() {
      const again = await hub.invoke('JoinDraft', groupId, draftId);
      room.myTab = again.tabId;
      room.presence.clear();
      for (const p of again.presence) if (p.tabId !== room.myTab) room.presence.set(p.tabId, p);
      renderPresenceList(room);
      await docs.resynchronize();
      await room.translations.resynchronize();
      await refresh();
      if (room.editing) sendPresence(room, false);
    },
    onDisconnected() {
      docs.disconnected();
      room.translations.disconnected();
      for (const doc of docs.values()) if (!doc.synchronized) showText(room, doc.paragraphId);
    },
    async leave() {
      clearInterval(heartbeat);
      clearInterval(countdown);
      stopNaming();
      stopShortcuts();
      window.removeEventListener('beforeunload', keepUnsaved);
      document.removeEventListener('selectionchange', onSelection);
      await hub.invoke('LeaveDraft', groupId, draftId);
    },
  };
}
