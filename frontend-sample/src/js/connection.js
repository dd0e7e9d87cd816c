import { TRANSPORTS } from './transports.js';

// Close codes worth a sentence of their own; the rest show their number.
const CLOSE_CODES = {
  1000: 'closed normally',
  1001: 'the server went away',
  1006: 'the connection dropped',
  1008: 'closed by the server\'s policy',
  1009: 'a message was too large',
  1011: 'the server hit an error',
  1013: 'the server is full, try again later',
};

/**
 * One live connection to a session over the chosen transport, and the page's promise about
 * it: when it goes away the page says so and tries again with exponential backoff (with
 * jitter, capped), until it is back. Events (CustomEvent detail):
 *   state    {state: connecting | live | reconnecting, transport, attempt, delay, reason, reconnected}
 *   envelope {envelope, channel}   every message received
 *   sent     {command}             every command sent
 *   problem  {text}
 *   latency  {millis}
 */
export class Connection extends EventTarget {
  constructor(sessionId, transport, { initialDelay = 500, maxDelay = 10000, pingEvery = 10000 } = {}) {
    super();
    this.sessionId = sessionId;
    this.transportName = transport in TRANSPORTS ? transport : 'stomp';
    this.initialDelay = initialDelay;
    this.maxDelay = maxDelay;
    this.pingEvery = pingEvery;
    this.transport = null;
    this.state = 'idle';
    this.attempt = 0; // failed tries since the connection was last live
    this.lostReason = null; // why the last live connection ended, as the server or socket told it
    this.retryTimer = null;
    this.pingTimer = null;
    this.pings = new Map(); // ping timestamp -> performance.now() when sent
    this.connectionId = null;
  }

  get transportLabel() {
    return TRANSPORTS[this.transportName].label;
  }

  get live() {
    return this.state === 'live';
  }

  start() {
    this.connect();
  }

  switchTo(name) {
    if (!(name in TRANSPORTS) || name === this.transportName && this.state !== 'idle') return;
    this.stopTransport();
    this.transportName = name;
    this.attempt = 0;
    this.lostReason = null;
    this.connect();
  }

  send(type, data = {}) {
    const command = { type, data };
    if (!this.live || !this.transport.send(command)) return false;
    this.emit('sent', { command });
    return true;
  }

  // ---- internals

  connect() {
    clearTimeout(this.retryTimer);
    const Transport = TRANSPORTS[this.transportName];
    let transport;
    const owned = (fn) => (...args) => transport === this.transport && fn(...args);
    transport = new Transport(this.sessionId, {
      onLive: owned((info) => this.becameLive(info)),
      onEnvelope: owned((envelope, channel) => this.received(envelope, channel)),
      onClose: owned((close) => this.closed(close)),
      onProblem: owned((text) => this.emit('problem', { text })),
    });
    this.transport = transport;
    this.setState(this.attempt > 0 || this.lostReason ? 'reconnecting' : 'connecting', { connecting: true });
    transport.open();
  }

  becameLive(info) {
    const reconnected = this.lostReason !== null;
    const attempts = this.attempt;
    this.attempt = 0;
    this.connectionId = info.connectionId ?? null;
    this.setState('live', { reconnected, attempts, reason: this.lostReason });
    this.lostReason = null;
    this.ping();
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.ping(), this.pingEvery);
  }

  received(envelope, channel) {
    if (envelope.type === 'disconnect') {
      // the close that follows is explained by this
      const { code, reason } = envelope.data ?? {};
      this.lostReason = describeClose(code, reason);
    } else if (envelope.type === 'pong') {
      const sent = this.pings.get(envelope.data?.timestamp);
      if (sent !== undefined) {
        this.pings.delete(envelope.data.timestamp);
        this.emit('latency', { millis: performance.now() - sent });
      }
    }
    this.emit('envelope', { envelope, channel });
  }

  closed({ code, reason, fatal }) {
    clearInterval(this.pingTimer);
    this.pings.clear();
    if (this.state === 'live') {
      this.lostReason ??= describeClose(code, reason);
    } else {
      this.attempt += 1;
    }
    if (fatal) {
      this.setState('offline', { reason: reason || this.lostReason });
      return;
    }
    // 0.5 s after a loss, then twice as long after each failed try, up to maxDelay
    const base = Math.min(this.maxDelay, this.initialDelay * 2 ** this.attempt);
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.setState('reconnecting', { delay, reason: this.lostReason ?? describeClose(code, reason) });
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  ping() {
    const timestamp = new Date().toISOString();
    this.pings.set(timestamp, performance.now());
    if (this.pings.size > 10) this.pings.delete(this.pings.keys().next().value);
    this.send('ping', { timestamp });
  }

  stopTransport() {
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    this.transport?.close();
    this.transport = null;
    this.state = 'idle';
  }

  setState(state, detail = {}) {
    this.state = state;
    this.emit('state', { state, transport: this.transportName, attempt: this.attempt, ...detail });
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

function describeClose(code, reason) {
  const known = CLOSE_CODES[code];
  const text = reason ? `${reason}` : known ?? 'the connection closed';
  return code ? `${text} (${code})` : text;
}
