// The two ways to reach a session, behind one small interface:
//   new Transport(sessionId, listener, {since, epoch, token, name}): since/epoch ask for what
//           was published after that position (resume), token and name say who this is
//   open(): starts connecting; the listener hears onLive(info), onResume(position),
//           onEnvelope(envelope, channel), onClose({code, reason, opened, refusal}), onProblem(text)
//   position: {epoch, seq, recovered?, missed?} from the raw connect frame or the STOMP
//           subscribed envelope; info: {connectionId, position?}
//   send(command): sends {type, data}; returns false when it could not
//   close(): ends the connection on purpose (no onClose call follows)
// channel is 'session' for what every subscriber of the session hears (it has a seq) and
// 'reply' for what was meant for this connection only.

const wsBase = () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;

function parse(text, onProblem) {
  try {
    return JSON.parse(text);
  } catch {
    onProblem('The server sent a frame that is not JSON; it was left out.');
    return null;
  }
}

/** STOMP 1.2 at /stomp with @stomp/stompjs: the session's topic plus this connection's reply queue. */
export class StompTransport {
  static label = 'STOMP';

  constructor(sessionId, listener, options = {}) {
    this.sessionId = sessionId;
    this.listener = listener;
    this.options = options;
    this.client = null;
    this.closed = false;
    this.live = false;
    this.position = null;
    this.refusal = null; // the text of a STOMP ERROR frame, when the server refused
  }

  async open() {
    let Client;
    try {
      ({ Client } = await import('../vendor/stompjs/index.js'));
    } catch {
      this.listener.onProblem('The STOMP client library is not on this server (was the page built with npm?). Use the plain WebSocket.');
      this.listener.onClose({ code: 0, reason: 'STOMP client library missing', fatal: true });
      return;
    }
    if (this.closed) return;
    const receipt = `live-${Math.random().toString(36).slice(2, 10)}`;
    const { since, epoch, token, name } = this.options;
    const connectHeaders = {};
    if (token) connectHeaders.Authorization = `Bearer ${token}`;
    if (name) connectHeaders.name = name;
    const subscribeHeaders = { receipt };
    if (since != null && epoch != null) Object.assign(subscribeHeaders, { since: String(since), epoch: String(epoch) });
    const client = new Client({
      brokerURL: `${wsBase()}/stomp`,
      connectHeaders,
      reconnectDelay: 0, // the page runs its own backoff, the same for both transports
      connectionTimeout: 8000,
      heartbeatIncoming: 10000,
      heartbeatOutgoing: 10000,
      debug: () => {},
    });
    client.onConnect = () => {
      // the topic's RECEIPT comes once the subscription exists: from then on nothing is missed
      client.watchForReceipt(receipt, () => {
        if (this.closed) return;
        this.live = true;
        this.listener.onLive({ position: this.position });
      });
      client.subscribe('/user/queue/replies', (frame) => this.deliver(frame, 'reply'));
      client.subscribe(`/topic/session/${this.sessionId}`, (frame) => this.deliver(frame, 'session'), subscribeHeaders);
    };
    client.onStompError = (frame) => {
      this.refusal = frame.headers.message || 'no reason given';
      this.listener.onProblem(`The server refused the STOMP connection: ${this.refusal}`);
    };
    client.onWebSocketClose = (event) => {
      if (this.closed) return;
      this.closed = true;
      client.deactivate();
      this.listener.onClose({ code: event.code, reason: event.reason, opened: this.live, refusal: this.refusal });
    };
    this.client = client;
    client.activate();
  }

  deliver(frame, channel) {
    const envelope = parse(frame.body, this.listener.onProblem);
    if (!envelope || this.closed) return;
    if (envelope.type === 'subscribed') {
      // the subscription's own first message: where it starts, and what is replayed next
      this.position = envelope.data ?? {};
      this.listener.onEnvelope(envelope, 'reply');
      if (this.live) this.listener.onResume(this.position);
      return;
    }
    this.listener.onEnvelope(envelope, channel);
  }

  send(command) {
    if (!this.client?.connected) return false;
    this.client.publish({
      destination: `/app/session/${this.sessionId}`,
      body: JSON.stringify(command),
      headers: { 'content-type': 'application/json' },
    });
    return true;
  }

  close() {
    this.closed = true;
    this.client?.deactivate();
  }
}

/** The plain-JSON WebSocket at /ws/{session}: one envelope per text frame, connect first. */
export class RawTransport {
  static label = 'Plain WebSocket';

  constructor(sessionId, listener, options = {}) {
    this.sessionId = sessionId;
    this.listener = listener;
    this.options = options;
    this.socket = null;
    this.closed = false;
    this.live = false;
    this.timer = null;
  }

  open() {
    // a browser cannot set headers on the upgrade: the token goes as ?access_token=
    const { since, epoch, token, name } = this.options;
    const query = new URLSearchParams();
    if (since != null && epoch != null) {
      query.set('since', String(since));
      query.set('epoch', String(epoch));
    }
    if (name) query.set('name', name);
    if (token) query.set('access_token', token);
    const search = query.size ? `?${query}` : '';
    const socket = new WebSocket(`${wsBase()}/ws/${encodeURIComponent(this.sessionId)}${search}`);
    this.socket = socket;
    // a socket that opens but never says connect is as good as dead
    this.timer = setTimeout(() => socket.readyState !== WebSocket.CLOSED && socket.close(4000, 'connect timeout'), 8000);
    socket.onmessage = (event) => {
      if (this.closed) return;
      const envelope = parse(event.data, this.listener.onProblem);
      if (!envelope) return;
      if (envelope.type === 'connect') {
        clearTimeout(this.timer);
        const { connection_id: connectionId, ...position } = envelope.data ?? {};
        this.live = true;
        this.listener.onEnvelope(envelope, 'reply');
        this.listener.onLive({ connectionId, position: position.epoch != null ? position : null });
        return;
      }
      this.listener.onEnvelope(envelope, envelope.seq != null ? 'session' : 'reply');
    };
    socket.onclose = (event) => {
      clearTimeout(this.timer);
      if (this.closed) return;
      this.closed = true;
      this.listener.onClose({ code: event.code, reason: event.reason, opened: this.live });
    };
  }

  send(command) {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(command));
    return true;
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    if (this.socket && this.socket.readyState <= WebSocket.OPEN) this.socket.close(1000, 'switching transport');
  }
}

export const TRANSPORTS = { stomp: StompTransport, raw: RawTransport };
