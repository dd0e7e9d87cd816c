import { TRANSPORTS } from './transports.js';
import { identity, refusalReason } from './auth.js';

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
 * jitter, capped), until it is back, and asks for what it missed (resume: the last `seq` and
 * `epoch` it saw). A server that refuses the page's token stops the retries: retrying cannot
 * help until the user signs in again. Events (CustomEvent detail):
 *   state    {state: connecting | live | reconnecting | refused | offline, transport, attempt, delay, reason, reconnected}
 *   resume   {asked: {since, epoch}, recovered, missed, epoch, seq, reconnected}   after a resume was asked for
 *   skipped  {envelope}              a message seen before (same epoch, seq not above the last): not shown again
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
    this.position = null; // {epoch, seq}: the last session message this page saw, where a resume starts
    this.asked = null; // {since, epoch} the current transport asked to resume from
    this.reconnecting = false; // the live connection before this one was lost (not switched on purpose)
    this.everLive = false; // a refusal before the first live connection is no reconnect
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

  /** Connects again from scratch, keeping the position (after a new token, for instance). */
  restart() {
    this.stopTransport();
    this.attempt = 0;
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
    this.asked = this.position?.epoch != null ? { since: this.position.seq, epoch: this.position.epoch } : null;
    transport = new Transport(this.sessionId, {
      onLive: owned((info) => this.becameLive(info)),
      onResume: owned((position) => this.resumed(position)),
      onEnvelope: owned((envelope, channel) => this.received(envelope, channel)),
      onClose: owned((close) => this.closed(close)),
      onProblem: owned((text) => this.emit('problem', { text })),
    }, { ...this.asked, token: identity.token, name: identity.name });
    this.transport = transport;
    this.setState(this.attempt > 0 || this.lostReason ? 'reconnecting' : 'connecting', { connecting: true });
    transport.open();
  }

  becameLive(info) {
    const reconnected = this.lostReason !== null && this.everLive;
    this.everLive = true;
    const attempts = this.attempt;
    this.attempt = 0;
    this.reconnecting = reconnected;
    this.connectionId = info.connectionId ?? null;
    this.setState('live', { reconnected, attempts, reason: this.lostReason });
    this.lostReason = null;
    if (info.position) this.resumed(info.position);
    this.ping();
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.ping(), this.pingEvery);
  }

  /** Where the new subscription starts: {epoch, seq, recovered?, missed?}. */
  resumed(position) {
    const asked = this.asked;
    const { epoch, seq = 0, recovered = false, missed = 0 } = position;
    if (asked && recovered && epoch === asked.epoch) {
      // the replay follows: messages after asked.since, each once
      this.position = { epoch, seq: asked.since };
    } else {
      // nothing is replayed: the next message is the session's seq + 1
      this.position = { epoch, seq };
    }
    if (asked) this.emit('resume', { asked, epoch, seq, recovered: asked && recovered, missed, reconnected: this.reconnecting });
  }

  received(envelope, channel) {
    if (envelope.seq != null && channel === 'session') {
      // a message seen before is not shown twice; without an epoch (a server that does not
      // resume) a lower seq means the server started over, and it is shown
      if (this.position?.epoch != null && envelope.seq <= this.position.seq) {
        this.emit('skipped', { envelope });
        return;
      }
      this.position = { epoch: this.position?.epoch ?? null, seq: envelope.seq };
    }
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

  async closed({ code, reason, fatal, opened, refusal }) {
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
    const transport = this.transport;
    if (reason === 'token_expired' || this.lostReason?.startsWith('token_expired')) {
      this.refused('the access token expired (1008): sign in with a fresh one, and the page resumes where it was');
      return;
    }
    if (!opened) {
      // refused before it opened: a browser hides the upgrade's 401/403, so ask over REST
      const why = await refusalReason(this.sessionId);
      if (transport !== this.transport) return; // restarted meanwhile
      if (why) {
        this.refused(refusal ? `${why} (the server said: ${refusal})` : why);
        return;
      }
    }
    // 0.5 s after a loss, then twice as long after each failed try, up to maxDelay
    const base = Math.min(this.maxDelay, this.initialDelay * 2 ** this.attempt);
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.setState('reconnecting', { delay, reason: this.lostReason ?? describeClose(code, reason) });
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  refused(reason) {
    this.lostReason = reason;
    this.setState('refused', { reason });
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
