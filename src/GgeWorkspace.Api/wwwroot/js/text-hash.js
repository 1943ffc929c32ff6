// The text hash the drafting hub sends with acknowledgements, broadcasts and catch-ups (docs/live-editing.md, "Text
// hash"): XXH64 with seed 0 over the text's UTF-8 bytes, as 16 lowercase hex digits of the 64-bit value. A client
// whose text at a version hashes differently has diverged and takes the whole text again. As TextHash.Of in C#.

const MASK = (1n << 64n) - 1n;
const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P3 = 1609587929392839161n;
const P4 = 9650029242287828579n;
const P5 = 2870177450012600261n;

const rotl = (x, r) => ((x << r) | (x >> (64n - r))) & MASK;
const round = (acc, input) => (rotl((acc + input * P2) & MASK, 31n) * P1) & MASK;
const merge = (acc, value) => (((acc ^ round(0n, value)) * P1) + P4) & MASK;

/** XXH64 of bytes (a Uint8Array) with seed 0, as a BigInt. */
export function xxh64(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = bytes.length;
  let at = 0;
  let h;
  if (length >= 32) {
    let v1 = (P1 + P2) & MASK;
    let v2 = P2;
    let v3 = 0n;
    let v4 = (MASK + 1n - P1) & MASK;
    for (; at + 32 <= length; at += 32) {
      v1 = round(v1, view.getBigUint64(at, true));
      v2 = round(v2, view.getBigUint64(at + 8, true));
      v3 = round(v3, view.getBigUint64(at + 16, true));
      v4 = round(v4, view.getBigUint64(at + 24, true));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & MASK;
    h = merge(merge(merge(merge(h, v1), v2), v3), v4);
  } else {
    h = P5;
  }
  h = (h + BigInt(length)) & MASK;
  for (; at + 8 <= length; at += 8) h = ((rotl(h ^ round(0n, view.getBigUint64(at, true)), 27n) * P1) + P4) & MASK;
  if (at + 4 <= length) {
    h = ((rotl(h ^ ((BigInt(view.getUint32(at, true)) * P1) & MASK), 23n) * P2) + P3) & MASK;
    at += 4;
  }
  for (; at < length; at++) h = (rotl(h ^ ((BigInt(bytes[at]) * P5) & MASK), 11n) * P1) & MASK;
  h ^= h >> 33n;
  h = (h * P2) & MASK;
  h ^= h >> 29n;
  h = (h * P3) & MASK;
  h ^= h >> 32n;
  return h;
}

const encoder = new TextEncoder();

/** The text hash of a paragraph's text: 16 lowercase hex digits ('' hashes to 'ef46db3751d8e999'). */
export function textHash(text) {
  return xxh64(encoder.encode(text)).toString(16).padStart(16, '0');
}
