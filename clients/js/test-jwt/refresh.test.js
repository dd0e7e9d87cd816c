// Token refresh against the real server in jwt mode, whose tokens here live 4 s and are warned
// of 2 s before they expire (ghostide.security.jwt.refresh-warning=2s, set by the Maven build):
// a refresh still has the whole warning to be answered in, and a test sees two within seconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TRANSPORTS, client, session, until } from '../test-support/server.js';
import { token } from '../test-support/tokens.js';

const LIFE = 4;

// prints a numbered line every 100 ms for about 6 s: across the first refresh, at about 2 s
const LINES = 60;
const STREAM = `import sys, time\nfor i in range(${LINES}):\n    print(i)\n    sys.stdout.flush()\n    time.sleep(0.1)\n`;

/** The statuses a client goes through, and the seq of every session message it hands on. */
function watch(tab) {
  const seen = { statuses: [], seqs: [], joins: [], refreshed: [], errors: [] };
  tab.on('status', (status, detail) => seen.statuses.push({ status, ...detail }));
  tab.on('*', (data, envelope) => { if (envelope.seq != null) seen.seqs.push(envelope.seq); });
  tab.on('presence_join', (data) => seen.joins.push(data.connection_id));
  tab.on('auth_refreshed', (data) => seen.refreshed.push(data));
  tab.on('error', (data) => seen.errors.push(data));
  return seen;
}

function assertInOrder(seqs) {
  for (let i = 1; i < seqs.length; i += 1) {
    assert.equal(seqs[i], seqs[i - 1] + 1, `seq ${seqs[i]} after ${seqs[i - 1]}`);
  }
}

for (const transport of TRANSPORTS) {
  test(`${transport}: a token function keeps one connection live across two expiries, and a run streams whole across the refresh`, { timeout: 120000 }, async (t) => {
    const sessionId = session('refresh');
    const issued = [];
    const tab = client(t, {
      sessionId, transport,
      token: () => {
        issued.push(Date.now());
        return token('ada', 'editor', [sessionId], { seconds: LIFE });
      },
    });
    const seen = watch(tab);
    const lines = [];
    await tab.connect();
    const first = Date.now();
    const run = await tab.run({ language: 'python', code: STREAM, onOutput: (data) => lines.push(data.output) });
    const result = await run.done;
    // two warnings answered: at about 2 s and 4 s after the connection
    await until(() => seen.refreshed.length >= 2, 'the second auth_refreshed');
    assert.ok(Date.now() - first > LIFE * 1000, 'the connection outlived its first token');
    assert.equal(result.status, 'ok');
    const expected = Array.from({ length: LINES }, (_, i) => `${i}\n`).join('');
    assert.equal(result.stdout, expected);
    assert.equal(lines.join(''), expected, 'every line of output, in order, through onOutput');
    assertInOrder(seen.seqs);
    assert.deepEqual(seen.statuses.map((s) => s.status), ['connecting', 'live'], 'no reconnect');
    assert.equal(new Set(seen.joins).size, 1, 'one connection');
    assert.equal(tab.status, 'live');
    assert.deepEqual(seen.errors, []);
    assert.ok(issued.length >= 3, `tokens asked for: ${issued.length}`);
    for (const refreshed of seen.refreshed) assert.equal(refreshed.role, 'editor');
    assert.ok(Date.parse(seen.refreshed[1].expires_at) > Date.parse(seen.refreshed[0].expires_at));
    // the refreshed connection still runs code
    assert.equal((await (await tab.run({ language: 'python', code: 'print(2)' })).done).stdout, '2\n');
  });

  test(`${transport}: a refresh with another user's token surfaces the 403, and the client reconnects with a fresh token at the expiry`, { timeout: 120000 }, async (t) => {
    const sessionId = session('other-user');
    let calls = 0;
    const tab = client(t, {
      sessionId, transport,
      token: () => {
        calls += 1;
        // the second call answers the warning: a token of somebody else
        return token(calls === 2 ? 'bob' : 'ada', 'editor', [sessionId], { seconds: LIFE });
      },
    });
    const seen = watch(tab);
    const users = [];
    tab.on('presence_join', (data) => users.push(data.user));
    await tab.connect();
    await until(() => seen.errors.length >= 1, 'the refusal of the refresh');
    const [refusal] = seen.errors;
    assert.equal(refusal.code, 403);
    assert.equal(refusal.command, 'auth_refresh', 'the library says which command the error answers');
    assert.ok(refusal.request_id, 'the server echoed the refresh\'s request_id');
    assert.equal(tab.status, 'live', 'the old token stays in force until it expires');
    await until(() => seen.statuses.filter((s) => s.status === 'live').length >= 2, 'live again after the expiry');
    const reconnect = seen.statuses.find((s) => s.status === 'reconnecting');
    assert.equal(reconnect.reason, 'token_expired');
    assert.equal(reconnect.delay, 0, 'an expired token is replaced at once');
    await until(() => users.length >= 2, 'the second presence_join');
    assert.deepEqual(users, ['ada', 'ada']);
    assertInOrder(seen.seqs);
    assert.equal((await (await tab.run({ language: 'python', code: 'print(3)' })).done).stdout, '3\n');
  });
}
