// Generates docs/live-editing-vectors.json: the normative test vectors of the live-editing protocol (docs/live-editing.md).
// ot-text-unicode is the reference for every apply, transform, compose and normalization result: operations are mapped
// to its form (delete -n -> {d: n}, trailing retain trimmed), run through it, and mapped back (a trailing retain padded
// to the base length). Text hashes come from the web client's implementation and are checked against System.IO.Hashing
// by the server's unit tests. Run: npm ci && npm run generate
import { writeFileSync } from 'node:fs';
import otu from 'ot-text-unicode';
import { textHash } from '../../src/GgeWorkspace.Api/wwwroot/js/text-hash.js';

const type = otu.type;
const output = process.argv[2] ?? '../../docs/live-editing-vectors.json';

// Characters of every script the drafting rooms use, as whole pieces: surrogate pairs (emoji, a rare CJK ideograph),
// combining marks, ZWJ sequences, flags, Arabic and Hebrew (right to left), Chinese, plus plain ASCII.
const pieces = [
  'a', 'b', 'Z', ' ', '.', '\n', 'é', 'e\u0301', 'a\u0308\u0323', '😀', '🌍', '👩‍👩‍👧', '👩🏽‍🔬', '🇺🇳',
  'م', 'ر', 'ح', 'التحقق', 'ש', 'שלום', '核', '查', '核查', '𠀋', '\u200d', '\u00a0',
];

let seed = 20261203;
const random = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return Math.floor((seed / 2147483648) * n);
};
const pick = (list) => list[random(list.length)];
const text = (n) => Array.from({ length: n }, () => pick(pieces)).join('');
const cpLength = (s) => Array.from(s).length;

/** Our wire form -> ot-text-unicode's. */
const toOtu = (op) => type.normalize(op.map((c) => (typeof c === 'number' && c < 0 ? { d: -c } : c)));
/** ot-text-unicode's form -> ours, padded with a retain to the base length. */
const fromOtu = (op, base) => {
  const ours = op.map((c) => (typeof c === 'object' ? -c.d : c));
  const walked = ours.reduce((n, c) => n + (typeof c === 'string' ? 0 : Math.abs(c)), 0);
  if (base > walked) ours.push(base - walked);
  return merge(ours);
};
/** Merges neighbours of one kind, in the order given (the canonical form). */
const merge = (op) => {
  const out = [];
  for (const c of op) {
    const last = out[out.length - 1];
    if (typeof c === 'string' && typeof last === 'string') out[out.length - 1] = last + c;
    else if (typeof c === 'number' && typeof last === 'number' && Math.sign(c) === Math.sign(last)) out[out.length - 1] = last + c;
    else out.push(c);
  }
  return out;
};
const baseLength = (op) => op.reduce((n, c) => n + (typeof c === 'string' ? 0 : Math.abs(c)), 0);
const targetLength = (op) => op.reduce((n, c) => n + (typeof c === 'string' ? cpLength(c) : c > 0 ? c : 0), 0);

/** A random canonical operation on a text of `length` code points: retains, deletes and inserts in any order. */
function operation(length) {
  const op = [];
  let left = length;
  const steps = 1 + random(5);
  for (let i = 0; i < steps || left > 0; i++) {
    const kind = random(3);
    if (kind === 0 && left > 0) { const n = 1 + random(Math.min(left, 4)); op.push(n); left -= n; }
    else if (kind === 1 && left > 0) { const n = 1 + random(Math.min(left, 3)); op.push(-n); left -= n; }
    else if (kind === 2 || left === 0) op.push(text(1 + random(2)));
    if (i > 8 && left > 0) { op.push(left); left = 0; }
    if (i >= steps && left === 0) break;
  }
  return merge(op);
}

const cases = [];
const add = (c) => cases.push({ id: `${c.kind}-${String(cases.filter((x) => x.kind === c.kind).length + 1).padStart(3, '0')}`, ...c });

// apply
const applyCase = (name, base, op) => add({ kind: 'apply', name, text: base, operation: op, expected: type.apply(base, toOtu(op)) });
applyCase('retain only: a no-op', '核查 🌍', [4]);
applyCase('an insert at the start of a text of surrogate pairs', '😀🌍', ['👩‍👩‍👧', 2]);
applyCase('a delete of one code point of a ZWJ sequence (positions are code points, not graphemes)', '👩‍👩‍👧', [2, -1, 2]);
applyCase('a delete of a combining mark leaves its base letter', 'e\u0301', [1, -1]);
applyCase('delete then insert at one position', 'abc', [1, -1, 'X', 1]);
applyCase('insert then delete at one position: the same text', 'abc', [1, 'X', -1, 1]);
applyCase('replacing Arabic with Hebrew', 'التحقق', [-6, 'שלום']);
applyCase('an empty text takes an insert', '', ['核查']);
applyCase('deleting everything', 'שלום 🇺🇳', [-7]);
for (let i = 0; i < 55; i++) {
  const base = text(random(9));
  applyCase('random', base, operation(cpLength(base)));
}

// transform, both tie sides
const transformCase = (name, base, op, other) => {
  for (const [side, otuSide] of [['thisFirst', 'left'], ['otherFirst', 'right']]) {
    add({
      kind: 'transform', name, text: base, operation: op, other, side, otuSide,
      expected: fromOtu(type.transform(toOtu(op), toOtu(other), otuSide), targetLength(other)),
    });
  }
};
transformCase('inserts at one position: the tie side decides', 'xy', [1, 'A', 1], [1, 'B', 1]);
transformCase('delete then insert against an insert at the same position: the other insert goes first on either side', 'abc', [1, -1, 'X', 1], [1, 'Y', 2]);
transformCase('insert then delete against an insert at the same position', 'abc', [1, 'X', -1, 1], [1, 'Y', 2]);
transformCase('an insert against a delete around its position', '核查🌍', [1, '!', 2], [-3]);
transformCase('overlapping deletes', 'שלום עולם', [1, -4, 4], [3, -4, 2]);
transformCase('an insert at the end against an insert at the end', 'e\u0301', [2, '😀'], [2, '👩‍👩‍👧']);
transformCase('inserts into an empty text', '', ['التحقق'], ['核查']);
for (let i = 0; i < 58; i++) {
  const base = text(random(8));
  transformCase('random', base, operation(cpLength(base)), operation(cpLength(base)));
}

// compose
const composeCase = (name, base, first, second) => add({
  kind: 'compose', name, text: base, first, second,
  expected: fromOtu(type.compose(toOtu(first), toOtu(second)), baseLength(first)),
});
composeCase('an insert then a delete of part of it', 'ab', [1, '核查🌍', 1], [2, -2, 1]);
composeCase('a delete then an insert at the same place', 'abc', [1, -1, 1], [1, 'X', 1]);
composeCase('two inserts at one position', 'שלום', [4, 'a'], [4, 'b', 1]);
for (let i = 0; i < 60; i++) {
  const base = text(random(8));
  const first = operation(cpLength(base));
  const middle = type.apply(base, toOtu(first));
  composeCase('random', base, first, operation(cpLength(middle)));
}

// normalization: what reading an operation merges and keeps
const normalizeCase = (name, components) => add({
  kind: 'normalize', name, components, expected: fromOtu(type.normalize(toOtu(components)), baseLength(components)),
});
normalizeCase('adjacent retains merge', [2, 3]);
normalizeCase('adjacent deletes merge', [-1, -2, 1]);
normalizeCase('adjacent inserts merge', ['a', '😀', 1]);
normalizeCase('delete then insert keeps its order', [1, -1, 'X', 1]);
normalizeCase('insert then delete keeps its order', [1, 'X', -1, 1]);
normalizeCase('insert, delete, insert stay three components', ['a', -1, 'b']);
normalizeCase('a trailing retain is kept', ['核', 3]);
for (let i = 0; i < 25; i++) {
  const raw = [];
  for (let n = 1 + random(6); n > 0; n--) {
    const k = random(3);
    raw.push(k === 0 ? 1 + random(3) : k === 1 ? -(1 + random(3)) : pick(pieces));
  }
  normalizeCase('random', raw);
}

// refusals: what the server answers for malformed operations (clients need not implement these)
const refuse = (name, json, status, problem, field, textLength = 12, text = null) =>
  add({ kind: 'refuse', name, operation: json, textLength, ...(text === null ? {} : { text }), expected: { status, type: problem, field } });
refuse('not an array', '{"retain": 12}', 400, 'invalid-operation', 'operation');
refuse('a string, not an array', '"abc"', 400, 'invalid-operation', 'operation');
refuse('a zero count', '[0]', 400, 'invalid-operation', 'operation[0]');
refuse('a negative zero count', '[3, -0]', 400, 'invalid-operation', 'operation[1]');
refuse('a fraction', '[1.5]', 400, 'invalid-operation', 'operation[0]');
refuse('an exponent beyond the range', '[1e20]', 400, 'invalid-operation', 'operation[0]');
refuse('a count beyond 2147483647', '[2147483648]', 400, 'invalid-operation', 'operation[0]');
refuse('a count below -2147483647', '[-2147483648]', 400, 'invalid-operation', 'operation[0]');
refuse('null', '[3, null]', 400, 'invalid-operation', 'operation[1]');
refuse('a nested array', '[[1]]', 400, 'invalid-operation', 'operation[0]');
refuse('an object component (ot-text-unicode\'s delete form is not ours)', '[1, {"d": 1}]', 400, 'invalid-operation', 'operation[1]');
refuse('a boolean', '[true]', 400, 'invalid-operation', 'operation[0]');
refuse('an empty insert', '[2, ""]', 400, 'invalid-operation', 'operation[1]');
refuse('an unpaired high surrogate', '["\\ud800"]', 400, 'invalid-operation', 'operation[0]');
refuse('an unpaired low surrogate', '["a\\udc00b"]', 400, 'invalid-operation', 'operation[0]');
refuse('counts adding up beyond 2147483647', '[2147483647, 1]', 400, 'invalid-operation', 'operation[1]');
refuse('inserts and retains adding up beyond 2147483647', '[2147483647, "x"]', 400, 'invalid-operation', 'operation[1]');
refuse('a NUL character', '[12, "\\u0000"]', 400, 'invalid-operation', 'operation');
refuse('a control character other than tab and line breaks', '[12, "a\\u0007"]', 400, 'invalid-operation', 'operation');
refuse('U+FFFE', '[12, "\\ufffe"]', 400, 'invalid-operation', 'operation');
refuse('U+FFFF', '[12, "\\uffff"]', 400, 'invalid-operation', 'operation');
refuse('a base length beyond the paragraph limit (20,000)', '[20001]', 400, 'invalid-operation', 'operation');
refuse('an insert beyond the paragraph limit (20,000)', `[12, "${'x'.repeat(20001)}"]`, 400, 'invalid-operation', 'operation');
refuse('a base length shorter than the text', '[11, "x"]', 409, 'operation-mismatch', null, 12);
refuse('a base length longer than the text', '[13, "x"]', 409, 'operation-mismatch', null, 12);
refuse('a delete past the end of the text', '[-13]', 409, 'operation-mismatch', null, 12);
refuse('an empty operation on a non-empty text', '[]', 409, 'operation-mismatch', null, 12);
refuse('a surrogate pair counted as two', '[2, "x"]', 409, 'operation-mismatch', null, 1, '😀');
add({ kind: 'accept', name: 'tab and line breaks are allowed', operation: '[12, "\\t\\n\\r"]', textLength: 12 });
add({ kind: 'accept', name: 'an empty operation on an empty text is a no-op', operation: '[]', textLength: 0 });
add({ kind: 'accept', name: 'a retain of the whole text is a no-op', operation: '[12]', textLength: 12 });
add({ kind: 'accept', name: 'the largest counts that do not overflow', operation: '[-2147483647]', textLength: 2147483647, readOnly: true });

// text hashes
const hashCase = (name, s) => add({ kind: 'textHash', name, text: s, expected: textHash(s) });
hashCase('the empty text', '');
hashCase('one ASCII letter', 'a');
hashCase('three ASCII letters', 'abc');
hashCase('precomposed é (one code point, two UTF-8 bytes)', '\u00e9');
hashCase('e and a combining acute (not normalized: another hash)', 'e\u0301');
hashCase('a ZWJ family', '👩‍👩‍👧');
hashCase('Arabic', 'التحقق');
hashCase('Hebrew', 'שלום');
hashCase('Chinese', '核查');
hashCase('exactly 32 UTF-8 bytes (one stripe)', 'x'.repeat(32));
hashCase('31 UTF-8 bytes', 'x'.repeat(31));
hashCase('a paragraph longer than a few stripes', 'Verification must be effective and non-discriminatory. 核查必须有效。التحقق 🌍');
for (let i = 0; i < 20; i++) hashCase('random', text(random(40)));

// position transforms (docs/live-editing.md, 3.9). ot-text-unicode's transformPosition keeps a position before an
// insert at it and is the reference for a run of deletes and inserts written deletes first; the spec makes the order in
// a run irrelevant, so each run is put deletes first before asking it. A position that sticks right is the mirror image
// of one that sticks left: asked on the operation read backwards, from the end of the text.
const runsDeletesFirst = (op) => {
  const out = [];
  for (let i = 0; i < op.length;) {
    if (typeof op[i] === 'number' && op[i] > 0) { out.push(op[i++]); continue; }
    const run = [];
    for (; i < op.length && !(typeof op[i] === 'number' && op[i] > 0); i++) run.push(op[i]);
    out.push(...run.filter((c) => typeof c === 'number'), ...run.filter((c) => typeof c === 'string'));
  }
  return merge(out);
};
const backwards = (op) => [...op].reverse().map((c) => (typeof c === 'string' ? Array.from(c).reverse().join('') : c));
const referencePosition = (index, op, stickToRight) => (stickToRight
  ? targetLength(op) - type.transformPosition(baseLength(op) - index, toOtu(runsDeletesFirst(backwards(op))))
  : type.transformPosition(index, toOtu(runsDeletesFirst(op))));
const positionCase = (name, base, op, index, stickToRight) =>
  add({ kind: 'position', name, text: base, operation: op, index, stickToRight, expected: referencePosition(index, op, stickToRight) });
for (const stickToRight of [false, true]) {
  for (const [name, op] of [['delete then insert', [1, -2, 'XY', 1]], ['insert then delete', [1, 'XY', -2, 1]]]) {
    for (const index of [0, 1, 2, 3, 4]) positionCase(`${name} replacing "bc" of "abcd": the same position in either order`, 'abcd', op, index, stickToRight);
  }
  positionCase('an insert at the position', 'abc', [1, 'X', 2], 1, stickToRight);
  positionCase('an insert at the start of the text', 'abc', ['X', 3], 0, stickToRight);
  positionCase('an insert at the end of the text', 'abc', [3, 'X'], 3, stickToRight);
  positionCase('deleting everything', 'abc', [-3], 2, stickToRight);
  positionCase('replacing everything', 'abc', ['XY', -3], 3, stickToRight);
  positionCase('insert, delete, insert at one place', 'abc', [1, 'X', -1, 'Y', 1], 1, stickToRight);
  positionCase('an emoji inserted before a position counts one', '核查', [1, '😀', 1], 2, stickToRight);
  positionCase('a ZWJ family replacing a flag at the position', '🇺🇳ab', [-2, '👩‍👩‍👧', 2], 0, stickToRight);
  positionCase('inside a deleted surrogate pair run', '😀🌍𠀋x', [-3, '核', 1], 2, stickToRight);
  positionCase('after an Arabic word replaced by Hebrew', 'التحقق x', ['שלום', -6, 2], 6, stickToRight);
}
for (let i = 0; i < 40; i++) {
  const base = text(random(9));
  const op = operation(cpLength(base));
  positionCase('random', base, op, random(cpLength(base) + 1), random(2) === 1);
}
for (const c of cases.filter((x) => x.kind === 'position')) {
  const [a, b] = [referencePosition(c.index, c.operation, c.stickToRight), referencePosition(c.index, runsDeletesFirst(c.operation), c.stickToRight)];
  if (a !== b) throw new Error(`${c.id}: the order of a run changed the position`);
}

const vectors = {
  description: 'Normative test vectors of the GGE Workspace live-editing protocol, version 2 (docs/live-editing.md). Operations are in the wire form: a positive integer retains that many code points, a string inserts it, a negative integer deletes that many, and every operation walks its whole base text. Expected apply, transform, compose and normalize results come from ot-text-unicode 4.0.0 (mapped: -n <-> {d: n}, trailing retain trimmed and padded back).',
  protocolVersion: 2,
  reference: 'ot-text-unicode@4.0.0',
  kinds: {
    apply: 'apply(text, operation) = expected (a string)',
    transform: 'transform(operation, other, side) = expected; side thisFirst = ot-text-unicode "left" (operation\'s insert goes first at a tie), otherFirst = "right"',
    compose: 'compose(first, second) = expected, first applying to text',
    normalize: 'reading components gives expected: neighbours of one kind merged, order kept, trailing retain kept',
    position: 'transformPosition(index, operation, stickToRight) = expected: where code point position index of text is after operation; from ot-text-unicode\'s transformPosition with each run of deletes and inserts written deletes first (stickToRight: asked on the operation read backwards)',
    refuse: 'the server refuses SubmitOperation with this operation (raw JSON) with expected.status and expected.type; field is the key in the problem\'s errors (null for a 409, which names expectedLength and actualLength); textLength is the paragraph\'s length in code points where it matters (text, when given, is the paragraph\'s text)',
    accept: 'the server accepts this operation (raw JSON) on a text of textLength code points (readOnly: only the reader is checked, the paragraph limit aside)',
    textHash: 'textHash(text) = expected: XXH64, seed 0, over the UTF-8 bytes, 16 lowercase hex digits',
  },
  cases,
};
writeFileSync(output, JSON.stringify(vectors, null, 1) + '\n');
console.log(`${cases.length} cases written to ${output}`);
