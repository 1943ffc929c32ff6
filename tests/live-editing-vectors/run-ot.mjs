// Runs the normative vectors (docs/live-editing-vectors.json) against the web client's ot.js and text-hash.js, as the
// server's unit tests do with TextOperation. Prints one line per failed case and a last line "N passed, N failed".
// Refusals are the server's to make: the web client only ever builds well-formed operations.
import { readFileSync } from 'node:fs';
import { apply, compose, normalize, transform, transformPosition } from '../../src/GgeWorkspace.Api/wwwroot/js/ot.js';
import { textHash } from '../../src/GgeWorkspace.Api/wwwroot/js/text-hash.js';

const vectors = JSON.parse(readFileSync(process.argv[2] ?? '../../docs/live-editing-vectors.json', 'utf8'));
const run = {
  apply: (c) => apply(c.text, c.operation),
  transform: (c) => transform(c.operation, c.other, c.side === 'thisFirst' ? 'this' : 'other'),
  compose: (c) => compose(c.first, c.second),
  normalize: (c) => normalize(c.components),
  position: (c) => transformPosition(c.index, c.operation, c.stickToRight),
  textHash: (c) => textHash(c.text),
};
let passed = 0;
let failed = 0;
for (const c of vectors.cases) {
  if (!run[c.kind]) continue;
  let actual;
  try {
    actual = run[c.kind](c);
  } catch (error) {
    actual = `threw ${error.message}`;
  }
  if (JSON.stringify(actual) === JSON.stringify(c.expected)) passed++;
  else {
    failed++;
    console.log(`${c.id} (${c.name}): expected ${JSON.stringify(c.expected)}, got ${JSON.stringify(actual)}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
