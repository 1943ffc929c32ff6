// One paragraph's text on the client: server-sequenced OT with one operation in flight and a pending buffer.

import { apply, baseLength, compose, cpLength, diff, invert, isNoop, randomHex, split, transform, MAX_INSERTED_PER_MESSAGE } from './ot.js';
import { textHash } from './text-hash.js';

let nextId = 0;

/**
 * The client side of server-sequenced OT for one paragraph (as ParagraphDocument.cs): the text as the user sees it,
 * the server's text and version it rests on, at most one operation in flight and a buffer of pending ones composed
 * into one. Committed operations are applied strictly in version order; our own operation coming back is its
 * acknowledgement. Pending edits survive a lost connection: they are resent after catching up.
 */
export class ParagraphDoc {
  constructor(paragraphId, text, version, authorSub) {
    this.paragraphId = paragraphId;
    this.text = text;
    this.serverText = text;
    this.version = version;
    this.authorSub = authorSub;
    this.inFlight = null; // { clientOperationId, baseVersion, operation }
    this.buffer = null;
    this.early = new Map();
    // True when serverText no longer matches the server's (a text hash differed, or an operation did not fit): nothing
    // more is applied until rebase takes the whole text again.
    this.diverged = false;
    this.onSend = () => {};
    this.onRemote = () => {};
    this.onAcknowledged = () => {};
  }

  get synchronized() { return this.inFlight === null && this.buffer === null; }

  edit(op) {
    if (baseLength(op) !== cpLength(this.text)) throw new Error('The operation does not fit the text.');
    if (isNoop(op)) return;
    this.text = apply(this.text, op);
    if (this.inFlight === null) this.send(op);
    else this.buffer = this.buffer === null ? op : compose(this.buffer, op);
  }

  receive(committed) {
    for (const c of committed) if (c.version > this.version) this.early.set(c.version, c);
    this.drain();
  }

  /** Applies the operations that waited for the version now held; drops the ones it already contains. */
  drain() {
    for (const v of [...this.early.keys()]) if (v <= this.version) this.early.delete(v);
    // Only the last hash of a run is checked: it describes the text now held, and one pass over a long paragraph per
    // received message is enough.
    let last = null;
    while (!this.diverged && this.early.has(this.version + 1)) {
      const next = this.early.get(this.version + 1);
      this.early.delete(this.version + 1);
      try {
        this.applyCommitted(next);
        if (next.textHash) last = next;
      } catch {
        // Our copy of the server's text is wrong: the operation waits for the resynchronisation.
        this.early.set(next.version, next);
        this.diverged = true;
      }
    }
    if (last !== null) this.verify(last.version, last.textHash);
  }

  /** Checks serverText against the hash the server gave for `version` (when it is the version held). */
  verify(version, hash) {
    if (hash && version === this.version && !this.diverged && textHash(this.serverText) !== hash) this.diverged = true;
  }

  /** True when operations wait for an earlier version that has not arrived. */
  get hasGap() { return this.early.size > 0; }

  /**
   * Starts again from the server's text, dropping what was pending (see rebase to keep it). A text older than the
   * version already applied is ignored; operations broadcast while it was on its way come after it and still apply.
   */
  reset(text, version) {
    if (version < this.version) return;
    this.text = text;
    this.serverText = text;
    this.version = version;
    this.inFlight = null;
    this.buffer = null;
    this.diverged = false;
    this.drain();
  }

  /**
   * The server sent its whole text (too far behind to send the operations): what changed since our version is taken as
   * one remote operation, so pending edits are transformed over it instead of being dropped. A text older than the
   * version already applied is ignored; operations that arrived early after its version still apply. Answers true when
   * an operation is still in flight: the text may already hold it, so it must be resent; the service then answers it
   * as a duplicate at or below our version and settleCommittedInFlight takes the local copy out, or commits it once.
   */
  rebase(text, version) {
    if (version < this.version) return false;
    if (this.synchronized) { this.reset(text, version); return false; }
    const remote = diff(this.serverText, text);
    this.serverText = text;
    this.diverged = false;
    this.applyRemote(remote, version, { version, clientOperationId: null, authorSub: null, operation: remote });
    this.drain();
    return this.inFlight !== null;
  }

  /** After a reconnect and catch-up: the operation in flight again, if it was not committed (same id, applied once). */
  resend() {
    if (this.inFlight === null) return null;
    this.inFlight = { ...this.inFlight, baseVersion: this.version };
    return this.inFlight;
  }

  /**
   * The server refused the operation in flight (the paragraph was agreed, put under silence...): every pending edit is
   * taken out of the text, which returns to the server's. Answers what was withdrawn: the server text it applied to,
   * the operation, the text the author had, and the operation that took it out (for carets and marks).
   */
  withdraw() {
    if (this.inFlight === null) return null;
    const operation = this.buffer === null ? this.inFlight.operation : compose(this.inFlight.operation, this.buffer);
    const withdrawn = { base: this.serverText, version: this.version, operation, text: this.text, undo: invert(operation, this.serverText) };
    this.text = this.serverText;
    this.inFlight = null;
    this.buffer = null;
    return withdrawn;
  }

  /**
   * The service answered that the operation in flight was committed long ago (a duplicate at or below our version):
   * it is already in the whole text taken over by rebase, so our copy comes out again; later edits stay and go next.
   * Answers the operation that took it out of the text (for carets and marks).
   */
  settleCommittedInFlight() {
    if (this.inFlight === null) return null;
    let undo = invert(this.inFlight.operation, this.serverText);
    let buffer = null;
    if (this.buffer !== null) {
      buffer = transform(this.buffer, undo, 'other');
      undo = transform(undo, this.buffer, 'this');
    }
    this.text = apply(this.text, undo);
    this.inFlight = null;
    this.buffer = null;
    if (buffer !== null && !isNoop(buffer)) this.send(buffer);
    return undo;
  }

  applyCommitted(c) {
    if (this.inFlight !== null && c.clientOperationId === this.inFlight.clientOperationId && c.authorSub === this.authorSub) {
      // The server applied our operation as we transformed it, so its text follows the same way.
      this.serverText = apply(this.serverText, this.inFlight.operation);
      this.version = c.version;
      this.inFlight = null;
      if (this.buffer !== null) {
        const buffered = this.buffer;
        this.buffer = null;
        this.send(buffered);
      }
      this.onAcknowledged(c);
      return;
    }
    this.serverText = apply(this.serverText, c.operation);
    this.applyRemote(c.operation, c.version, c);
  }

  applyRemote(operation, version, c) {
    let remote = operation;
    if (this.inFlight !== null) {
      const inFlight = transform(this.inFlight.operation, remote, 'other');
      remote = transform(remote, this.inFlight.operation, 'this');
      this.inFlight = { ...this.inFlight, operation: inFlight };
    }
    if (this.buffer !== null) {
      const buffer = transform(this.buffer, remote, 'other');
      remote = transform(remote, this.buffer, 'this');
      this.buffer = buffer;
    }
    this.text = apply(this.text, remote);
    this.version = version;
    if (this.inFlight !== null) this.inFlight = { ...this.inFlight, baseVersion: this.version };
    this.onRemote(remote, c);
  }

  send(op) {
    // A big paste goes in parts, each under the hub's message limit; the rest waits in the buffer.
    const [first, rest] = split(op, MAX_INSERTED_PER_MESSAGE);
    op = first;
    if (rest !== null) this.buffer = this.buffer === null ? rest : compose(rest, this.buffer);
    const rand = randomHex();
    this.inFlight = { clientOperationId: `${this.authorSub}:${this.paragraphId.replaceAll('-', '')}:${++nextId}:${rand}`, baseVersion: this.version, operation: op };
    this.onSend(this.inFlight);
  }
}
