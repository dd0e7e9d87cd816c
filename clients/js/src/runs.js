/** A run the server refused or could not carry out, or one whose end this client cannot know. */
export class RunError extends Error {
  constructor(message, { code, error, detail, executionId, requestId } = {}) {
    super(message);
    this.name = 'RunError';
    this.code = code;
    this.error = error;
    this.detail = detail;
    this.executionId = executionId;
    this.requestId = requestId;
  }
}

// statuses of a run that has ended (ExecutionResult.status, and `stopped`)
const ENDED = new Set(['ok', 'runtime_error', 'compilation_error', 'timed_out', 'output_limit_exceeded',
  'memory_limit_exceeded', 'killed', 'stopped', 'failed', 'error']);

function describe(data) {
  const what = data?.error ?? 'the run failed';
  const code = data?.code != null ? ` (${data.code})` : '';
  return data?.detail ? `${what}${code}: ${data.detail}` : `${what}${code}`;
}

/** One run of this client: what `client.run()` resolves to. */
class Run {
  constructor(book, start, onOutput) {
    this.book = book;
    this.id = start.execution_id;
    this.requestId = start.request_id;
    this.language = start.language;
    this.interactive = start.interactive === true;
    this.onOutput = onOutput;
    this.done = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    // a caller that only awaits run() and never run.done must not see an unhandled rejection
    this.done.catch(() => {});
  }

  /** Writes text to the program's stdin (an interactive run); rejects with a CommandError when refused. */
  input(text) {
    return this.book.send('execution_input', { execution_id: this.id, data: String(text) });
  }

  /** Closes the program's stdin. */
  eof() {
    return this.book.send('execution_input', { execution_id: this.id, eof: true });
  }

  /**
   * SIGINT, then, after the server's grace, the rest is killed; `done` gives `status: "stopped"`.
   * Rejects with a CommandError when refused (404, 409: the run is not going).
   */
  stop() {
    return this.book.send('execution_stop', { execution_id: this.id });
  }
}

/**
 * The runs this client asked for: those waiting for their `execution_start` (by request id, in
 * the order they were asked for) and those started and not ended (by execution id).
 */
export class RunBook {
  constructor(send) {
    this.send = send; // (type, data) => Promise: resolved once the server took it, rejected when it refused
    this.waiting = new Map(); // request id -> {resolve, reject, onOutput}
    this.running = new Map(); // execution id -> Run
  }

  /** A promise of the Run once the server names it. */
  expect(requestId, onOutput) {
    return new Promise((resolve, reject) => this.waiting.set(requestId, { resolve, reject, onOutput }));
  }

  /** Session messages about runs: starts, output, ends. */
  observe(envelope) {
    const data = envelope.data ?? {};
    switch (envelope.type) {
      case 'execution_start': {
        const waiting = this.waiting.get(data.request_id);
        if (!waiting) return;
        this.waiting.delete(data.request_id);
        const run = new Run(this, data, waiting.onOutput);
        this.running.set(run.id, run);
        waiting.resolve(run);
        return;
      }
      case 'execution_output':
        this.running.get(data.execution_id)?.onOutput?.(data, envelope);
        return;
      case 'execution_complete': {
        const run = this.running.get(data.execution_id);
        if (!run) return;
        this.running.delete(run.id);
        run.settle.resolve(data.result);
        return;
      }
      case 'execution_error': {
        const run = this.running.get(data.execution_id);
        if (!run) return;
        this.running.delete(run.id);
        run.settle.reject(new RunError(describe(data), { ...data, executionId: run.id, requestId: run.requestId }));
        return;
      }
      default:
    }
  }

  /**
   * An `error` reply to this connection; true when it refused a run of this book. The run is
   * the one whose `request_id` it echoes. A server that echoes none gets the old guess: an error
   * while a run is being asked for is that run's refusal (the oldest one asked for); 404 and 409
   * only answer input and stops of runs that exist.
   */
  refused(data) {
    let requestId = data?.request_id;
    if (requestId == null) {
      if (this.waiting.size === 0 || data?.code === 404 || data?.code === 409) return false;
      [requestId] = this.waiting.keys();
    }
    return this.failed(requestId, new RunError(describe(data), { ...data, requestId }));
  }

  /** A request that was refused, or could not be sent at all; true when it was waiting. */
  failed(requestId, error) {
    const waiting = this.waiting.get(requestId);
    if (!waiting) return false;
    this.waiting.delete(requestId);
    waiting.reject(error);
    return true;
  }

  /**
   * The stream started over and what was missed is gone (`state` is the session snapshot, with
   * `runs` when the server sends them): a run still listed as going keeps its promise; for the
   * others this client cannot know the start or the result, and says so.
   */
  lost(state) {
    const going = new Set((state?.runs ?? []).filter((run) => !ENDED.has(run.status)).map((run) => run.execution_id));
    for (const [requestId, waiting] of this.waiting) {
      waiting.reject(new RunError('the connection could not resume, so whether this run started is unknown; '
        + 'list the session\'s runs to find it', { requestId }));
    }
    this.waiting.clear();
    for (const [id, run] of this.running) {
      if (going.has(id)) continue;
      this.running.delete(id);
      run.settle.reject(new RunError('the connection could not resume and the end of this run was missed; '
        + 'read its transcript', { executionId: id, requestId: run.requestId }));
    }
  }

  /** The client was closed: every promise still open fails. */
  closed() {
    const error = () => new RunError('the client was closed');
    for (const waiting of this.waiting.values()) waiting.reject(error());
    for (const run of this.running.values()) run.settle.reject(error());
    this.waiting.clear();
    this.running.clear();
  }
}
