// The client's tokens against the real server in jwt mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpError, RunError } from '@ghostide/realtime-client';
import { TRANSPORTS, client, proxy, session, until } from '../test-support/server.js';
import { token } from '../test-support/tokens.js';

for (const transport of TRANSPORTS) {
  test(`${transport}: a token function is asked before every connection, and its tokens run code and save files`, async (t) => {
    const network = await proxy(t);
    const sessionId = session('jwt');
    const issued = [];
    const tab = client(t, {
      baseUrl: network.url, sessionId, transport,
      token: async () => {
        issued.push(token('ada', 'editor', [sessionId]));
        return issued.at(-1);
      },
    });
    const joined = [];
    tab.on('presence_join', (data) => joined.push(data.user));
    await tab.connect();
    const run = await tab.run({ language: 'python', code: 'print("as ada")' });
    assert.equal(run.requestId.length, 36);
    assert.equal((await run.done).stdout, 'as ada\n');
    network.cut();
    await until(() => joined.length === 2, 'the second presence_join');
    assert.deepEqual(joined, ['ada', 'ada'], 'the server took both connections for the token\'s user');
    // the REST calls carry a token of the same function
    await tab.saveFile('notes.txt', 'hi');
    assert.deepEqual((await tab.listFiles()).files.map((file) => file.file_name), ['notes.txt']);
    assert.ok(issued.length >= 4, `tokens asked for: ${issued.length}`);
  });

  test(`${transport}: a viewer's run is refused with 403 and the connection stays`, async (t) => {
    const sessionId = session('viewer');
    const tab = client(t, { sessionId, transport, token: token('vic', 'viewer', [sessionId]) });
    await tab.connect();
    await assert.rejects(tab.run({ language: 'python', code: 'print(1)' }),
      (error) => error instanceof RunError && error.code === 403);
    await assert.rejects(tab.saveFile('x.py', 'x'), (error) => error instanceof HttpError && error.status === 403);
    assert.equal(tab.status, 'live');
  });

  test(`${transport}: a refused token is retried with backoff, and connects once the function gives a good one`, async (t) => {
    const sessionId = session('refused');
    let good = false;
    let asked = 0;
    const tab = client(t, {
      sessionId, transport,
      token: () => {
        asked += 1;
        return good ? token('ada', 'editor', [sessionId]) : token('ada', 'editor', [sessionId], { key: 'another-secret-of-at-least-32-bytes!!' });
      },
    });
    const retries = [];
    tab.on('status', (status, detail) => { if (status === 'reconnecting') retries.push(detail); });
    const connected = tab.connect();
    await until(() => retries.length >= 3, 'three refused tries');
    assert.ok(retries.every((retry) => !retry.wasLive));
    assert.ok(retries[2].delay > retries[0].delay, `waits ${retries.map((retry) => retry.delay)}`);
    good = true;
    await connected;
    assert.equal(tab.status, 'live');
    assert.ok(asked >= 4);
  });

  test(`${transport}: a token for other sessions is refused, and so is an expired one`, async (t) => {
    for (const refused of [token('ada', 'editor', ['other-*']), token('ada', 'editor', ['*'], { seconds: -60 })]) {
      const tab = client(t, { sessionId: session('other'), transport, token: refused });
      const retries = [];
      tab.on('status', (status, detail) => { if (status === 'reconnecting') retries.push(detail); });
      tab.connect().catch(() => {});
      await until(() => retries.length >= 2, 'two refused tries');
      assert.notEqual(tab.status, 'live');
      tab.close();
    }
  });
}
