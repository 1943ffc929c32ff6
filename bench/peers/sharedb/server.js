// ShareDB peer server: one HTTP + WebSocket server on loopback, persisting every op to PostgreSQL
// through sharedb-postgres (its own database on the same PostgreSQL server as GGE Workspace).
// Usage: node server.js --port P --db postgres://...
'use strict';
const fs = require('fs');
const path = require('path');
const http = require('http');
const WebSocket = require('ws');
const WebSocketJSONStream = require('@teamwork/websocket-json-stream');
const ShareDB = require('sharedb');
const PostgresDB = require('sharedb-postgres');
const pg = require('pg');
const otText = require('ot-text-unicode');

ShareDB.types.register(otText.type);

function arg(name, fallback) {
  const i = process.argv.indexOf('--' + name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function main() {
  const port = Number(arg('port', '8090'));
  const connectionString = arg('db');
  if (!connectionString) throw new Error('--db is required');

  // The schema that ships with sharedb-postgres.
  const schema = fs.readFileSync(path.join(__dirname, 'node_modules', 'sharedb-postgres', 'structure.sql'), 'utf8');
  const admin = new pg.Client({ connectionString });
  await admin.connect();
  await admin.query(schema);
  await admin.end();

  const db = new PostgresDB({ connectionString, max: 20 });
  const backend = new ShareDB({ db });

  const server = http.createServer((req, res) => {
    // GET /snapshot/<collection>/<id>: the text as stored in PostgreSQL.
    const m = /^\/snapshot\/([^/]+)\/([^/]+)$/.exec(req.url);
    if (req.method === 'GET' && m) {
      db.getSnapshot(decodeURIComponent(m[1]), decodeURIComponent(m[2]), null, null, (err, snapshot) => {
        if (err) { res.writeHead(500); res.end(String(err)); return; }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ v: snapshot.v, data: snapshot.data }));
      });
      return;
    }
    if (req.url === '/health') { res.writeHead(200); res.end('ok'); return; }
    res.writeHead(404); res.end();
  });
  const wss = new WebSocket.Server({ server });
  wss.on('connection', (ws) => backend.listen(new WebSocketJSONStream(ws)));
  server.listen(port, '127.0.0.1', () => console.log(`sharedb peer listening on ${port}`));

  const stop = () => { wss.close(); server.close(); db.close(() => process.exit(0)); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e) => { console.error(e); process.exit(1); });
