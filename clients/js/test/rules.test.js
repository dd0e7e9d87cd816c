// The client's own rules, where the real server cannot be made to break them on cue: a scripted
// WebSocket server (test-support/scripted-server.js) sends gaps, duplicates and token warnings,
// and plain unit tests cover the position and the backoff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { RealtimeClient } from '@ghostide/realtime-client';
import { Position } from '../src/position.js';
import { backoffDelay } from '../src/client.js';
import { scriptedServer } from '../test-support/scripted-server.js';
import { until } from '../test-support/wait.js';

function scriptedClient(t, url, options = {}) {
  const client = new RealtimeClient({ baseUrl: url, sessionId: 's', WebSocket, reconnect: { initialDelay: 20, maxDelay: 100 }, ...options });
  t.after(() => client.close());
  return client;
}

test('a position hands on the next seq, drops what it saw and spots a gap', () => {
  const position = new Position();
  assert.equal(position.resumeFrom(), null);
  assert.equal(position.started(null, { epoch: 'e1', seq: 4 }), 'fresh');
  assert.deepEqual(position.resumeFrom(), { since: 4, epoch: 'e1' });
  assert.equal(position.classify(5), 'next');
  assert.equal(position.classify(5), 'seen');
  assert.equal(position.classify(3), 'seen');
  assert.equal(position.classify(7), 'gap');
  assert.equal(position.seq, 5, 'a gap does not move the position');
  assert.equal(position.started({ since: 5, epoch: 'e1' }, { epoch: 'e1', seq: 9, recovered: true }), 'resumed');
  assert.equal(position.seq, 5, 'the replay starts after 5');
  assert.equal(position.started({ since: 5, epoch: 'e1' }, { epoch: 'e2', seq: 2, recovered: false }), 'lost');
  assert.deepEqual(position.resumeFrom(), { since: 2, epoch: 'e2' });
  // recovered: true from another epoch is not believed
  assert.equal(position.started({ since: 2, epoch: 'e2' }, { epoch: 'e3', seq: 0, recovered: true }), 'lost');
});

test('backoff doubles from initialDelay, stops at maxDelay and spreads by the jitter', () => {
  const options = { initialDelay: 500, maxDelay: 10000, factor: 2, jitter: 0.2 };
  const middle = () => 0.5;
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 20].map((attempt) => backoffDelay(attempt, options, middle)),
    [500, 1000, 2000, 4000, 8000, 10000, 10000, 10000]);
  assert.equal(backoffDelay(1, options, () => 0), 400);
  assert.equal(backoffDelay(1, options, () => 0.999999), 600);
  assert.equal(backoffDelay(30, options, () => 0.999999), 12000);
});

test('a duplicate is dropped and a gap makes the client resume from the last message it handed on', async (t) => {
  const server = await scriptedServer(t, (connection, number) => {
    if (number === 1) {
      connection.send('connect', { status: 'connected', connection_id: 'c1', epoch: 'e', seq: 0 });
      connection.send('session_update', { n: 1 }, 1);
      connection.send('session_update', { n: 2 }, 2);
      connection.send('session_update', { n: 2 }, 2); // a duplicate
      connection.send('session_update', { n: 4 }, 4); // 3 is missing
    } else {
      connection.send('connect', { status: 'connected', connection_id: 'c2', epoch: 'e', seq: 4, recovered: true, missed: 2 });
      connection.send('session_update', { n: 3 }, 3);
      connection.send('session_update', { n: 4 }, 4);
      connection.send('session_update', { n: 5 }, 5);
    }
  });
  const client = scriptedClient(t, server.url);
  const seen = [];
  client.on('session_update', (data, envelope) => seen.push(envelope.seq));
  await client.connect();
  await until(() => seen.length === 5, 'five messages');
  assert.deepEqual(seen, [1, 2, 3, 4, 5]);
  assert.equal(server.connections.length, 2);
  assert.deepEqual(server.connections[1].query, { since: '2', epoch: 'e' });
});

test('token_expiring makes a token function give a fresh token, sent as auth_refresh', async (t) => {
  const server = await scriptedServer(t, (connection) => {
    connection.send('connect', { status: 'connected', connection_id: 'c1', epoch: 'e', seq: 0 });
    connection.send('token_expiring', { expires_at: new Date(Date.now() + 60000).toISOString() });
  });
  let issued = 0;
  const client = scriptedClient(t, server.url, { token: async () => `token-${++issued}` });
  const warnings = [];
  client.on('token_expiring', (data) => warnings.push(data));
  await client.connect();
  await until(() => server.connections[0].received.some((command) => command.type === 'auth_refresh'), 'auth_refresh');
  assert.equal(server.connections[0].query.access_token, 'token-1');
  const refresh = server.connections[0].received.find((command) => command.type === 'auth_refresh');
  assert.match(refresh.data.request_id, /^[0-9a-f-]{36}$/, 'a request id of its own');
  assert.deepEqual(refresh, { type: 'auth_refresh', data: { token: 'token-2', request_id: refresh.data.request_id } });
  assert.equal(warnings.length, 1, 'the warning is handed on too');
});

test('a disconnect for an expired token reconnects at once with a fresh token, resuming', async (t) => {
  const server = await scriptedServer(t, (connection, number) => {
    connection.send('connect', { status: 'connected', connection_id: `c${number}`, epoch: 'e', seq: number === 1 ? 0 : 1, recovered: number > 1 });
    if (number === 1) {
      connection.send('session_update', { n: 1 }, 1);
      connection.send('disconnect', { code: 1008, reason: 'token_expired' });
      connection.socket.close(1008, 'token_expired');
    }
  });
  let issued = 0;
  const client = scriptedClient(t, server.url, { token: () => `token-${++issued}`, reconnect: { initialDelay: 60000, maxDelay: 60000 } });
  await client.connect();
  await until(() => server.connections.length === 2, 'the second connection');
  assert.deepEqual(server.connections[1].query, { since: '1', epoch: 'e', access_token: 'token-2' });
});

test('recovered: false waits for the session_state and hands it to reset before what follows', async (t) => {
  const server = await scriptedServer(t, (connection) => {
    connection.send('connect', { status: 'connected', connection_id: 'c1', epoch: 'e2', seq: 7, recovered: false, missed: 0 });
    connection.send('pong', { timestamp: 'a reply may come first' });
    connection.send('session_state', { epoch: 'e2', seq: 8, files: [], runs: [], users: [] });
    connection.send('session_update', { n: 8 }, 8); // in the snapshot already
    connection.send('session_update', { n: 9 }, 9);
  });
  const client = scriptedClient(t, server.url, { position: { epoch: 'e1', seq: 30 } });
  const events = [];
  client.on('reset', (state) => events.push(`reset ${state.seq}`));
  client.on('session_update', (data, envelope) => events.push(`update ${envelope.seq}`));
  client.on('pong', () => events.push('pong'));
  await client.connect();
  await until(() => events.length === 3, 'the pong, reset and the update');
  assert.deepEqual(events, ['pong', 'reset 8', 'update 9']);
  assert.deepEqual(server.connections[0].query, { since: '30', epoch: 'e1' });
});

test('state: true asks every connection for the snapshot, handed on as session_state', async (t) => {
  const server = await scriptedServer(t, (connection) => {
    connection.send('connect', { status: 'connected', connection_id: 'c1', epoch: 'e', seq: 3 });
    connection.send('session_state', { epoch: 'e', seq: 3, files: [], runs: [], users: [] });
  });
  const client = scriptedClient(t, server.url, { state: true });
  const states = [];
  const resets = [];
  client.on('session_state', (data) => states.push(data));
  client.on('reset', (state) => resets.push(state));
  await client.connect();
  await until(() => states.length === 1, 'the snapshot');
  assert.deepEqual(server.connections[0].query, { state: 'true' });
  assert.deepEqual(resets, [], 'a snapshot asked for is no reset');
});

test('a server that never says connect is given up on and tried again with growing waits', async (t) => {
  const opened = [];
  const server = await scriptedServer(t, () => opened.push(Date.now()));
  const client = scriptedClient(t, server.url, { connectTimeout: 50, reconnect: { initialDelay: 100, maxDelay: 400 } });
  const statuses = [];
  client.on('status', (status, detail) => statuses.push({ status, ...detail }));
  client.connect().catch(() => {});
  await until(() => opened.length >= 5, 'five tries');
  client.close();
  assert.equal(statuses[0].status, 'connecting');
  assert.equal(statuses.at(-1).status, 'closed');
  const retries = statuses.slice(1, -1);
  assert.ok(retries.length >= 4 && retries.every((retry) => retry.status === 'reconnecting' && retry.reason === 'connect timeout'));
  // 100, 200, 400, 400 ms, each ± 20 %
  const [first, second, third, fourth] = retries.map((retry) => retry.delay);
  assert.ok(first >= 80 && first <= 120 && second >= 160 && second <= 240, `waits ${first}, ${second}`);
  assert.ok(third >= 320 && third <= 480 && fourth >= 320 && fourth <= 480, `waits ${third}, ${fourth}`);
  assert.deepEqual(retries.slice(0, 4).map((retry) => retry.attempt), [1, 2, 3, 4]);
  // and the tries really waited that long at least
  const gaps = opened.slice(1).map((time, i) => time - opened[i]);
  assert.ok(gaps[0] >= first && gaps[1] >= second && gaps[2] >= third, `tries ${gaps} apart`);
});

test('frames that are not envelopes are left out, and a handler that throws costs the others nothing', async (t) => {
  const server = await scriptedServer(t, (connection) => {
    connection.send('connect', { status: 'connected', connection_id: 'c1', epoch: 'e', seq: 0 });
    connection.socket.send('not json');
    connection.socket.send('{"no":"type"}');
    connection.socket.send('[1,2]');
    connection.send('session_update', { n: 1 }, 1);
    connection.send('session_update', { n: 2 }, 2);
  });
  const client = scriptedClient(t, server.url);
  const seen = [];
  const failures = [];
  const consoleError = console.error;
  console.error = (...args) => failures.push(args.join(' '));
  t.after(() => { console.error = consoleError; });
  client.on('session_update', () => { throw new Error('a broken handler'); });
  client.on('session_update', (data) => seen.push(data.n));
  await client.connect();
  await until(() => seen.length === 2, 'both updates');
  assert.deepEqual(seen, [1, 2]);
  assert.equal(failures.length, 2);
  assert.match(failures[0], /a session_update handler of RealtimeClient failed/);
  assert.equal(server.connections.length, 1, 'nothing made it reconnect');
});

test('a close before the first live connection rejects connect, and nothing is left running', async (t) => {
  const server = await scriptedServer(t, () => {}); // accepts, never says connect
  const client = scriptedClient(t, server.url);
  const connecting = client.connect();
  await until(() => server.connections.length === 1, 'the first try');
  client.close();
  await assert.rejects(connecting, /closed/);
  await assert.rejects(client.connect(), /closed/);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(server.connections.length, 1, 'no try after close');
});

test('a server that echoes no request_id: an error is the oldest waiting run\'s refusal, a 401 during a refresh the refresh\'s', async (t) => {
  const server = await scriptedServer(t, (connection) => {
    connection.send('connect', { status: 'connected', connection_id: 'c1', epoch: 'e', seq: 0 });
    connection.socket.on('message', (text) => {
      const command = JSON.parse(String(text));
      if (command.type === 'execute_code' && command.data.code === 'refuse') connection.send('error', { error: 'Bad', detail: 'no', code: 400 });
      if (command.type === 'auth_refresh') connection.send('error', { error: 'Invalid token', detail: 'no', code: 401 });
    });
  });
  let issued = 0;
  const client = scriptedClient(t, server.url, { token: () => `token-${++issued}` });
  const errors = [];
  client.on('error', (data) => errors.push(data));
  await client.connect();
  const first = client.run({ language: 'python', code: 'refuse' });
  await assert.rejects(first, (error) => error.code === 400 && error.requestId.length === 36);
  assert.equal(errors[0].command, 'execute_code');
  const waiting = client.run({ language: 'python', code: 'waits' });
  let settled = false;
  waiting.then(() => { settled = true; }, () => { settled = true; });
  server.connections[0].send('token_expiring', { expires_at: new Date(Date.now() + 60000).toISOString() });
  await until(() => errors.length === 2, 'the refusal of the refresh');
  assert.equal(errors[1].command, 'auth_refresh');
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(settled, false, 'the run waiting for its start is not taken as refused');
});

test('a token function that throws during a refresh is an error event, and the connection stays', async (t) => {
  const server = await scriptedServer(t, (connection) => {
    connection.send('connect', { status: 'connected', connection_id: 'c1', epoch: 'e', seq: 0 });
    connection.send('token_expiring', { expires_at: new Date(Date.now() + 60000).toISOString() });
  });
  let calls = 0;
  const client = scriptedClient(t, server.url, {
    token: () => {
      calls += 1;
      if (calls > 1) throw new Error('the identity provider is down');
      return 'token-1';
    },
  });
  const errors = [];
  client.on('error', (data, envelope) => errors.push({ data, envelope }));
  await client.connect();
  await until(() => errors.length === 1, 'the error event');
  assert.deepEqual(errors[0].data, { error: 'Token refresh failed', detail: 'the token function failed: the identity provider is down',
    command: 'auth_refresh' });
  assert.equal(errors[0].envelope, undefined);
  assert.equal(client.status, 'live');
  assert.equal(server.connections[0].received.filter((command) => command.type === 'auth_refresh').length, 0);
});
