// What the tests share: the server under test (GHOSTIDE_URL, set by the Maven build's
// JsClientLibraryTests), a client factory, a TCP proxy the tests can cut, and waits.
import net from 'node:net';
import WebSocket from 'ws';
import { RealtimeClient } from '@ghostide/realtime-client';

export { until } from './wait.js';

export const baseUrl = process.env.GHOSTIDE_URL;
if (!baseUrl) throw new Error('GHOSTIDE_URL is not set: these tests need a running server (the Maven build starts one)');

export const TRANSPORTS = ['raw', 'stomp'];

/** A session id of its own for each test. */
export function session(name) {
  return `js-${name}-${Math.random().toString(36).slice(2, 10)}`;
}

/** A client of the server (or of `options.baseUrl`), closed when the test ends. */
export function client(t, options) {
  const created = new RealtimeClient({ baseUrl, WebSocket, reconnect: { initialDelay: 100, maxDelay: 1000 }, ...options });
  t.after(() => created.close());
  return created;
}

/**
 * A TCP proxy in front of the server (or of `to`): `cut()` destroys every connection through it
 * at once, both halves, as a network that drops does; new connections go through as before, to
 * where `point(url)` last sent them.
 */
export async function proxy(t, to = baseUrl) {
  let target = new URL(to);
  const pairs = new Set();
  const server = net.createServer((downstream) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    const pair = [downstream, upstream];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      downstream.destroy();
      upstream.destroy();
    };
    downstream.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    downstream.pipe(upstream);
    upstream.pipe(downstream);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const cuts = { count: 0 };
  const handle = {
    url: `http://127.0.0.1:${server.address().port}`,
    cuts,
    /** New connections go to `url` from now on (another instance of a cluster). */
    point(url) {
      target = new URL(url);
    },
    cut() {
      cuts.count += 1;
      for (const [downstream, upstream] of [...pairs]) {
        downstream.destroy();
        upstream.destroy();
      }
      pairs.clear();
    },
  };
  t.after(() => {
    handle.cut();
    server.close();
  });
  return handle;
}
