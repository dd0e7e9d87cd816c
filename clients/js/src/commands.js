/** A command the server refused: the `error` that echoed the command's `request_id`. */
export class CommandError extends Error {
  constructor(message, { code, error, detail, command, requestId, retryAfterMs } = {}) {
    super(message);
    this.name = 'CommandError';
    this.code = code;
    this.error = error;
    this.detail = detail;
    this.command = command;
    this.requestId = requestId;
    this.retryAfterMs = retryAfterMs;
  }
}

// commands the server answers to their sender: the answer is the proof they were taken
const ANSWERS = { ping: 'pong', presence: 'presence' };

/**
 * The commands of `client.request()` that the server has not answered yet. The server handles a
 * connection's frames in order and answers each refusal to the sender before it reads the next
 * frame, so the `pong` of a `ping` written after a command proves that no refusal of it is
 * coming: one such ping follows each batch of written commands that have no answer of their own.
 */
export class CommandBook {
  constructor(send) {
    this.send = send; // (type, data) => Promise, resolved once written
    this.pending = new Map(); // request id -> {type, resolve, reject, proof}, in the order asked
    this.proofs = new Map(); // request id of a proving ping -> request ids of the commands it proves
    this.proofQueued = false;
  }

  /** Sends `type` with a `request_id` of its own; resolves once taken, rejects with a CommandError. */
  request(type, data = {}) {
    const requestId = globalThis.crypto.randomUUID();
    const promise = new Promise((resolve, reject) => this.pending.set(requestId, { type, resolve, reject }));
    this.send(type, { ...data, request_id: requestId }).then(() => {
      const entry = this.pending.get(requestId);
      if (!entry) return;
      entry.written = true;
      if (!(type in ANSWERS)) this.queueProof();
    }, (error) => this.settle(requestId, (entry) => entry.reject(error)));
    return promise;
  }

  queueProof() {
    if (this.proofQueued) return;
    this.proofQueued = true;
    // after every command written in the same flush, so that one ping proves them all
    queueMicrotask(() => {
      this.proofQueued = false;
      const proven = [...this.pending].filter(([, entry]) => entry.written && !entry.proof && !(entry.type in ANSWERS));
      if (proven.length === 0) return;
      const proofId = globalThis.crypto.randomUUID();
      for (const [, entry] of proven) entry.proof = proofId;
      this.proofs.set(proofId, proven.map(([id]) => id));
      // the pong echoes the ping's timestamp; a refused ping proves the same with its error
      this.send('ping', { timestamp: proofId, request_id: proofId }).catch(() => this.proofs.delete(proofId));
    });
  }

  /**
   * A reply to this connection; true when it was the library's own proving ping's answer, which
   * is nobody else's business.
   */
  replied(envelope) {
    const data = envelope.data ?? {};
    if (envelope.type === 'error' && data.request_id != null) {
      if (this.proved(data.request_id)) return true;
      this.settle(data.request_id, (entry) => {
        data.command = entry.type;
        entry.reject(new CommandError(describe(entry.type, data), { ...data, command: entry.type,
          requestId: data.request_id, retryAfterMs: data.retry_after_ms }));
      });
      return false;
    }
    if (envelope.type === 'pong' && this.proved(data.timestamp)) return true;
    for (const [requestId, entry] of this.pending) {
      if (entry.written && ANSWERS[entry.type] === envelope.type) {
        this.settle(requestId, (found) => found.resolve(data));
        break;
      }
    }
    return false;
  }

  proved(proofId) {
    const proven = this.proofs.get(proofId);
    if (!proven) return false;
    this.proofs.delete(proofId);
    for (const requestId of proven) this.settle(requestId, (entry) => entry.resolve());
    return true;
  }

  settle(requestId, how) {
    const entry = this.pending.get(requestId);
    if (!entry) return;
    this.pending.delete(requestId);
    how(entry);
  }

  /** The connection went away: what was written and not answered may or may not have been done. */
  lost() {
    // a ping still in the outbox goes out on the next connection: its pong proves nothing now
    for (const proofId of this.proofs.keys()) this.proofs.set(proofId, []);
    for (const [requestId, entry] of [...this.pending]) {
      if (!entry.written) continue; // still in the outbox: it goes out on the next connection
      this.settle(requestId, (found) => found.reject(new CommandError(`the connection dropped before the server `
        + `answered ${entry.type}; it may or may not have been carried out`, { command: entry.type, requestId })));
    }
  }

  /** The client was closed: every command still waiting fails. */
  closed() {
    for (const [requestId, entry] of [...this.pending]) {
      this.settle(requestId, (found) => found.reject(new CommandError('the client was closed', { command: entry.type, requestId })));
    }
  }
}

function describe(type, data) {
  const code = data.code != null ? ` (${data.code})` : '';
  const what = `${type} refused: ${data.error ?? 'error'}${code}`;
  return data.detail ? `${what}: ${data.detail}` : what;
}
