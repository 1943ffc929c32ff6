'use strict';
// A live-editing client written from docs/api.md and docs/live-editing.md alone, with the official SignalR client and
// ot-text-unicode's own transform and compose. It checks that clients that are not ours converge with the service.
//
//   node client.js converge --url http://127.0.0.1:5181 --seed 1 [--clients 3 --edits 300]
//   node client.js refusals --url http://127.0.0.1:5181
//
// Prints one JSON line per finding and a last JSON line with the summary; exits 0 when every check held.

const signalR = require('@microsoft/signalr');
const { type, insert, remove } = require('ot-text-unicode');
const { textHash } = require('./xxh64');

const PROBLEM_PREFIX = 'tag:gge-workspace,2026:problem:';
const GAP_WAIT_MS = 1000;
// The version of the live-editing protocol this client implements (docs/live-editing.md), sent with every operation.
const PROTOCOL_VERSION = 2;

function parseArgs(argv) {
  const args = { mode: argv[0] || 'converge', url: 'http://127.0.0.1:5080', seed: 1, clients: 3, edits: 300 };
  for (let i = 1; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    args[name] = ['seed', 'clients', 'edits'].includes(name) ? Number(argv[i + 1]) : argv[i + 1];
  }
  return args;
}

// A small seeded PRNG (mulberry32), so a seed replays the same edits.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const codePoints = (s) => Array.from(s).length;

// Texts that stress code points: astral emoji, ZWJ sequences, flags, combining marks, Arabic (RTL), Chinese.
const FRAGMENTS = [
  'verification ', 'a', ' ', '😀', '👩‍👩‍👧', '🇺🇳', '👍🏽', 'é', 'n̈', 'ḯ', 'ق̣', 'سلام', 'التحقق ', '核查', '核裁军', '𠜎𠜱',
  'x😀y', '«»', '\u200f', '\u200d', 'e\u0301\u0302', '١٢٣',
];

// The service's operations walk the whole text: n > 0 retains, "s" inserts, -n deletes (docs/live-editing.md).
// ot-text-unicode's: n skips, "s" inserts, {d: n} deletes, and a trailing skip is trimmed.
function toWire(op, baseLength) {
  const wire = [];
  let consumed = 0;
  for (const c of op) {
    if (typeof c === 'number') { wire.push(c); consumed += c; }
    else if (typeof c === 'string') wire.push(c);
    else {
      const n = typeof c.d === 'number' ? c.d : codePoints(c.d);
      wire.push(-n);
      consumed += n;
    }
  }
  if (baseLength > consumed) wire.push(baseLength - consumed);
  return wire;
}

function fromWire(wire) {
  return type.normalize(wire.map((c) => (typeof c === 'number' && c < 0 ? { d: -c } : c)));
}

// One operation turning a into b: keep the common start and end (in code points), replace the middle.
function diff(a, b) {
  const x = Array.from(a);
  const y = Array.from(b);
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let end = 0;
  while (end < x.length - start && end < y.length - start && x[x.length - 1 - end] === y[y.length - 1 - end]) end++;
  const op = [start];
  if (x.length - start - end > 0) op.push({ d: x.length - start - end });
  if (y.length - start - end > 0) op.push(y.slice(start, y.length - end).join(''));
  return type.normalize(op);
}

function problemOf(error) {
  const message = String((error && error.message) || error);
  const start = message.indexOf('{');
  if (start < 0) return { unparsed: message };
  try {
    return JSON.parse(message.slice(start));
  } catch (_) {
    return { unparsed: message };
  }
}

async function http(base, method, path, token, body, headers) {
  const response = await fetch(base + path, {
    method,
    headers: Object.assign(
      { 'Content-Type': 'application/json' },
      token ? { Authorization: 'Bearer ' + token } : {},
      headers || {}),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return { status: response.status, etag: response.headers.get('etag'), json };
}

async function tokenFor(base, sub) {
  return (await http(base, 'POST', '/api/dev/tokens', null, { sub })).json.token;
}

// docs/api.md: the Secretariat creates a group and adds members; the Chair opens a workstream, a section, a paragraph.
async function setUp(base, writers) {
  const secretariat = await tokenFor(base, 'demo-secretariat');
  const created = await http(base, 'POST', '/api/groups', secretariat,
    { name: 'Conformance of live editing', mandateReference: 'A/RES/71/67' });
  const groupId = created.json.id;
  let etag = created.etag;
  const roles = { 'demo-chair': ['Chair', 'NOR'], 'demo-expert-can': ['Expert', 'CAN'], 'demo-expert-chn': ['Expert', 'CHN'],
    'demo-expert-mex': ['Expert', 'MEX'], 'demo-expert-gbr': ['Expert', 'GBR'], 'demo-expert-usa': ['Expert', 'USA'] };
  for (const sub of ['demo-chair'].concat(writers.filter((s) => s !== 'demo-chair'))) {
    const [role, state] = roles[sub];
    etag = (await http(base, 'POST', `/api/groups/${groupId}/members`, secretariat,
      { sub, role, nominatingState: state }, { 'If-Match': etag })).etag;
  }
  const chair = await tokenFor(base, 'demo-chair');
  const g = `/api/groups/${groupId}`;
  const draftId = (await http(base, 'POST', `${g}/workstreams`, chair,
    { title: 'Verification challenges', mandate: 'Identify the challenges' })).json.draftId;
  const draft = await http(base, 'GET', `${g}/drafts/${draftId}`, chair);
  await http(base, 'POST', `${g}/drafts/${draftId}/sections`, chair, { heading: 'Verification challenges' }, { 'If-Match': draft.etag });
  const sectionId = (await http(base, 'GET', `${g}/drafts/${draftId}`, chair)).json.sections[0].id;
  const paragraphId = (await http(base, 'POST', `${g}/drafts/${draftId}/paragraphs`, chair,
    { sectionId, text: 'Verification 核查 التحقق 😀.' })).json.id;
  return { groupId, draftId, paragraphId, chair };
}

function connect(base, token) {
  return new signalR.HubConnectionBuilder()
    .withUrl(base + '/hubs/drafting', { accessTokenFactory: () => token })
    .configureLogging(signalR.LogLevel.None)
    .build();
}

function findParagraph(sections, id) {
  for (const section of sections) {
    const found = section.paragraphs.find((p) => p.id === id) || findParagraph(section.subSections || [], id);
    if (found) return found;
  }
  return null;
}

// One co-editor of one paragraph, as docs/live-editing.md says: one operation in flight, the rest composed into a
// buffer, incoming operations applied strictly in version order and transformed with the remote winning ties.
class CoEditor {
  constructor(name, sub, connection, place, random) {
    Object.assign(this, { name, sub, connection, place, random });
    this.counter = 0;
    this.inFlight = null;
    this.inFlightId = null;
    this.buffer = null;
    this.held = new Map();
    this.expectedHashes = new Map();
    this.hashesChecked = 0;
    this.hashMismatches = [];
    this.refusals = [];
    this.resyncs = 0;
    this.gapTimer = null;
  }

  async join() {
    this.connection.on('OperationsCommitted', (message) => {
      if (message.paragraphId !== this.place.paragraphId) return;
      for (const entry of message.operations) this.receive(entry);
    });
    await this.connection.start();
    const joined = await this.connection.invoke('JoinDraft', this.place.groupId, this.place.draftId);
    this.servedProtocol = joined.protocolVersion;
    const paragraph = findParagraph(joined.draft.sections, this.place.paragraphId);
    this.serverText = paragraph.text;
    this.version = paragraph.textVersion;
    this.text = paragraph.text;
  }

  edit() {
    const length = codePoints(this.text);
    const at = Math.floor(this.random() * (length + 1));
    let op;
    if (length > 0 && (this.random() < 0.4 || length > 400)) {
      const count = 1 + Math.floor(this.random() * Math.min(5, length - at));
      op = at < length ? remove(at, count) : remove(at - 1, 1);
    } else {
      let text = '';
      const parts = 1 + Math.floor(this.random() * 3);
      for (let i = 0; i < parts; i++) text += FRAGMENTS[Math.floor(this.random() * FRAGMENTS.length)];
      op = insert(at, text);
    }
    op = type.normalize(op);
    this.text = type.apply(this.text, op);
    this.buffer = this.buffer ? type.compose(this.buffer, op) : op;
    this.flush();
  }

  flush() {
    if (this.inFlight || !this.buffer) return;
    if (this.buffer.length === 0) { this.buffer = null; return; }
    this.inFlight = this.buffer;
    this.buffer = null;
    this.inFlightId = `${this.sub}:${this.place.paragraphId}:${++this.counter}:${Math.floor(this.random() * 1e9)}`;
    this.submit();
  }

  // Sends the operation in flight on the server text held; a resend keeps its clientOperationId (applied at most once).
  submit() {
    const submit = {
      groupId: this.place.groupId, draftId: this.place.draftId, paragraphId: this.place.paragraphId,
      baseVersion: this.version, clientOperationId: this.inFlightId, operation: toWire(this.inFlight, codePoints(this.serverText)),
      protocolVersion: PROTOCOL_VERSION,
    };
    this.connection.invoke('SubmitOperation', submit).then(
      (ack) => { if (ack && ack.textHash) this.expectHash(ack.version, ack.textHash); },
      (error) => this.refusals.push(problemOf(error)));
  }

  expectHash(version, hash) {
    if (version <= this.version) return;
    this.expectedHashes.set(version, hash);
  }

  checkHash(version, hash) {
    if (!hash) return;
    this.hashesChecked++;
    const actual = textHash(this.serverText);
    if (actual !== hash) {
      this.hashMismatches.push({ client: this.name, version, expected: hash, actual });
      this.resync();
    }
  }

  // The text held differs from the service's: take its whole text again, and rebase local edits over the difference.
  async resync() {
    this.resyncs++;
    const whole = await this.connection.invoke('Resync', this.place.groupId, this.place.draftId, this.place.paragraphId);
    if (whole.version < this.version) return;
    this.applyRemote(diff(this.serverText, whole.text));
    this.serverText = whole.text;
    this.version = whole.version;
    for (const v of [...this.held.keys()]) if (v <= this.version) this.held.delete(v);
    this.drain();
    if (this.inFlight) this.submit();
    this.flush();
  }

  receive(entry) {
    if (entry.version <= this.version) return;
    this.held.set(entry.version, entry);
    this.drain();
  }

  drain() {
    while (this.held.has(this.version + 1)) {
      const next = this.held.get(this.version + 1);
      this.held.delete(this.version + 1);
      this.applyNext(next);
    }
    this.watchGap();
  }

  applyNext(entry) {
    const operation = fromWire(entry.operation);
    if (this.inFlight && entry.clientOperationId === this.inFlightId && entry.authorSub === this.sub) {
      this.serverText = type.apply(this.serverText, operation);
      this.version = entry.version;
      this.inFlight = null;
      this.inFlightId = null;
    } else {
      this.serverText = type.apply(this.serverText, operation);
      this.applyRemote(operation);
      this.version = entry.version;
    }
    this.checkHash(entry.version, entry.textHash);
    if (this.expectedHashes.has(this.version)) {
      this.checkHash(this.version, this.expectedHashes.get(this.version));
      this.expectedHashes.delete(this.version);
    }
    this.flush();
  }

  // A remote operation on the server text: rebase the operation in flight and the buffer over it, apply it to the text shown.
  applyRemote(operation) {
    let remote = operation;
    if (this.inFlight) {
      const inFlight = type.transform(this.inFlight, remote, 'right');
      remote = type.transform(remote, this.inFlight, 'left');
      this.inFlight = inFlight;
    }
    if (this.buffer) {
      const buffer = type.transform(this.buffer, remote, 'right');
      remote = type.transform(remote, this.buffer, 'left');
      this.buffer = buffer;
    }
    this.text = type.apply(this.text, remote);
  }

  // A broadcast can be lost while the connection stays up: when the next version is still missing after a short wait,
  // catch up from the version held.
  watchGap() {
    if (this.gapTimer || this.held.size === 0) return;
    const waitingFor = this.version + 1;
    this.gapTimer = setTimeout(async () => {
      this.gapTimer = null;
      if (this.version >= waitingFor) { this.watchGap(); return; }
      const caught = await this.connection.invoke('CatchUp', this.place.groupId, this.place.draftId, this.place.paragraphId, this.version);
      if (caught.text !== null && caught.text !== undefined) throw new Error(`${this.name}: whole text on catch-up; not expected in this run`);
      if (caught.textHash) this.expectHash(caught.version, caught.textHash);
      for (const entry of caught.operations) this.receive(entry);
      this.watchGap();
    }, GAP_WAIT_MS);
  }

  get idle() { return !this.inFlight && !this.buffer; }
}

async function converge(args) {
  const base = args.url.replace(/\/$/, '');
  const random = prng(args.seed);
  const writers = ['demo-chair', 'demo-expert-can', 'demo-expert-chn', 'demo-expert-mex', 'demo-expert-gbr', 'demo-expert-usa']
    .slice(0, args.clients);
  const place = await setUp(base, writers);
  const editors = [];
  for (let i = 0; i < writers.length; i++) {
    const token = await tokenFor(base, writers[i]);
    const editor = new CoEditor(`client${i + 1}`, writers[i], connect(base, token), place, prng(args.seed * 1000 + i + 1));
    await editor.join();
    editors.push(editor);
  }

  await Promise.all(editors.map(async (editor) => {
    for (let i = 0; i < args.edits; i++) {
      await sleep(Math.floor(random() * 9));
      editor.edit();
    }
  }));

  const g = `/api/groups/${place.groupId}/drafts/${place.draftId}/paragraphs/${place.paragraphId}`;
  const deadline = Date.now() + 60000;
  let rest;
  for (;;) {
    if (editors.every((e) => e.idle)) {
      rest = (await http(base, 'GET', g, place.chair)).json;
      if (editors.every((e) => e.idle && e.version === rest.textVersion)) break;
    }
    if (Date.now() > deadline) break;
    await sleep(20);
  }

  const findings = [];
  for (const editor of editors) {
    if (editor.servedProtocol !== PROTOCOL_VERSION) findings.push(`${editor.name} joined a draft served with protocol ${editor.servedProtocol}, not ${PROTOCOL_VERSION}`);
    if (!editor.idle) findings.push(`${editor.name} still has edits pending`);
    if (editor.version !== rest.textVersion) findings.push(`${editor.name} is at version ${editor.version}, the service at ${rest.textVersion}`);
    if (editor.text !== rest.text) findings.push(`${editor.name}'s text differs from the service's`);
    if (editor.serverText !== rest.text) findings.push(`${editor.name}'s server text differs from the service's`);
    for (const refusal of editor.refusals) findings.push(`${editor.name} was refused: ${JSON.stringify(refusal)}`);
    for (const mismatch of editor.hashMismatches) findings.push(`textHash mismatch: ${JSON.stringify(mismatch)}`);
  }
  const summary = {
    mode: 'converge', seed: args.seed, clients: editors.length, edits: args.edits,
    version: rest.textVersion, codePoints: codePoints(rest.text), textHash: textHash(rest.text),
    hashesChecked: editors.reduce((n, e) => n + e.hashesChecked, 0), resyncs: editors.reduce((n, e) => n + e.resyncs, 0),
    protocolVersion: editors[0].servedProtocol === undefined ? null : editors[0].servedProtocol,
    converged: findings.length === 0, findings,
  };
  await Promise.all(editors.map((e) => e.connection.stop()));
  return summary;
}

// Refusals arrive as problem documents in the error's message; each case names what a client should see.
async function refusals(args) {
  const base = args.url.replace(/\/$/, '');
  const place = await setUp(base, ['demo-expert-can']);
  const token = await tokenFor(base, 'demo-expert-can');
  const cases = [];
  const attempt = async (name, connection, method, ...rest) => {
    try {
      await connection.invoke(method, ...rest);
      cases.push({ case: name, answered: true });
    } catch (error) {
      const problem = problemOf(error);
      cases.push({ case: name, status: problem.status, type: problem.type, message: String(error.message) });
    }
  };
  const submit = (extra) => Object.assign({
    groupId: place.groupId, draftId: place.draftId, paragraphId: place.paragraphId, baseVersion: 0,
    clientOperationId: `refusal:${Math.random()}`, operation: [codePoints('Verification 核查 التحقق 😀.'), '!'],
    protocolVersion: PROTOCOL_VERSION,
  }, extra);

  const fresh = connect(base, token);
  await fresh.start();
  await attempt('submit-before-joining', fresh, 'SubmitOperation', submit({}));
  const joined = await fresh.invoke('JoinDraft', place.groupId, place.draftId);
  await attempt('malformed-operation', fresh, 'SubmitOperation', submit({ operation: [0, 'x'] }));
  await attempt('count-beyond-int32', fresh, 'SubmitOperation', submit({ operation: [2147483648] }));
  await attempt('group-id-not-a-guid', fresh, 'JoinGroup', 'not-a-guid');
  await attempt('unknown-method', fresh, 'NoSuchMethod', 1);
  await attempt('protocol-outdated', fresh, 'SubmitOperation', submit({ protocolVersion: PROTOCOL_VERSION - 1 }));
  const missing = submit({});
  delete missing.protocolVersion;
  await attempt('protocol-missing', fresh, 'SubmitOperation', missing);
  await fresh.stop();
  const probes = await probe(base, place, token);
  return { mode: 'refusals', protocolVersion: joined.protocolVersion === undefined ? null : joined.protocolVersion, cases, probes };
}

// Every hub method with arguments of the wrong type, missing or extra, null, numbers at the limits, and ids of a group
// the caller does not belong to: each is answered, or refused with a problem that has a status and a type.
async function probe(base, place, token) {
  const other = await setUp(base, []);
  const { groupId: g, draftId: d, paragraphId: p } = place;
  const bad = [123, 1e20, 2147483648, -1, 'NaN', null, true, {}, [], 'not-a-guid', ''];
  const ids = { g, d, p };
  const methods = {
    JoinGroup: ['g'], LeaveGroup: ['g'], JoinDraft: ['g', 'd'], JoinDraftSelectively: ['g', 'd'],
    FollowParagraph: ['g', 'd', 'p'], UnfollowParagraph: ['g', 'p'], LeaveDraft: ['g', 'd'], CatchUp: ['g', 'd', 'p', 0],
    SubmitOperation: ['submit'], UpdatePresence: ['presence'], Heartbeat: [], WhoAmI: [],
  };
  const submit = { groupId: g, draftId: d, paragraphId: p, baseVersion: 0, clientOperationId: 'probe', operation: [1], protocolVersion: PROTOCOL_VERSION };
  const presence = { groupId: g, draftId: d, paragraphId: p, caret: 0, selectionEnd: null, typing: false };
  const value = (name) => (name === 'submit' ? submit : name === 'presence' ? presence : typeof name === 'number' ? name : ids[name]);
  const cases = [];
  for (const [method, parameters] of Object.entries(methods)) {
    const argumentLists = [];
    const good = parameters.map(value);
    argumentLists.push(['missing', good.slice(0, -1)], ['extra', good.concat(['extra'])]);
    parameters.forEach((name, i) => {
      for (const v of bad) argumentLists.push([`${name}=${JSON.stringify(v)}`, good.map((x, j) => (j === i ? v : x))]);
      if (typeof ids[name] === 'string') argumentLists.push([`${name}=another group's`, good.map((x, j) => (j === i ? ({ g: other.groupId, d: other.draftId, p: other.paragraphId })[name] : x))]);
      if (name === 'submit' || name === 'presence') {
        for (const field of Object.keys(good[i])) {
          for (const v of bad) argumentLists.push([`${name}.${field}=${JSON.stringify(v)}`, good.map((x, j) => (j === i ? Object.assign({}, x, { [field]: v }) : x))]);
          const without = Object.assign({}, good[i]);
          delete without[field];
          argumentLists.push([`${name} without ${field}`, good.map((x, j) => (j === i ? without : x))]);
        }
        argumentLists.push([`${name} with an unknown field`, good.map((x, j) => (j === i ? Object.assign({ unknown: 1 }, x) : x))]);
      }
    });
    // A fresh connection per method (never joined unless the method joins), so the refusal limit is never met.
    const connection = connect(base, token);
    await connection.start();
    for (const [name, args] of argumentLists) {
      try {
        await connection.invoke(method, ...args);
        cases.push({ case: `${method} ${name}`, answered: true });
      } catch (error) {
        const problem = problemOf(error);
        cases.push({ case: `${method} ${name}`, status: problem.status, type: problem.type, unparsed: problem.unparsed });
      }
    }
    await connection.stop();
  }
  // Streaming calls: the hub streams nothing, in either direction.
  const streaming = connect(base, token);
  await streaming.start();
  for (const [method, args] of [['WhoAmI', []], ['JoinGroup', [g]], ['CatchUp', [g, d, p, 0]]]) {
    const outcome = await new Promise((resolve) => {
      streaming.stream(method, ...args).subscribe({
        next: () => {},
        complete: () => resolve({ answered: true }),
        error: (error) => resolve(problemOf(error)),
      });
    });
    cases.push({ case: `${method} streamed`, answered: outcome.answered, status: outcome.status, type: outcome.type, unparsed: outcome.unparsed });
  }
  const upload = new signalR.Subject();
  try {
    await streaming.invoke('JoinGroup', g, upload);
    cases.push({ case: 'JoinGroup with a stream argument', answered: true });
  } catch (error) {
    const problem = problemOf(error);
    cases.push({ case: 'JoinGroup with a stream argument', status: problem.status, type: problem.type, unparsed: problem.unparsed });
  }
  upload.complete();
  await sleep(100);
  await streaming.stop();

  for (const name of ['NoSuchMethod', 'JoinDraft2', '']) {
    const connection = connect(base, token);
    await connection.start();
    try {
      await connection.invoke(name, 1, 'two');
      cases.push({ case: `unknown method '${name}'`, answered: true });
    } catch (error) {
      const problem = problemOf(error);
      cases.push({ case: `unknown method '${name}'`, status: problem.status, type: problem.type, unparsed: problem.unparsed });
    }
    await connection.stop();
  }
  return cases;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const summary = args.mode === 'refusals' ? await refusals(args) : await converge(args);
  process.stdout.write(JSON.stringify(summary) + '\n');
  process.exitCode = summary.mode === 'converge' && !summary.converged ? 1 : 0;
}

if (require.main === module) {
  main().catch((error) => {
    process.stdout.write(JSON.stringify({ error: String((error && error.stack) || error) }) + '\n');
    process.exitCode = 2;
  });
}

module.exports = { toWire, fromWire, diff, problemOf, PROBLEM_PREFIX };
