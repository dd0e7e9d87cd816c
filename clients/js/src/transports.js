// The two ways to reach a session, behind one small interface the client drives:
//   new Transport({ url, sessionId, WebSocket, token, name, since, epoch, state, connectTimeout }, listener)
//   open()          starts connecting
//   send(command)   writes {type, data}; false when the socket is not open
//   close(code)     ends the connection on purpose; no onClose follows
// The listener hears, in this order:
//   onStart({epoch, seq, recovered?, missed?, connectionId?})  where the subscription starts
//                   (the raw connect frame, the STOMP `subscribed` envelope); the replay follows
//   onLive()        commands may be sent and every reply reaches this connection
//   onMessage(envelope)   every other envelope, session messages and replies alike
//   onClose({code, reason})   once, when the connection went away by itself
// A frame that is not JSON is left out (the contract has none).

function parse(text) {
  try {
    const envelope = JSON.parse(typeof text === 'string' ? text : new TextDecoder().decode(text));
    return envelope && typeof envelope === 'object' && typeof envelope.type === 'string' ? envelope : null;
  } catch {
    return null;
  }
}

function startOf(data = {}) {
  const { connection_id: connectionId, epoch, seq, recovered, missed } = data ?? {};
  return { connectionId, epoch, seq, recovered, missed };
}

/**
 * What both transports share: a connection ends once, either on purpose (close: the listener
 * hears nothing) or by itself (ended, or abort when it took too long: onClose, once).
 */
class Transport {
  constructor(options, listener) {
    this.options = options;
    this.listener = listener;
    this.closed = false;
    this.timer = null; // gives up on a connection that does not start in time
  }

  abort(reason) {
    if (this.closed) return;
    this.close(4000, reason);
    this.listener.onClose({ code: 4000, reason });
  }

  ended(close) {
    clearTimeout(this.timer);
    if (this.closed) return;
    this.closed = true;
    this.listener.onClose(close);
  }
}

/** The plain-JSON WebSocket at /ws/{session}: one envelope per text frame, `connect` first. */
export class RawTransport extends Transport {
  constructor(options, listener) {
    super(options, listener);
    this.socket = null;
  }

  open() {
    const { url, sessionId, since, epoch, state, token, name, connectTimeout } = this.options;
    // browsers cannot set headers on the upgrade: the token goes as ?access_token=
    const query = new URLSearchParams();
    if (since != null && epoch != null) {
      query.set('since', String(since));
      query.set('epoch', String(epoch));
    }
    if (state) query.set('state', 'true');
    if (name) query.set('name', name);
    if (token) query.set('access_token', token);
    const search = [...query].length ? `?${query}` : '';
    let socket;
    try {
      socket = new this.options.WebSocket(`${url}/ws/${encodeURIComponent(sessionId)}${search}`);
    } catch (error) {
      queueMicrotask(() => this.ended({ code: 0, reason: error.message }));
      return;
    }
    this.socket = socket;
    // a socket that opens but never says connect is as good as dead
    this.timer = setTimeout(() => this.abort('connect timeout'), connectTimeout);
    socket.onmessage = (event) => {
      if (this.closed) return;
      const envelope = parse(event.data);
      if (!envelope) return;
      if (envelope.type === 'connect') {
        clearTimeout(this.timer);
        this.listener.onStart(startOf(envelope.data));
        if (this.closed) return;
        this.listener.onMessage(envelope);
        if (!this.closed) this.listener.onLive();
        return;
      }
      this.listener.onMessage(envelope);
    };
    socket.onerror = () => {}; // the close that follows says it all
    socket.onclose = (event) => this.ended({ code: event.code, reason: event.reason });
  }

  send(command) {
    if (this.closed || this.socket?.readyState !== 1) return false;
    this.socket.send(JSON.stringify(command));
    return true;
  }

  close(code = 1000, reason = 'client closed') {
    this.closed = true;
    clearTimeout(this.timer);
    if (this.socket && this.socket.readyState <= 1) this.socket.close(code, reason);
  }

}

let stompModule = null;

/** STOMP 1.2 at /stomp with @stomp/stompjs: the session's topic plus this connection's reply queue. */
export class StompTransport extends Transport {
  constructor(options, listener) {
    super(options, listener);
    this.client = null;
    this.started = false;
    this.receipted = false;
    this.refusal = null; // the text of a STOMP ERROR frame, when the server refused
  }

  async open() {
    const { url, sessionId, since, epoch, state, token, name, connectTimeout, WebSocket } = this.options;
    try {
      stompModule ??= await import('@stomp/stompjs');
    } catch (error) {
      this.ended({ code: 0, reason: `@stomp/stompjs could not be loaded: ${error.message}` });
      return;
    }
    if (this.closed) return;
    const receipt = `sub-${Math.random().toString(36).slice(2, 10)}`;
    const connectHeaders = {};
    if (token) connectHeaders.Authorization = `Bearer ${token}`;
    if (name) connectHeaders.name = name;
    const subscribeHeaders = { receipt };
    if (since != null && epoch != null) Object.assign(subscribeHeaders, { since: String(since), epoch: String(epoch) });
    if (state) subscribeHeaders.state = 'true';
    const client = new stompModule.Client({
      webSocketFactory: () => new WebSocket(`${url}/stomp`),
      connectHeaders,
      reconnectDelay: 0, // the client runs its own backoff, the same for both transports
      connectionTimeout: connectTimeout,
      heartbeatIncoming: 10000,
      heartbeatOutgoing: 10000,
      debug: () => {},
    });
    this.timer = setTimeout(() => this.abort('subscribe timeout'), connectTimeout);
    client.onConnect = () => {
      // the topic's RECEIPT comes once the subscription exists, and after the reply queue's:
      // from then on no reply is missed
      client.watchForReceipt(receipt, () => {
        this.receipted = true;
        this.liveWhenReady();
      });
      client.subscribe('/user/queue/replies', (frame) => this.deliver(frame));
      client.subscribe(`/topic/session/${sessionId}`, (frame) => this.deliver(frame), subscribeHeaders);
    };
    client.onStompError = (frame) => {
      this.refusal = frame.headers.message || 'no reason given';
    };
    client.onWebSocketClose = (event) => {
      client.deactivate();
      this.ended({ code: event.code, reason: this.refusal ?? event.reason });
    };
    this.client = client;
    client.activate();
  }

  deliver(frame) {
    if (this.closed) return;
    const envelope = parse(frame.isBinaryBody ? frame.binaryBody : frame.body);
    if (!envelope) return;
    if (envelope.type === 'subscribed' && !this.started) {
      this.started = true;
      this.listener.onStart(startOf(envelope.data));
      if (this.closed) return;
      this.listener.onMessage(envelope);
      this.liveWhenReady();
      return;
    }
    this.listener.onMessage(envelope);
  }

  liveWhenReady() {
    if (this.closed || !this.started || !this.receipted) return;
    clearTimeout(this.timer);
    this.listener.onLive();
  }

  send(command) {
    if (this.closed || !this.client?.connected) return false;
    this.client.publish({
      destination: `/app/session/${this.options.sessionId}`,
      body: JSON.stringify(command),
      headers: { 'content-type': 'application/json' },
    });
    return true;
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    this.client?.deactivate();
  }

}

export const TRANSPORTS = { raw: RawTransport, stomp: StompTransport };
