// Text operations as the service exchanges them (ot.js style JSON): an array where a positive integer retains that
// many code points, a string inserts it and a negative integer deletes that many. Every length is in Unicode code
// points, never UTF-16 units. Mirrors GgeWorkspace.Client.Text.TextOperation and Live.ParagraphDocument.

/** Number of code points in a string. */
export function cpLength(text) {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** The UTF-16 index of code point `cp` in `text`. */
export function utf16Index(text, cp) {
  let i = 0;
  for (let n = 0; n < cp && i < text.length; n++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return i;
}

/** The code point index of UTF-16 index `u` in `text`. */
export function cpIndex(text, u) {
  return cpLength(text.slice(0, u));
}

/** Code points [start, start + count) of text. */
export function cpSlice(text, start, count) {
  const a = utf16Index(text, start);
  const b = utf16Index(text, start + count);
  return text.slice(a, b);
}

const isRetain = (c) => typeof c === 'number' && c > 0;
const isDelete = (c) => typeof c === 'number' && c < 0;
const isInsert = (c) => typeof c === 'string';
const lengthOf = (c) => (isInsert(c) ? cpLength(c) : Math.abs(c));

/** Accumulates components in canonical form: in the order given, no empty parts, neighbours of one kind merged. */
class Builder {
  constructor() { this.list = []; }

  add(c) {
    if (lengthOf(c) === 0) return this;
    const last = this.list.length ? this.list[this.list.length - 1] : undefined;
    if (isRetain(c) && isRetain(last)) this.list[this.list.length - 1] = last + c;
    else if (isDelete(c) && isDelete(last)) this.list[this.list.length - 1] = last + c;
    else if (isInsert(c) && isInsert(last)) this.list[this.list.length - 1] = last + c;
    else this.list.push(c);
    return this;
  }

  /** The operation, with a trailing retain up to `length` when it walks less of its base. */
  paddedTo(length) {
    const walked = baseLength(this.list);
    if (length > walked) this.add(length - walked);
    return this.list;
  }

  retain(n) { return this.add(n); }
  insert(s) { return this.add(s); }
  delete(n) { return this.add(-n); }
  build() { return this.list; }
}

export function normalize(op) {
  const b = new Builder();
  for (const c of op) b.add(c);
  return b.build();
}

export const baseLength = (op) => op.reduce((n, c) => n + (isInsert(c) ? 0 : Math.abs(c)), 0);
export const targetLength = (op) => op.reduce((n, c) => n + (isDelete(c) ? 0 : lengthOf(c)), 0);
export const isNoop = (op) => op.every(isRetain);

/** Applies op to text; throws when the lengths disagree. */
export function apply(text, op) {
  const chars = Array.from(text);
  if (chars.length !== baseLength(op)) throw new Error(`The operation applies to ${baseLength(op)} code points, the text has ${chars.length}.`);
  let at = 0;
  let out = '';
  for (const c of op) {
    if (isRetain(c)) { out += chars.slice(at, at + c).join(''); at += c; }
    else if (isInsert(c)) out += c;
    else at += -c;
  }
  return out;
}

/** Takes an operation apart component by component, as ot-text-unicode's makeTake: past its end it retains forever. */
class Taker {
  constructor(op) { this.op = op; this.index = 0; this.consumed = 0; this.rest = null; }
  peek() { return this.op[this.index]; }
  next() { this.index++; this.consumed = 0; this.rest = null; }

  /** At most n code points of the current component; an insert whole when keepInsertsWhole, a delete whole otherwise. */
  take(n, keepInsertsWhole) {
    const c = this.peek();
    if (c === undefined) return n;
    return this.takeUpTo(n, isInsert(c) ? keepInsertsWhole : isDelete(c) ? !keepInsertsWhole : false);
  }

  /** The rest of the current component, or undefined past the end. */
  takeWhole() { return this.peek() === undefined ? undefined : this.takeUpTo(Infinity, true); }

  takeUpTo(n, keepWhole) {
    const c = this.peek();
    if (isInsert(c)) {
      const text = this.rest ?? c;
      if (keepWhole || cpLength(text) <= n) { this.next(); return text; }
      const cut = utf16Index(text, n);
      this.rest = text.slice(cut);
      return text.slice(0, cut);
    }
    const left = Math.abs(c) - this.consumed;
    const part = keepWhole || left <= n ? left : n;
    if (part === left) this.next();
    else this.consumed += part;
    return isRetain(c) ? part : -part;
  }
}

const trimmed = (op) => (op.length > 0 && isRetain(op[op.length - 1]) ? op.slice(0, -1) : op);

/**
 * Transforms `op` against a concurrent `other` on the same base text. tieBreak says whose insert goes first at the
 * same position: 'this' (op's, ot-text-unicode 'left') or 'other' (other's, 'right'), as TieBreak in C#. The same
 * algorithm as ot-text-unicode's transform, run on the operations without their trailing retains.
 */
export function transform(op, other, tieBreak) {
  if (tieBreak !== 'this' && tieBreak !== 'other') throw new Error("The tie break is 'this' or 'other'.");
  if (baseLength(op) !== baseLength(other)) throw new Error('Concurrent operations must apply to the same text.');
  const result = new Builder();
  const mine = new Taker(op);
  for (const c of trimmed(other)) {
    if (isRetain(c)) {
      for (let length = c; length > 0;) {
        const taken = mine.take(length, true);
        result.add(taken);
        if (!isInsert(taken)) length -= Math.abs(taken);
      }
    } else if (isInsert(c)) {
      if (tieBreak === 'this' && isInsert(mine.peek())) result.add(mine.takeWhole());
      result.add(cpLength(c));
    } else {
      for (let length = -c; length > 0;) {
        const taken = mine.take(length, true);
        if (isInsert(taken)) result.add(taken);
        else length -= Math.abs(taken);
      }
    }
  }
  for (let rest = mine.takeWhole(); rest !== undefined; rest = mine.takeWhole()) result.add(rest);
  return result.paddedTo(targetLength(other));
}

/** One operation with the effect of `first` followed by `second`: ot-text-unicode's compose, as in C#. */
export function compose(first, second) {
  if (targetLength(first) !== baseLength(second)) throw new Error('The operations do not compose.');
  const result = new Builder();
  const earlier = new Taker(first);
  for (const c of trimmed(second)) {
    if (isRetain(c)) {
      for (let length = c; length > 0;) {
        const taken = earlier.take(length, false);
        result.add(taken);
        if (!isDelete(taken)) length -= lengthOf(taken);
      }
    } else if (isInsert(c)) {
      result.add(c);
    } else {
      for (let done = 0; done < -c;) {
        const taken = earlier.take(-c - done, false);
        if (isRetain(taken)) { result.add(-taken); done += taken; }
        else if (isInsert(taken)) done += cpLength(taken);
        else result.add(taken);
      }
    }
  }
  for (let rest = earlier.takeWhole(); rest !== undefined; rest = earlier.takeWhole()) result.add(rest);
  return result.paddedTo(baseLength(first));
}

/** The operation undoing `op`, which applied to `base`: it turns apply(base, op) back into base. */
export function invert(op, base) {
  const chars = Array.from(base);
  const result = new Builder();
  let at = 0;
  for (const c of op) {
    if (isRetain(c)) { result.add(c); at += c; }
    else if (isInsert(c)) result.add(-cpLength(c));
    else { result.add(chars.slice(at, at - c).join('')); at += -c; }
  }
  return result.build();
}

/**
 * Where position `index` of the base text ends up after op (docs/live-editing.md, 3.9; as TextOperation.TransformPosition):
 * a position at either edge of a replaced range, or inside it, lands before the run's inserted text, or after it when
 * stickToRight, whatever the order of the run's deletes and inserts.
 */
export function transformPosition(index, op, stickToRight = false) {
  let at = 0;
  let shift = 0;
  for (let i = 0; i < op.length;) {
    if (isRetain(op[i])) {
      if (index < at + op[i]) return index + shift;
      at += op[i];
      i++;
      continue;
    }
    let deleted = 0;
    let inserted = 0;
    for (; i < op.length && !isRetain(op[i]); i++) {
      if (isDelete(op[i])) deleted += -op[i];
      else inserted += cpLength(op[i]);
    }
    if (index <= at + deleted) return at + shift + (stickToRight ? inserted : 0);
    at += deleted;
    shift += inserted - deleted;
  }
  return index + shift;
}

/**
 * The operation turning oldText into newText: one changed region between the common prefix and suffix (what one
 * input event produces), in code points.
 */
export function diff(oldText, newText) {
  const a = Array.from(oldText);
  const b = Array.from(newText);
  let prefix = 0;
  const maxPrefix = Math.min(a.length, b.length);
  while (prefix < maxPrefix && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  return normalize([prefix, b.slice(prefix, b.length - suffix).join(''), -(a.length - prefix - suffix), suffix]);
}

/**
 * Splits an operation inserting more than maxInserted code points into a first part within the limit and the rest,
 * which applies after it (compose(first, rest) equals op), as TextOperation.Split in C#: the cut falls between inserts
 * whenever one fits, since an insert cut in two lets another member's edit committed between the parts land inside it.
 * Answers [first, rest] (rest null when op fits).
 */
export function split(op, maxInserted) {
  if (!(maxInserted >= 1)) throw new Error('The limit is at least one code point.');
  const inserted = op.reduce((n, c) => n + (isInsert(c) ? cpLength(c) : 0), 0);
  if (inserted <= maxInserted) return [op, null];
  const first = new Builder();
  let baseDone = 0;
  let targetDone = 0;
  let budget = maxInserted;
  for (let i = 0; i < op.length; i++) {
    const c = op[i];
    if (isRetain(c)) { first.add(c); baseDone += c; targetDone += c; }
    else if (isDelete(c)) { first.add(c); baseDone += -c; }
    else if (cpLength(c) <= budget) { first.add(c); targetDone += cpLength(c); budget -= cpLength(c); }
    else {
      // Something is inserted already: cut before this insert rather than inside it.
      const head = budget < maxInserted ? '' : cpSlice(c, 0, budget);
      const tail = c.slice(head.length);
      first.add(head);
      first.add(baseLength(op) - baseDone);
      const rest = new Builder();
      rest.add(targetDone + cpLength(head));
      rest.add(tail);
      for (let j = i + 1; j < op.length; j++) rest.add(op[j]);
      return [first.build(), rest.build()];
    }
  }
  return [op, null];
}

/**
 * Inserted code points per message: 2,000 stays under the hub's 32 KB message limit even when every character is
 * escaped as a surrogate pair in JSON (as ParagraphDocument.MaxInsertedPerMessage).
 */
export const MAX_INSERTED_PER_MESSAGE = 2000;


/** 32 random hex digits (crypto.randomUUID needs a secure context; getRandomValues does not). */
export function randomHex() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export { ParagraphDoc } from './paragraph-doc.js';
