import { TRANSPORTS } from './transports.js';
import { Position } from './position.js';
import { RunBook } from './runs.js';
import { Rest, restCalls } from './rest.js';
import { SharedDocument } from './document.js';
import { CommandBook } from './commands.js';

const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;

function webSocketBase(baseUrl) {
  const url = new URL(baseUrl);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  return url.href.replace(/\/+$/, '');
}

/**
 * The wait before try `attempt` (1, 2, …): initialDelay, then `factor` times longer after each
 * failed try, at most maxDelay, each spread by ± jitter (a fraction) so that clients dropped
 * together do not all come back together.
 */
export function backoffDelay(attempt, { initialDelay, maxDelay, factor, jitter }, random = Math.random) {
  const base = Math.min(maxDelay, initialDelay * factor ** (attempt - 1));
  return Math.round(base * (1 - jitter + random() * 2 * jitter));
}

function defaultBase() {
  return typeof location !== 'undefined' ? location.origin : undefined;
}

/**
 * One session of a GhostIDE Realtime server, over the plain-JSON WebSocket or STOMP. It
 * reconnects by itself with jittered exponential backoff, resumes from the last `seq` it
 * handed on, and hands every session message to the handlers once, in `seq` order.
 */
export class RealtimeClient {
  constructor({
    baseUrl = defaultBase(),
    sessionId,
    transport = 'raw',
    token,
    name,
    WebSocket = globalThis.WebSocket,
    fetch = globalThis.fetch?.bind(globalThis),
    position,
    reconnect = {},
    connectTimeout = 10000,
    stateTimeout = 2000,
    state = false,
  } = {}) {
    if (!baseUrl) throw new TypeError('baseUrl is required (e.g. "http://127.0.0.1:8000")');
    if (typeof sessionId !== 'string' || !SESSION_ID.test(sessionId)) {
      throw new TypeError(`sessionId must match ${SESSION_ID}, got ${JSON.stringify(sessionId)}`);
    }
    if (!(transport in TRANSPORTS)) throw new TypeError(`transport must be 'raw' or 'stomp', got ${JSON.stringify(transport)}`);
    if (typeof WebSocket !== 'function') {
      throw new TypeError('no WebSocket: pass a constructor as the WebSocket option (in Node 20, the ws package\'s)');
    }
    this.baseUrl = String(baseUrl).replace(/\/+$/, '');
    this.sessionId = sessionId;
    this.transportName = transport;
    this.name = name;
    this.WebSocket = WebSocket;
    this.connectTimeout = connectTimeout;
    this.stateTimeout = stateTimeout;
    this.askState = state === true;
    this.backoff = { initialDelay: 500, maxDelay: 10000, factor: 2, jitter: 0.2, ...reconnect };
    this.tokenSource = token;
    this.rest = new Rest({ baseUrl: this.baseUrl, sessionId, token: () => this.resolveToken(), fetch });
    this.handlers = new Map(); // type or '*' -> Set of handlers
    this.status = 'idle';
    this.position = new Position(position);
    this.commands = new CommandBook((type, data) => this.send(type, data));
    this.runs = new RunBook((type, data) => this.commands.request(type, data));
    this.transport = null;
    this.live = false;
    this.asked = null; // {since, epoch} the current connection asked to resume from
    this.awaitingState = null; // after a resume that was lost: the timer until a session_state is given up on
    this.attempt = 0; // failed tries since the connection was last live
    this.retryTimer = null;
    this.outbox = []; // {command, resolve, reject}: commands waiting for a live connection
    this.disconnect = null; // {code, reason} of the server's disconnect frame, until the close it announces
    this.refreshing = null; // the request id of the auth_refresh in flight, until its answer
    this.firstLive = null;
    this.connectionId = null; // this connection's id, when the server named it (the raw transport)
  }

  /** The position a later client may resume from: {epoch, seq}. */
  get resumePosition() {
    return { epoch: this.position.epoch, seq: this.position.seq };
  }

  /** Calls `handler(data, envelope)` for every message of `type` ('*': every message); returns an unsubscribe. */
  on(type, handler) {
    if (typeof handler !== 'function') throw new TypeError('handler must be a function');
    if (!this.handlers.has(type)) this.handlers.set(type, new Set());
    const set = this.handlers.get(type);
    // a handler added twice is called twice, and removed one at a time
    const entry = (...args) => handler(...args);
    set.add(entry);
    return () => set.delete(entry);
  }

  /** Resolves once the first connection is live; it keeps reconnecting until then. */
  connect() {
    if (this.status === 'closed') return Promise.reject(new Error('the client was closed'));
    if (!this.firstLive) {
      this.firstLive = {};
      this.firstLive.promise = new Promise((resolve, reject) => Object.assign(this.firstLive, { resolve, reject }));
      // a close before the first live connection must not be an unhandled rejection of ours
      this.firstLive.promise.catch(() => {});
      this.setStatus('connecting');
      this.open();
    }
    return this.firstLive.promise;
  }

  /**
   * Asks for a run; resolves once the server's `execution_start` names it (matched by this
   * request's own `request_id`), rejects with a RunError when the server refuses it.
   */
  async run({ code, language, interactive = false, input, timeout, onOutput } = {}) {
    if (typeof code !== 'string' || typeof language !== 'string') throw new TypeError('run needs code and language strings');
    const requestId = globalThis.crypto.randomUUID();
    const started = this.runs.expect(requestId, onOutput);
    const data = { code, language, interactive, request_id: requestId };
    if (input != null) data.input = input;
    if (timeout != null) data.timeout = timeout;
    this.send('execute_code', data).catch((error) => this.runs.failed(requestId, error));
    return started;
  }

  /** Opens a session file as a shared document (doc_open now; see SharedDocument). */
  openDocument(fileName, options) {
    return new SharedDocument(this, fileName, options);
  }

  /**
   * Sends a command with a `request_id` of its own; resolves once the server has taken it (to
   * the answer of `presence` and `ping`), rejects with a CommandError when the server refuses it.
   */
  request(type, data = {}) {
    if (this.status === 'closed') return Promise.reject(new Error('the client was closed'));
    return this.commands.request(type, data);
  }

  /**
   * Sends a command; resolves once it is written to a live connection (it waits for one), to
   * the `request_id` it carries (the caller's, else one of its own) that an `error` would echo.
   */
  send(type, data = {}) {
    if (this.status === 'closed') return Promise.reject(new Error('the client was closed'));
    const command = { type, data: data !== null && typeof data === 'object' && !Array.isArray(data) && data.request_id == null
      ? { ...data, request_id: globalThis.crypto.randomUUID() } : data };
    return new Promise((resolve, reject) => {
      this.outbox.push({ command, resolve: () => resolve(command.data?.request_id), reject });
      this.flush();
    });
  }

  /** Closes the connection for good: no reconnect, every promise still open fails. */
  close() {
    if (this.status === 'closed') return;
    clearTimeout(this.retryTimer);
    clearTimeout(this.awaitingState);
    this.transport?.close();
    this.transport = null;
    this.live = false;
    for (const queued of this.outbox.splice(0)) queued.reject(new Error('the client was closed'));
    this.runs.closed();
    this.commands.closed();
    this.firstLive?.reject(new Error('the client was closed'));
    this.setStatus('closed');
  }

  // ---- connections

  async open() {
    clearTimeout(this.retryTimer);
    let token;
    try {
      token = await this.resolveToken();
    } catch (error) {
      this.lost({ code: 0, reason: `the token function failed: ${error.message}` });
      return;
    }
    if (this.status === 'closed') return;
    this.asked = this.position.resumeFrom();
    const Transport = TRANSPORTS[this.transportName];
    let transport;
    const owned = (fn) => (...args) => transport === this.transport && fn(...args);
    transport = new Transport({
      url: webSocketBase(this.baseUrl),
      sessionId: this.sessionId,
      WebSocket: this.WebSocket,
      token,
      name: this.name,
      connectTimeout: this.connectTimeout,
      state: this.askState,
      ...this.asked,
    }, {
      onStart: owned((start) => this.started(start)),
      onLive: owned(() => this.becameLive()),
      onMessage: owned((envelope) => this.received(envelope)),
      onClose: owned((close) => this.lost(close)),
    });
    this.transport = transport;
    transport.open();
  }

  started(start) {
    // the raw connect frame names this connection; a STOMP subscription does not
    this.connectionId = start.connectionId ?? null;
    if (this.position.started(this.asked, start) === 'lost') {
      // the server sends the session_state right after; a server that has none sends nothing
      this.awaitingState = setTimeout(() => this.reset({ epoch: this.position.epoch, seq: this.position.seq }),
        this.stateTimeout);
    }
  }

  becameLive() {
    this.live = true;
    this.attempt = 0;
    this.setStatus('live');
    this.firstLive.resolve();
    this.flush();
  }

  /**
   * The connection went away (or never came): try again after the backoff, `now` at once. Each
   * failed try doubles the wait, from initialDelay up to maxDelay, with jitter so that many
   * clients dropped together do not come back together.
   */
  lost(close, now = false) {
    const wasLive = this.live;
    this.transport = null;
    this.live = false;
    clearTimeout(this.awaitingState);
    this.awaitingState = null;
    if (this.status === 'closed') return;
    // the server's disconnect frame says why better than the close that follows it
    const { code, reason } = this.disconnect ?? close;
    this.disconnect = null;
    // a refresh in flight dies with its connection; the next one is opened with a fresh token
    this.refreshing = null;
    this.commands.lost();
    clearTimeout(this.retryTimer);
    // a token that expired: at once, with a fresh one (the token function is called again)
    let delay = 0;
    if (!now && reason !== 'token_expired') {
      this.attempt += 1;
      delay = backoffDelay(this.attempt, this.backoff);
    }
    this.retryTimer = setTimeout(() => this.open(), delay);
    // told before every try, with its wait: 'reconnecting' may come several times in a row
    this.status = 'reconnecting';
    this.emit('status', 'reconnecting', { attempt: this.attempt, delay, code, reason, wasLive });
  }


  /** Drops the connection on purpose and connects again at once, resuming from the position. */
  reconnectNow(reason) {
    const transport = this.transport;
    if (!transport) return;
    transport.close(4001, reason);
    this.lost({ code: 4001, reason }, true);
  }

  flush() {
    while (this.live && this.outbox.length > 0) {
      const next = this.outbox[0];
      if (!this.transport.send(next.command)) return;
      this.outbox.shift();
      next.resolve();
    }
  }

  async resolveToken() {
    return typeof this.tokenSource === 'function' ? this.tokenSource() : this.tokenSource;
  }

  // ---- messages

  received(envelope) {
    if (envelope.type === 'connect' || envelope.type === 'subscribed') {
      // the start of a subscription, already taken in by started()
      this.dispatch(envelope);
      return;
    }
    if (this.awaitingState && (envelope.seq != null || envelope.type === 'session_state')) {
      // a reply to this connection (a pong on STOMP's reply queue) may come first
      clearTimeout(this.awaitingState);
      this.awaitingState = null;
      if (envelope.type === 'session_state') {
        this.reset(envelope.data ?? {});
        this.dispatch(envelope);
        return;
      }
      // a server that sends no session_state: what the client knows is where it starts
      this.reset({ epoch: this.position.epoch, seq: this.position.seq });
    }
    if (envelope.seq != null) {
      const verdict = this.position.classify(envelope.seq);
      if (verdict === 'seen') return;
      if (verdict === 'gap') {
        // never hand on a message after a hole: resume from the last one handed on
        this.reconnectNow('gap in seq');
        return;
      }
      this.runs.observe(envelope);
    } else if (this.reply(envelope)) {
      return;
    }
    this.dispatch(envelope);
  }

  /** A reply to this connection alone; true when it answered the library itself and goes no further. */
  reply(envelope) {
    const data = envelope.data ?? {};
    if (this.commands.replied(envelope)) return true;
    if (envelope.type === 'error') {
      this.refusal(data);
    } else if (envelope.type === 'disconnect') {
      this.disconnect = { code: data.code, reason: data.reason };
    } else if (envelope.type === 'token_expiring' && typeof this.tokenSource === 'function') {
      this.refreshToken();
    } else if (envelope.type === 'auth_refreshed') {
      this.refreshing = null;
    }
    return false;
  }

  /**
   * An `error` reply: the command it refused is the one whose `request_id` it echoes, named in
   * the data handed on as `command`. A server that echoes none gets the old guess: a 401 or
   * 403 during a refresh is the refresh's, else the run being asked for is taken as refused.
   */
  refusal(data) {
    const requestId = data.request_id;
    const refresh = this.refreshing != null && (requestId != null ? requestId === this.refreshing
      : data.code === 401 || data.code === 403);
    if (refresh) {
      // the old token stays in force until it expires; the reconnect then asks the function again
      this.refreshing = null;
      data.command = 'auth_refresh';
    } else if (this.runs.refused(data)) {
      data.command = 'execute_code';
    }
  }

  /** On `token_expiring`: a fresh token from the function, sent as `auth_refresh` with a request id of its own. */
  async refreshToken() {
    // a second warning while one refresh is in flight needs no second refresh
    if (this.refreshing) return;
    const requestId = globalThis.crypto.randomUUID();
    this.refreshing = requestId;
    try {
      const token = await this.tokenSource();
      // the connection went away meanwhile: the next one is opened with a fresh token anyway
      if (this.refreshing !== requestId) return;
      if (!token) {
        this.refreshing = null;
        return;
      }
      await this.send('auth_refresh', { token, request_id: requestId });
    } catch (error) {
      if (this.refreshing === requestId) this.refreshing = null;
      if (this.status === 'closed') return;
      this.emit('error', { error: 'Token refresh failed', detail: `the token function failed: ${error.message}`,
        command: 'auth_refresh' });
    }
  }

  reset(state) {
    this.position.restart(state.epoch, state.seq);
    this.runs.lost(state);
    this.emit('reset', state);
  }

  dispatch(envelope) {
    this.emit(envelope.type, envelope.data, envelope);
    this.emit('*', envelope.data, envelope);
  }

  // ---- events

  setStatus(status, detail = {}) {
    if (this.status === status) return;
    this.status = status;
    this.emit('status', status, { attempt: this.attempt, ...detail });
  }

  emit(type, ...args) {
    const set = this.handlers.get(type);
    if (!set) return;
    for (const handler of [...set]) {
      try {
        handler(...args);
      } catch (error) {
        // one handler's failure must not cost the others their messages
        console.error(`a ${type} handler of RealtimeClient failed:`, error);
      }
    }
  }
}

Object.assign(RealtimeClient.prototype, restCalls);

