'use strict';
// XXH64 (seed 0) over the UTF-8 bytes of a string, as 16 lowercase hex digits: the `textHash` of the protocol.
// Written here from the XXH64 specification with BigInt, so the check depends on nothing but Node.

const MASK = (1n << 64n) - 1n;
const P1 = 0x9E3779B185EBCA87n;
const P2 = 0xC2B2AE3D27D4EB4Fn;
const P3 = 0x165667B19E3779F9n;
const P4 = 0x85EBCA77C2B2AE63n;
const P5 = 0x27D4EB2F165667C5n;

const rotl = (x, r) => ((x << BigInt(r)) | (x >> BigInt(64 - r))) & MASK;
const mul = (a, b) => (a * b) & MASK;
const add = (a, b) => (a + b) & MASK;

function round(acc, lane) {
  return mul(rotl(add(acc, mul(lane, P2)), 31), P1);
}

function mergeRound(acc, v) {
  return add(mul(acc ^ round(0n, v), P1), P4);
}

function lane64(bytes, i) {
  let v = 0n;
  for (let b = 7; b >= 0; b--) v = (v << 8n) | BigInt(bytes[i + b]);
  return v;
}

function lane32(bytes, i) {
  return BigInt((bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16)) >>> 0) + (BigInt(bytes[i + 3]) << 24n);
}

function xxh64(bytes, seed = 0n) {
  const len = bytes.length;
  let i = 0;
  let h;
  if (len >= 32) {
    let v1 = add(add(seed, P1), P2);
    let v2 = add(seed, P2);
    let v3 = seed;
    let v4 = (seed - P1) & MASK;
    for (; i + 32 <= len; i += 32) {
      v1 = round(v1, lane64(bytes, i));
      v2 = round(v2, lane64(bytes, i + 8));
      v3 = round(v3, lane64(bytes, i + 16));
      v4 = round(v4, lane64(bytes, i + 24));
    }
    h = add(add(rotl(v1, 1), rotl(v2, 7)), add(rotl(v3, 12), rotl(v4, 18)));
    h = mergeRound(h, v1);
    h = mergeRound(h, v2);
    h = mergeRound(h, v3);
    h = mergeRound(h, v4);
  } else {
    h = add(seed, P5);
  }
  h = add(h, BigInt(len));
  for (; i + 8 <= len; i += 8) h = add(mul(rotl(h ^ round(0n, lane64(bytes, i)), 27), P1), P4);
  if (i + 4 <= len) {
    h = add(mul(rotl(h ^ mul(lane32(bytes, i), P1), 23), P2), P3);
    i += 4;
  }
  for (; i < len; i++) h = mul(rotl(h ^ mul(BigInt(bytes[i]), P5), 11), P1);
  h ^= h >> 33n;
  h = mul(h, P2);
  h ^= h >> 29n;
  h = mul(h, P3);
  h ^= h >> 32n;
  return h;
}

function textHash(text) {
  return xxh64(Buffer.from(text, 'utf8')).toString(16).padStart(16, '0');
}

module.exports = { xxh64, textHash };
