// The benchmark's clients, one interface over both transports: a raw plain-JSON WebSocket
// client (the `ws` package) and a STOMP client (@stomp/stompjs over `ws`). By default both offer
// permessage-deflate as browsers do: the `ws` client's default offer is Chromium's,
// `permessage-deflate; client_max_window_bits`; each server accepts it or not. `--no-deflate`
// makes them offer nothing.
import WebSocket from 'ws';
import { Client } from '@stomp/stompjs';
import { nowNs } from './util.mjs';

Object.assign(globalThis, { WebSocket });

let tokens = 0;

let offerDeflate = true;

/** Whether the clients opened from now on offer permessage-deflate (as browsers do) or nothing. */
export function setOfferDeflate(offer) {
  offerDeflate = offer;
}

/** The protocols stomp.js asks for in a browser (its brokerURL path). */
const STOMP_PROTOCOLS = ['v12.stomp', 'v11.stomp', 'v10.stomp'];

/**
 * Opens one client of `transport` ('raw' or 'stomp') on `sessionId` and resolves once it is
 * ready to receive what the session is sent: the `connect` frame for raw, CONNECTED (and the
 * RECEIPT of the topic SUBSCRIBE where the server gives one) for STOMP. `onEnvelope` gets every
 * message of the session, parsed; replies (pong) are taken by `ping()`.
 */
export function openClient(server, transport, sessionId, onEnvelope = () => {}, { receipt = false, timeoutMs = 30_000 } = {}) {
  return transport === 'raw'
    ? openRaw(server, sessionId, onEnvelope, timeoutMs)
    : openStomp(server, sessionId, onEnvelope, receipt, timeoutMs);
}

function pingHandle() {
  const pending = new Map();
  return {
    pending,
    settle(token) {
      const entry = pending.get(token);
      if (entry) {
        pending.delete(token);
        entry.resolve(Number(nowNs() - entry.start) / 1e6);
      }
    },
    expect(token, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(token);
          reject(new Error('ping timed out'));
        }, timeoutMs);
        pending.set(token, { start: nowNs(), resolve: (ms) => { clearTimeout(timer); resolve(ms); } });
      });
    },
  };
}

function openRaw(server, sessionId, onEnvelope, timeoutMs) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.ws}/ws/${sessionId}`, { perMessageDeflate: offerDeflate });
    const pings = pingHandle();
    let ready = false;
    const timer = setTimeout(() => { if (!ready) { ws.terminate(); reject(new Error('raw connect timed out')); } }, timeoutMs);
    const client = {
      transport: 'raw',
      sessionId,
      closed: false,
      ping(timeout = 5000) {
        const token = `p${++tokens}`;
        const done = pings.expect(token, timeout);
        ws.send(`{"type":"ping","timestamp":"${token}"}`);
        return done;
      },
      close() { ws.close(1000); },
      terminate() { ws.terminate(); },
    };
    ws.on('message', (data) => {
      const message = JSON.parse(data);
      switch (message.type) {
        case 'connect':
          ready = true;
          clearTimeout(timer);
          client.extensions = ws.extensions;
          resolve(client);
          break;
        case 'pong':
          pings.settle(message.data?.timestamp);
          break;
        default:
          onEnvelope(message);
      }
    });
    ws.on('unexpected-response', (req, res) => {
      clearTimeout(timer);
      reject(new Error(`raw upgrade refused: HTTP ${res.statusCode}`));
      ws.terminate();
    });
    ws.on('error', (err) => { if (!ready) { clearTimeout(timer); reject(err); } });
    ws.on('close', () => { client.closed = true; });
  });
}

function openStomp(server, sessionId, onEnvelope, receipt, timeoutMs) {
  return new Promise((resolve, reject) => {
    const pings = pingHandle();
    let ready = false;
    let socket = null;
    const stomp = new Client({
      webSocketFactory: () => (socket = new WebSocket(`${server.ws}/stomp`, STOMP_PROTOCOLS, { perMessageDeflate: offerDeflate })),
      reconnectDelay: 0,
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      debug: () => {},
    });
    const fail = (why) => {
      if (!ready) {
        ready = true;
        clearTimeout(timer);
        reject(new Error(why));
        try { socket?.terminate(); } catch { /* gone */ }
      }
    };
    const timer = setTimeout(() => fail('STOMP connect timed out'), timeoutMs);
    const client = {
      transport: 'stomp',
      sessionId,
      closed: false,
      ping(timeout = 5000) {
        const token = `p${++tokens}`;
        const done = pings.expect(token, timeout);
        stomp.publish({ destination: `/app/session/${sessionId}`, body: `{"type":"ping","timestamp":"${token}"}`,
          headers: { 'content-type': 'application/json' } });
        return done;
      },
      close() { stomp.deactivate(); },
      terminate() { socket?.terminate(); },
    };
    stomp.onConnect = () => {
      stomp.subscribe('/user/queue/replies', (frame) => {
        const message = JSON.parse(frame.body);
        if (message.type === 'pong') pings.settle(message.data?.timestamp);
      });
      const done = () => {
        if (!ready) {
          ready = true;
          clearTimeout(timer);
          client.extensions = socket?.extensions ?? '';
          resolve(client);
        }
      };
      const headers = {};
      if (receipt) {
        headers.receipt = `r-${sessionId}-${++tokens}`;
        stomp.watchForReceipt(headers.receipt, done);
      }
      stomp.subscribe(`/topic/session/${sessionId}`, (frame) => onEnvelope(JSON.parse(frame.body)), headers);
      if (!receipt) done();
    };
    stomp.onStompError = (frame) => fail(`STOMP ERROR: ${frame.headers.message}`);
    stomp.onWebSocketError = () => fail('STOMP WebSocket error');
    stomp.onWebSocketClose = (event) => { client.closed = true; fail(`STOMP WebSocket closed (${event?.code})`); };
    stomp.activate();
  });
}

/**
 * Opens `count` clients with at most `concurrency` handshakes in flight; `make(i)` opens the
 * i-th. No new handshake starts after `deadline` (epoch ms), nor after `concurrency` failures
 * in a row: a server that stops accepting ends the phase instead of stalling it.
 */
export async function openMany(count, concurrency, make, deadline = Infinity) {
  const clients = new Array(count);
  let next = 0;
  let failuresInARow = 0;
  const errors = [];
  async function worker() {
    while (next < count && Date.now() < deadline && failuresInARow < concurrency) {
      const i = next++;
      try {
        clients[i] = await make(i);
        failuresInARow = 0;
      } catch (err) {
        failuresInARow++;
        errors.push(String(err.message ?? err));
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { clients: clients.filter(Boolean), errors };
}
