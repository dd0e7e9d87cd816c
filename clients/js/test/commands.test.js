// Commands other than runs, against the real server, on both transports: each carries a
// request_id of its own, and the server's refusal rejects the call that caused it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { CommandError, HttpError, RealtimeClient } from '@ghostide/realtime-client';
import { TRANSPORTS, client, proxy, session, until } from '../test-support/server.js';
import { scriptedServer } from '../test-support/scripted-server.js';

// the server's ghostide.workspace.max-file-size (JsClientLibraryTests sets it below the frame size)
const MAX_FILE_BYTES = Number(process.env.GHOSTIDE_MAX_FILE_BYTES ?? 0);

function refusal(code, command) {
  return (error) => {
    assert.ok(error instanceof CommandError, `a CommandError, got ${error}`);
    assert.equal(error.code, code);
    assert.equal(error.command, command);
    assert.match(error.requestId, /^[0-9a-f-]{36}$/);
    return true;
  };
}

for (const transport of TRANSPORTS) {
  test(`${transport}: a save past the file size limit rejects with 413, a save within it resolves`, async (t) => {
    assert.ok(MAX_FILE_BYTES > 0, 'GHOSTIDE_MAX_FILE_BYTES names the server\'s max-file-size');
    const tab = client(t, { sessionId: session('save'), transport });
    const errors = [];
    tab.on('error', (data) => errors.push(data));
    await tab.connect();
    const big = 'x'.repeat(MAX_FILE_BYTES + 1);
    await assert.rejects(tab.request('save_file', { file_name: 'big.txt', content: big }), (error) => {
      refusal(413, 'save_file')(error);
      assert.match(error.message, /^save_file refused: .*\(413\)/);
      return true;
    });
    // the 'error' handlers hear it too, named
    assert.equal(errors.length, 1);
    assert.equal(errors[0].code, 413);
    assert.equal(errors[0].command, 'save_file');
    await assert.rejects(tab.readFile('big.txt'), (error) => error instanceof HttpError && error.status === 404);
    // the same limit over REST
    await assert.rejects(tab.saveFile('big.txt', big), (error) => error instanceof HttpError && error.status === 413);

    assert.equal(await tab.request('save_file', { file_name: 'small.txt', content: 'x'.repeat(MAX_FILE_BYTES) }), undefined);
    // resolved only once the server took it: the file is there at once
    assert.equal((await tab.readFile('small.txt')).size, MAX_FILE_BYTES);
    assert.equal(errors.length, 1);
  });

  test(`${transport}: a command over its rate limit rejects with 429 and retry_after_ms; the others resolve`, async (t) => {
    const tab = client(t, { sessionId: session('rate'), transport });
    await tab.connect();
    // ghost_chat: 1 a second, a burst of 3 (the server's defaults)
    const asked = Array.from({ length: 6 }, (_, i) => tab.request('ghost_chat', { message: `question ${i}` }));
    const settled = await Promise.allSettled(asked);
    assert.equal(settled[0].status, 'fulfilled');
    const refused = settled.filter((outcome) => outcome.status === 'rejected').map((outcome) => outcome.reason);
    assert.ok(refused.length >= 2, `at least two of six refused, got ${refused.length}`);
    for (const error of refused) {
      refusal(429, 'ghost_chat')(error);
      assert.ok(error.retryAfterMs > 0);
    }
    assert.equal(new Set(refused.map((error) => error.requestId)).size, refused.length);
  });

  test(`${transport}: presence and ping resolve to their answers; the library's own pings are not handed on`, async (t) => {
    const tab = client(t, { sessionId: session('answers'), transport, name: 'ada' });
    const pongs = [];
    tab.on('pong', (data) => pongs.push(data));
    await tab.connect();
    const presence = await tab.request('presence');
    assert.equal(presence.session_id, tab.sessionId);
    assert.ok(presence.users.some((user) => user.user === 'ada'), JSON.stringify(presence));
    await tab.request('save_file', { file_name: 'a.txt', content: 'a' });
    const pong = await tab.request('ping', { timestamp: 'mine' });
    assert.equal(pong.timestamp, 'mine');
    // the save's proving ping came and went unseen; the user's own pong is handed on
    await until(() => pongs.length >= 1, 'the pong of the user\'s ping');
    assert.deepEqual(pongs.map((data) => data.timestamp), ['mine']);
  });

  test(`${transport}: input and stop of a run that ended reject with 409`, async (t) => {
    const tab = client(t, { sessionId: session('ended'), transport });
    await tab.connect();
    const run = await tab.run({ language: 'python', code: 'print(input())', interactive: true });
    await run.input('ada\n');
    assert.equal((await run.done).stdout, 'ada\n');
    await assert.rejects(run.input('more\n'), refusal(409, 'execution_input'));
    await assert.rejects(run.stop(), refusal(409, 'execution_stop'));
  });

  test(`${transport}: send resolves to the request_id that the server's error echoes`, async (t) => {
    const tab = client(t, { sessionId: session('send'), transport });
    const errors = [];
    tab.on('error', (data) => errors.push(data));
    await tab.connect();
    const requestId = await tab.send('save_file', { file_name: '../escape.txt', content: 'x' });
    assert.match(requestId, /^[0-9a-f-]{36}$/);
    await until(() => errors.length === 1, 'the refusal of the save');
    assert.equal(errors[0].code, 400);
    assert.equal(errors[0].request_id, requestId);
    // a request_id of the caller's own is kept
    assert.equal(await tab.send('save_file', { file_name: '../escape.txt', content: 'x', request_id: 'mine-1' }), 'mine-1');
    await until(() => errors.length === 2, 'the second refusal');
    assert.equal(errors[1].request_id, 'mine-1');
  });
}

test('a command given while the connection is down goes out, and is proven, on the next one', async (t) => {
  const cut = await proxy(t);
  const tab = client(t, { baseUrl: cut.url, sessionId: session('drop'), transport: 'raw' });
  await tab.connect();
  const lost = new Promise((resolve) => tab.on('status', (status) => status === 'reconnecting' && resolve()));
  cut.cut();
  await lost;
  // given while down: it waits in the outbox and is proven on the next connection
  await tab.request('save_file', { file_name: 'later.txt', content: 'later' });
  assert.equal((await tab.readFile('later.txt')).content, 'later');
});

test('a command written and not yet answered when the connection drops rejects; one pong proves a batch', async (t) => {
  // a server that answers pings only on its second connection, and drops the first
  const server = await scriptedServer(t, (connection, number) => {
    connection.send('connect', { status: 'connected', connection_id: `c${number}`, epoch: 'e', seq: 0 });
    connection.socket.on('message', (text) => {
      const command = JSON.parse(String(text));
      if (number > 1 && command.type === 'ping') connection.send('pong', { timestamp: command.data.timestamp });
    });
  });
  const tab = new RealtimeClient({ baseUrl: server.url, sessionId: 's', WebSocket, reconnect: { initialDelay: 20, maxDelay: 100 } });
  t.after(() => tab.close());
  await tab.connect();
  const unanswered = tab.request('save_file', { file_name: 'a.txt', content: 'a' });
  await until(() => server.connections[0].received.some((command) => command.type === 'ping'), 'the proving ping');
  server.connections[0].socket.terminate();
  await assert.rejects(unanswered, (error) => error instanceof CommandError && error.command === 'save_file'
    && /dropped before the server answered save_file/.test(error.message));
  // on the next connection: three commands written together, one ping after them proves all three
  await tab.connect();
  await Promise.all([1, 2, 3].map((n) => tab.request('save_file', { file_name: `${n}.txt`, content: 'x' })));
  const second = server.connections[1].received;
  assert.deepEqual(second.map((command) => command.type), ['save_file', 'save_file', 'save_file', 'ping']);
  assert.equal(new Set(second.map((command) => command.data.request_id)).size, 4);
});
