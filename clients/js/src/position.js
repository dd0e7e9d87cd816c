/**
 * Where a client stands in its session's stream: the `epoch` and the last `seq` it handed on.
 * It decides what each session message is (the next one, one seen before, or one after a gap)
 * and what a new subscription's start means for the stream.
 */
export class Position {
  constructor(start) {
    this.epoch = start?.epoch ?? null;
    this.seq = start?.seq ?? 0;
  }

  /** What to ask a new connection for: {since, epoch}, or null before anything was seen. */
  resumeFrom() {
    return this.epoch != null ? { since: this.seq, epoch: this.epoch } : null;
  }

  /**
   * A subscription started: `asked` is what it asked for (or null), `start` the server's
   * {epoch, seq, recovered}. Returns 'resumed' (the stream goes on from where it was: the
   * replay that follows fills the gap), 'fresh' (nothing was asked: the stream starts at the
   * session's seq + 1) or 'lost' (the resume could not be served: the stream starts over at the
   * session's seq + 1 and what was missed is gone).
   */
  started(asked, start) {
    if (asked && start.recovered === true && start.epoch === asked.epoch) return 'resumed';
    this.epoch = start.epoch ?? null;
    this.seq = typeof start.seq === 'number' ? start.seq : 0;
    return asked ? 'lost' : 'fresh';
  }

  /** Moves to a snapshot: every message up to its seq is in it. */
  restart(epoch, seq) {
    if (epoch != null) this.epoch = epoch;
    if (typeof seq === 'number') this.seq = seq;
  }

  /**
   * 'next' (hand it on; the position moves to it), 'seen' (a duplicate: drop it) or 'gap'
   * (messages before it are missing: drop it and resume).
   */
  classify(seq) {
    if (this.epoch == null) {
      // a server without resume: nothing to compare against, every message is new
      this.seq = seq;
      return 'next';
    }
    if (seq <= this.seq) return 'seen';
    if (seq !== this.seq + 1) return 'gap';
    this.seq = seq;
    return 'next';
  }
}
