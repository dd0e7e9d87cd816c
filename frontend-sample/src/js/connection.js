import { RealtimeClient } from '@ghostide/realtime-client';
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

export const TRANSPORTS = { stomp: { label: 'STOMP' }, raw: { label: 'Plain WebSocket' } };

/**
 * The page's connection to its session: the client library (@ghostide/realtime-client) does
 * the protocol (reconnects with jittered backoff, resumes from the last seq, hands each session
 * message on once); this adds what the page shows about it. A server that refuses the page's
 * token stops the retries: retrying cannot help until the user signs in again. Events
 * (CustomEvent detail):
 *   state    {state: connecting | live | reconnecting | refused | offline, transport, attempt, delay, reason, reconnected}
 *   resume   {asked: {since, epoch}, recovered, missed, epoch, seq, reconnected}   after a resume was asked for
 *   envelope {envelope, channel}   every message handed on ('session' with a seq, else 'reply')
 *   sent     {command}             every command sent
 *   problem  {text}
 *   client   {client}               a new RealtimeClient (each connect and restart makes one)
 *   latency  {millis}
 */
export class Connection extends EventTarget {
  constructor(sessionId, transport, { pingEvery = 10000 } = {}) {
    super();
    this.sessionId = sessionId;
    this.transportName = transport in TRANSPORTS ? transport : 'stomp';
    this.pingEvery = pingEvery;
    this.client = null;
    this.state = 'idle';
    this.lostReason = null; // why the last live connection ended, as the server or socket told it
    this.pingTimer = null;
    this.tryTimer = null;
    this.pings = new Map(); // ping timestamp -> performance.now() when sent
    this.connectionId = null;
    this.asked = null; // {since, epoch} the connection being made asks to resume from
    this.attempts = 0; // tries since the connection was last live
    this.everLive = false; // a refusal before the first live connection is no reconnect
    this.kept = null; // {epoch, seq} of the client that was closed, for the next one
    this.resumeToTell = null; // what the connection being made was answered about its resume
    this.reconnected = false;
  }

  get transportLabel() {
    return TRANSPORTS[this.transportName].label;
  }

  get live() {
    return this.state === 'live';
  }

  /** The library's transport of the moment (the browser tests close its socket). */
  get transport() {
    return this.client?.transport ?? null;
  }

  /** {epoch, seq}: the last session message this page saw, where a resume starts. */
  get position() {
    return this.client?.resumePosition ?? this.kept ?? null;
  }

  start() {
    this.connect();
  }

  /** Connects again from scratch, keeping the position (after a new token, for instance). */
  restart() {
    this.stopTransport();
    this.connect();
  }

  switchTo(name) {
    if (!(name in TRANSPORTS) || name === this.transportName && this.state !== 'idle') return;
    this.stopTransport();
    this.transportName = name;
    this.lostReason = null;
    this.connect();
  }

  /** Sends a command over the live connection; false when there is none. */
  send(type, data = {}) {
    const command = { type, data };
    if (!this.live) return false;
    this.client.send(type, data).catch(() => {}); // written at once: the connection is live
    this.emit('sent', { command });
    return true;
  }

  stopTransport() {
    clearInterval(this.pingTimer);
    clearTimeout(this.tryTimer);
    if (this.client) {
      this.kept = this.client.resumePosition;
      this.client.close();
    }
    this.client = null;
    this.state = 'idle';
  }

  // ---- internals

  connect() {
    const position = this.kept?.epoch != null ? this.kept : undefined;
    const client = new RealtimeClient({
      sessionId: this.sessionId,
      transport: this.transportName,
      token: () => identity.token ?? undefined,
      name: identity.name ?? undefined,
      position,
    });
    this.client = client;
    this.emit('client', { client });
    this.asked = position ? { since: position.seq, epoch: position.epoch } : null;
    const owned = (fn) => (...args) => client === this.client && fn(...args);
    client.on('status', owned((status, detail) => this.statusChanged(status, detail)));
    client.on('*', owned((data, envelope) => this.received(envelope)));
    this.attempts = 0;
    this.resumeToTell = null;
    this.setState(this.lostReason ? 'reconnecting' : 'connecting', { connecting: true });
    client.connect().catch(() => {}); // a client closed before it was live: nothing to tell
  }

  statusChanged(status, detail) {
    if (status === 'live') this.becameLive();
    else if (status === 'reconnecting') this.lost(detail);
  }

  becameLive() {
    const reconnected = this.lostReason !== null && this.everLive;
    this.everLive = true;
    const attempts = this.attempts;
    this.attempts = 0;
    this.reconnected = reconnected;
    this.setState('live', { reconnected, attempts, reason: this.lostReason });
    this.lostReason = null;
    if (this.resumeToTell) this.emit('resume', { ...this.resumeToTell, reconnected });
    this.resumeToTell = null;
    this.ping();
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.ping(), this.pingEvery);
  }

  async lost({ attempt, code, reason, delay, wasLive }) {
    clearInterval(this.pingTimer);
    clearTimeout(this.tryTimer);
    this.pings.clear();
    const client = this.client;
    // where the next connection asks to resume from
    const position = client.resumePosition;
    this.asked = position.epoch != null ? { since: position.seq, epoch: position.epoch } : null;
    if (wasLive) this.lostReason = describeClose(code, reason);
    // failed tries since the connection was last live (the library counts the try to come)
    this.attempts = Math.max(0, attempt - 1);
    if (typeof reason === 'string' && reason.includes('@stomp/stompjs could not be loaded')) {
      this.emit('problem', { text: 'The STOMP client library is not on this server (was the page built with npm?). Use the plain WebSocket.' });
      this.stopTransport();
      this.setState('offline', { reason });
      return;
    }
    if (reason === 'token_expired') {
      this.stopTransport();
      this.refused('the access token expired (1008): sign in with a fresh one, and the page resumes where it was');
      return;
    }
    if (!wasLive) {
      // refused before it opened: a browser hides the upgrade's 401/403, so ask over REST
      const why = await refusalReason(this.sessionId);
      if (client !== this.client) return; // restarted meanwhile
      if (why) {
        const refusal = this.transportName === 'stomp' && reason ? reason : null;
        this.stopTransport();
        this.refused(refusal ? `${why} (the server said: ${refusal})` : why);
        return;
      }
      if (client.status !== 'reconnecting') return; // back already
    }
    this.setState('reconnecting', { delay, reason: this.lostReason ?? describeClose(code, reason) });
    // the library tries again once the delay is over
    this.tryTimer = setTimeout(() => client === this.client && this.state === 'reconnecting'
      && this.setState('reconnecting', { connecting: true }), delay);
  }

  received(envelope) {
    if (envelope.type === 'connect' || envelope.type === 'subscribed') {
      this.started(envelope.data ?? {});
    } else if (envelope.type === 'disconnect') {
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
    this.emit('envelope', { envelope, channel: envelope.seq != null ? 'session' : 'reply' });
  }

  /** Where the new subscription starts: {epoch, seq, recovered?, missed?}. */
  started({ connection_id: connectionId, epoch, seq = 0, recovered = false, missed = 0 }) {
    if (connectionId) this.connectionId = connectionId;
    const asked = this.asked;
    // told once the connection is live, so that the banner about the resume is the last word
    this.resumeToTell = asked ? { asked, epoch, seq, recovered: recovered && epoch === asked.epoch, missed } : null;
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

  setState(state, detail = {}) {
    this.state = state;
    this.emit('state', { state, transport: this.transportName, attempt: this.attempts, ...detail });
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
