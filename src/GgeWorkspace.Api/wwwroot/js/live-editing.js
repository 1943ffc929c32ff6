// Live editing of one draft's paragraphs over the drafting hub (docs/live-editing.md): one ParagraphDoc per paragraph,
// operations submitted one at a time, and what happens when they fail. Nothing typed is lost: while the connection is
// down edits stay pending and are resent after catching up; an edit the service refuses is taken out of the text and
// handed to the page (onRefused) to show, never resent.

import { HubError } from './hub.js';
import { ParagraphDoc } from './ot.js';

/** The live-editing protocol this page speaks (DraftingHubProtocol.Version); sent with every operation. */
export const PROTOCOL_VERSION = 2;

/** The last part of a problem's type (`tag:gge-workspace,2026:problem:conflict` -> `conflict`). */
export const problemKind = (problem) => String(problem?.type ?? '').split(':').pop();

/**
 * What to do after a failed SubmitOperation: 'resend' after reconnecting (the connection dropped), 'retry' after a
 * pause (429, the draft not joined yet, the database unavailable, an unexpected error: the same operation is applied at
 * most once), 'catch-up'
 * then resend (the base length did not match), or 'refused' (the paragraph's state, the caller's role, a malformed
 * operation, a damaged paragraph: sending it again cannot succeed), or 'outdated' (the service speaks a newer protocol:
 * only reloading the page helps).
 */
export function outcomeOf(error) {
  if (!(error instanceof HubError)) return 'resend';
  const problem = error.problem;
  const kind = problemKind(problem);
  if (kind === 'operation-mismatch') return 'catch-up';
  if (kind === 'protocol-outdated') return 'outdated';
  if (kind === 'paragraph-damaged') return 'refused';
  if (kind === 'draft-not-joined') return 'retry'; // sent before the draft was joined again: kept, sent after joining
  if (!problem || problem.status === 429 || problem.status >= 500) return 'retry';
  return 'refused';
}

const MAX_MISMATCHES = 3;

export class LiveDraft {
  /**
   * hub: the HubConnection; onText(doc, op): the doc's text changed by op (remote, rebased or withdrawn: map carets and
   * marks through it); onRefused(doc, refusal): pending edits were refused and withdrawn ({ problem, message, base,
   * version, operation, text }); onSaved(doc): the service acknowledged an edit; onTrouble(message): a transient
   * failure worth telling the user; onOutdated(): the service speaks a newer protocol, the page must be reloaded.
   */
  constructor({ hub, groupId, draftId, authorSub, onText, onRefused, onSaved, onTrouble, onOutdated, gapWaitMs = 1000 }) {
    // gapWaitMs: how long an operation received early may wait for a missing version before catching up (a broadcast
    // can be lost without the connection dropping).
    Object.assign(this, { hub, groupId, draftId, authorSub, onText, onRefused, onSaved, onTrouble, onOutdated, gapWaitMs });
    this.gapCatchUps = 0;
    this.resyncs = 0;
    this.docs = new Map();
    // SubmitOperation needs a joined connection: after a drop, nothing is sent until the draft is joined again.
    this.joined = true;
  }

  get(paragraphId) { return this.docs.get(paragraphId); }

  has(paragraphId) { return this.docs.has(paragraphId); }

  values() { return this.docs.values(); }

  docFor(paragraphId, text, version) {
    let doc = this.docs.get(paragraphId);
    if (!doc) {
      doc = new ParagraphDoc(paragraphId, text, version, this.authorSub);
      doc.mismatches = 0;
      doc.retries = 0;
      doc.onSend = (op) => this.submit(doc, op);
      doc.onRemote = (remote) => this.onText(doc, remote);
      doc.onAcknowledged = () => this.onSaved?.(doc);
      this.docs.set(paragraphId, doc);
    }
    return doc;
  }

  /** The connection went down: hold edits until joined again (see resynchronize). */
  disconnected() { this.joined = false; }

  get canSend() { return this.joined && this.hub.state === 'connected'; }

  receive(paragraphId, operations) {
    const doc = this.docs.get(paragraphId);
    if (!doc) return false;
    doc.receive(operations);
    this.watchGap(doc);
    this.resyncIfDiverged(doc);
    return true;
  }

  resyncIfDiverged(doc) {
    if (doc.diverged && !doc.resyncing) this.resync(doc);
  }

  /**
   * The paragraph's text no longer matches the server's (by its hash): take the whole text again keeping local edits
   * (the call counts as a divergence on the server), then resend what is in flight (applied once by its id).
   */
  async resync(doc) {
    doc.resyncing = true;
    try {
      const r = await this.hub.invoke('Resync', this.groupId, this.draftId, doc.paragraphId);
      this.resyncs++;
      const inFlight = doc.rebase(r.text, r.version);
      this.onText(doc, null);
      if (inFlight) this.resend(doc);
    } catch (error) {
      if (error instanceof HubError) this.onTrouble?.(error.message);
    } finally {
      doc.resyncing = false;
    }
  }

  /** Once the same version has been missing for gapWaitMs, catch up from the version held instead of waiting. */
  watchGap(doc) {
    if (!doc.hasGap || doc.gapTimer) return;
    const missing = doc.version + 1;
    doc.gapTimer = setTimeout(async () => {
      if (doc.hasGap && doc.version + 1 === missing && this.hub.state === 'connected') {
        this.gapCatchUps++;
        await this.catchUp(doc);
      }
      doc.gapTimer = null;
      // Disconnected: resynchronize catches up after the reconnect.
      if (this.hub.state === 'connected') this.watchGap(doc);
    }, this.gapWaitMs);
  }

  async submit(doc, op) {
    if (!this.canSend) return; // resent by resynchronize
    try {
      const ack = await this.hub.invoke('SubmitOperation', {
        groupId: this.groupId, draftId: this.draftId, paragraphId: doc.paragraphId,
        baseVersion: op.baseVersion, clientOperationId: op.clientOperationId, operation: op.operation,
        protocolVersion: PROTOCOL_VERSION,
        // A translation's operation names the working text its translator was reading (see draft/translation-editor.js).
        ...(doc.sourceTextVersion === undefined ? {} : { sourceTextVersion: doc.sourceTextVersion }),
      });
      doc.mismatches = 0;
      doc.retries = 0;
      if (!ack.duplicate) {
        doc.verify(ack.version, ack.textHash);
        this.resyncIfDiverged(doc);
      }
      if (ack.duplicate && ack.version <= doc.version && doc.inFlight?.clientOperationId === ack.clientOperationId) {
        this.onText(doc, doc.settleCommittedInFlight());
        return;
      }
      // The broadcast is the acknowledgement; should it be missed, catch up.
      setTimeout(() => { if (doc.inFlight?.clientOperationId === ack.clientOperationId) this.catchUp(doc); }, 1500);
    } catch (error) {
      // Settled meanwhile (acknowledged by a catch-up, or withdrawn): nothing left to do for this operation.
      if (doc.inFlight?.clientOperationId !== op.clientOperationId) return;
      const outcome = outcomeOf(error);
      if (outcome === 'resend') return;
      if (outcome === 'catch-up' && ++doc.mismatches <= MAX_MISMATCHES) {
        if (!(await this.catchUp(doc))) this.resend(doc);
      } else if (outcome === 'retry') {
        const pause = Math.min(30_000, 500 * 2 ** doc.retries++);
        this.onTrouble?.(`${error.message} Your edit is kept and sent again shortly.`);
        setTimeout(() => this.resend(doc), pause);
      } else {
        // Outdated: the edit is kept in a note like any refused one, and the page asks to be reloaded.
        this.refuse(doc, error);
        if (outcome === 'outdated') this.onOutdated?.();
      }
    }
  }

  resend(doc) {
    const op = doc.resend();
    if (op) this.submit(doc, op);
  }

  refuse(doc, error) {
    doc.mismatches = 0;
    doc.retries = 0;
    const withdrawn = doc.withdraw();
    if (!withdrawn) return;
    this.onText(doc, withdrawn.undo);
    this.onRefused(doc, { problem: error.problem ?? null, message: error.message, ...withdrawn });
  }

  /** Catches up from the version held; answers true when it resent the operation in flight (see ParagraphDoc.rebase). */
  async catchUp(doc) {
    try {
      const r = await this.hub.invoke('CatchUp', this.groupId, this.draftId, doc.paragraphId, doc.version);
      if (r.text !== null && r.text !== undefined) {
        const inFlight = doc.rebase(r.text, r.version);
        this.onText(doc, null);
        if (inFlight) {
          this.resend(doc);
          return true;
        }
      } else doc.receive(r.operations);
      doc.verify(r.version, r.textHash);
      this.resyncIfDiverged(doc);
    } catch (error) {
      if (error instanceof HubError) this.onTrouble?.(error.message);
    }
    return false;
  }

  /** After (re)joining the draft: catch every paragraph up, then send what is still pending. */
  async resynchronize() {
    this.joined = true;
    for (const doc of this.docs.values()) {
      if (!(await this.catchUp(doc))) this.resend(doc);
    }
  }
}
