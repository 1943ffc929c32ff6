// ShareDB load client: the same co-editing scenarios as the .NET driver, printing the same JSON shape.
// Usage: node client.js --url ws://127.0.0.1:P --http http://127.0.0.1:P --scenario P1 --clients 25 --writers 5
//          --interval 50 --secs 10 [--paragraphs 1] [--run id] [--text "initial sentence"] [--steady]
// With --paragraphs K, clients and writers are per paragraph and each client subscribes to its own paragraph.
// With --steady, a writer whose text is at least its starting length deletes a whole marker instead of inserting one,
// so the text stays near that length.
'use strict';
const WebSocket = require('ws');
const ShareDB = require('sharedb/lib/client');
const otText = require('ot-text-unicode');

ShareDB.types.register(otText.type);

function arg(name, fallback) {
  const i = process.argv.indexOf('--' + name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const url = arg('url');
const httpBase = arg('http');
const scenario = arg('scenario', 'P1');
const clientsPer = Number(arg('clients', '25'));
const writersPer = Number(arg('writers', '5'));
const intervalMs = Number(arg('interval', '50'));
const secs = Number(arg('secs', '10'));
const paragraphs = Number(arg('paragraphs', '1'));
const run = arg('run', String(Date.now()));
const initial = arg('text', 'The Group recalled that verification is essential.');
const settleSecs = Number(arg('settle', '60'));
const steady = process.argv.includes('--steady');
const collection = 'paragraphs';

const OPEN = '\u2039', CLOSE = '\u203A';
const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function connect() {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('open', () => resolve(new ShareDB.Connection(socket)));
    socket.on('error', reject);
  });
}

function cpLength(s) { let n = 0; for (const _ of s) n++; return n; }

// A random insert position outside every marker (never splits one), in code points.
function position(text) {
  const chars = Array.from(text);
  let at = Math.floor(Math.random() * (chars.length + 1));
  for (let i = at; i < chars.length; i++) {
    if (chars[i] === OPEN) break;
    if (chars[i] === CLOSE) { at = i + 1; break; }
  }
  return at;
}

// A marker of another writer chosen at random, or, when there is none, a span of prose as long as a marker, as
// [at, length] in code points; null if nothing fits. One of our own markers may still be pending, where deleting it
// would compose its insert away before anyone received it.
function spanToDelete(text, own) {
  const chars = Array.from(text);
  const markers = [];
  for (let i = chars.indexOf(OPEN); i >= 0; i = chars.indexOf(OPEN, i + 1)) {
    const j = chars.indexOf(CLOSE, i);
    if (j < 0) break;
    if (!own.has(chars.slice(i + 1, j).join(''))) markers.push([i, j - i + 1]);
  }
  if (markers.length) return markers[Math.floor(Math.random() * markers.length)];
  const span = 6;
  for (let attempt = 0; attempt < 8 && chars.length > span; attempt++) {
    const at = Math.floor(Math.random() * (chars.length - span));
    const slice = chars.slice(at, at + span);
    const open = chars.lastIndexOf(OPEN, Math.max(0, at - 1));
    const inside = open >= 0 && (chars.indexOf(CLOSE, open) < 0 || chars.indexOf(CLOSE, open) >= at);
    if (!slice.includes(OPEN) && !slice.includes(CLOSE) && !inside) return [at, span];
  }
  return null;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i] * 100) / 100;
}

async function main() {
  const cpuStart = process.cpuUsage();
  const sent = new Map(); // marker id -> submit time
  const latencies = [];
  let remoteApplies = 0;
  let lastApply = 0;
  let nextMarker = 0;

  // Create the paragraphs with the same non-empty sentence as GGE Workspace.
  const setup = await connect();
  const ids = [];
  for (let p = 0; p < paragraphs; p++) {
    const id = `${scenario}-${run}-${p}`;
    ids.push(id);
    const doc = setup.get(collection, id);
    await new Promise((res, rej) => doc.create(initial, otText.type.uri, (e) => (e ? rej(e) : res())));
  }

  const clients = [];
  for (let p = 0; p < paragraphs; p++) {
    for (let c = 0; c < clientsPer; c++) {
      const connection = await connect();
      const doc = connection.get(collection, ids[p]);
      await new Promise((res, rej) => doc.subscribe((e) => (e ? rej(e) : res())));
      const client = { connection, doc, writer: c < writersPer, paragraph: p, own: new Set() };
      doc.on('op', (op, source) => {
        if (source) return; // our own edit
        const t = now();
        for (const part of op) {
          if (typeof part !== 'string') continue;
          let i = -1;
          while ((i = part.indexOf(OPEN, i + 1)) >= 0) {
            const j = part.indexOf(CLOSE, i);
            if (j < 0) break;
            const at = sent.get(part.slice(i + 1, j));
            if (at !== undefined) { latencies.push(t - at); remoteApplies++; lastApply = t; }
          }
        }
      });
      clients.push(client);
    }
  }

  const errors = [];
  let edits = 0;
  let inserts = 0;
  const startLength = cpLength(initial);
  const start = now();
  const end = start + secs * 1000;
  const writers = clients.filter((c) => c.writer);
  await Promise.all(writers.map(async (w, k) => {
    let next = start + (k / writers.length) * intervalMs; // spread the writers over one interval
    while (true) {
      const t = now();
      if (t >= end) break;
      if (t < next) { await sleep(Math.max(0, next - t)); continue; }
      next += intervalMs;
      if (next < t - intervalMs) next = t; // never burst to catch up
      const marker = (nextMarker++).toString(36);
      const remove = steady && cpLength(w.doc.data) >= startLength ? spanToDelete(w.doc.data, w.own) : null;
      if (remove) {
        w.doc.submitOp([remove[0], { d: remove[1] }], { source: true }, (e) => { if (e) errors.push(String(e)); });
      } else {
        const at = position(w.doc.data);
        w.own.add(marker);
        sent.set(marker, now());
        w.doc.submitOp([at, OPEN + marker + CLOSE], { source: true }, (e) => { if (e) errors.push(String(e)); });
        inserts++;
      }
      edits++;
      if (edits % 64 === 0) await sleep(0); // let incoming messages in
    }
  }));
  const offeredSecs = (now() - start) / 1000;

  // Settle: every client has no pending op and the same version as the server's snapshot.
  const expected = inserts * (clientsPer - 1);
  const deadline = now() + settleSecs * 1000;
  const stored = [];
  let converged = false;
  while (now() < deadline) {
    stored.length = 0;
    for (const id of ids) {
      const res = await fetch(`${httpBase}/snapshot/${collection}/${encodeURIComponent(id)}`);
      if (!res.ok) { stored.push({ v: -1, data: null }); continue; } // retried on the next round
      stored.push(await res.json());
    }
    const synced = clients.every((c) => !c.doc.hasPending() && c.doc.version === stored[c.paragraph].v);
    if (synced && remoteApplies >= expected) {
      converged = clients.every((c) => c.doc.data === stored[c.paragraph].data);
      break;
    }
    await sleep(100);
  }

  latencies.sort((a, b) => a - b);
  const cpu = process.cpuUsage(cpuStart);
  const result = {
    system: 'sharedb',
    scenario,
    clients: clientsPer * paragraphs,
    writers: writersPer * paragraphs,
    paragraphs,
    interval_ms: intervalMs,
    secs,
    edits,
    inserts,
    edits_per_s: Math.round(edits / offeredSecs),
    applied_per_s: lastApply > start ? Math.round(remoteApplies / (clientsPer - 1) / ((lastApply - start) / 1000)) : 0,
    remote_applies: remoteApplies,
    expected_applies: expected,
    delivered_pct: expected === 0 ? 100 : Math.round((remoteApplies / expected) * 10000) / 100,
    p50_ms: percentile(latencies, 50),
    p95_ms: percentile(latencies, 95),
    p99_ms: percentile(latencies, 99),
    max_ms: latencies.length ? Math.round(latencies[latencies.length - 1] * 100) / 100 : null,
    converged,
    start_length: startLength,
    final_length: stored.length ? cpLength(stored[0].data || '') : null,
    errors: errors.length,
    driver_cpu_s: Math.round(((cpu.user + cpu.system) / 1e6) * 100) / 100,
  };
  console.log(JSON.stringify(result));
  for (const c of clients) c.connection.close();
  setup.close();
  process.exit(0);
}

main().catch((e) => { console.error(e); process.exit(1); });
