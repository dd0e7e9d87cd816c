// Resume through a TCP proxy the tests cut, against the real server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TRANSPORTS, client, proxy, session, until } from '../test-support/server.js';

const LINES = 10000;
// 10,000 numbered lines, written in small flushed batches over a few seconds
const TEN_THOUSAND_LINES = `import sys, time
for i in range(1, ${LINES + 1}):
    print(f"line {i:05d}")
    if i % 25 == 0:
        sys.stdout.flush()
        time.sleep(0.01)
`;
const CUT_AT = [1500, 3500, 5500, 7500, 9000];

for (const transport of TRANSPORTS) {
  test(`${transport}: cut five times during a 10,000-line run, every line arrives once and in order`, async (t) => {
    const network = await proxy(t);
    const tab = client(t, { baseUrl: network.url, sessionId: session('cut'), transport });
    const statuses = [];
    const seqs = [];
    const resets = [];
    let output = '';
    let lines = 0;
    let completeAtCut = [];
    let completed = false;
    const drops = [];
    tab.on('status', (status, detail) => {
      statuses.push(status);
      if (status === 'reconnecting' && detail.wasLive) drops.push(detail);
    });
    tab.on('reset', (state) => resets.push(state));
    tab.on('*', (data, envelope) => {
      if (envelope.seq != null) seqs.push(envelope.seq);
      if (envelope.type === 'execution_complete') completed = true;
    });
    tab.on('execution_output', (data) => {
      output += data.output;
      lines += data.output.split('\n').length - 1;
      // mid-stream: while this message is being handed on, more of the run is on its way
      if (network.cuts.count < CUT_AT.length && lines >= CUT_AT[network.cuts.count]) {
        completeAtCut.push(completed);
        network.cut();
      }
    });
    await tab.connect();
    const run = await tab.run({ language: 'python', code: TEN_THOUSAND_LINES, timeout: 120 });
    const result = await run.done;

    assert.equal(network.cuts.count, CUT_AT.length, 'every cut happened');
    assert.deepEqual(completeAtCut, CUT_AT.map(() => false), 'each cut came before the run had ended');
    assert.equal(drops.length, CUT_AT.length, 'each cut lost one live connection');
    assert.equal(statuses.at(-1), 'live');
    assert.deepEqual(resets, [], 'every resume was recovered');
    assert.equal(result.status, 'ok');
    assert.equal(result.exit_code, 0);
    const expected = Array.from({ length: LINES }, (_, i) => `line ${String(i + 1).padStart(5, '0')}\n`).join('');
    assert.equal(output.length, expected.length, 'no line lost or repeated');
    assert.ok(output === expected, 'every line once, in order');
    // every session message once, seq contiguous from the first one
    assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => seqs[0] + i));
  });

  test(`${transport}: a resume the history cannot serve emits reset and goes on live`, async (t) => {
    const sessionId = session('lost');
    const first = client(t, { sessionId, transport });
    await first.connect();
    await (await first.run({ language: 'python', code: 'print("before")' })).done;
    const { epoch, seq } = first.resumePosition;
    assert.ok(seq > 0);
    // a position from an epoch the server no longer has (a restart, history lost)
    const stale = client(t, { sessionId, transport, position: { epoch: 'gone-epoch', seq: 2 } });
    const resets = [];
    stale.on('reset', (state) => resets.push(state));
    await stale.connect();
    await until(() => resets.length === 1, 'the reset');
    assert.equal(resets[0].epoch, epoch);
    assert.ok(resets[0].seq >= seq, 'the snapshot is at the session\'s position or after');
    // and live messages follow, each once
    let output = '';
    stale.on('execution_output', (data) => { output += data.output; });
    await (await stale.run({ language: 'python', code: 'print("after")' })).done;
    assert.equal(output, 'after\n');
    assert.equal(resets.length, 1);
  });

  test(`${transport}: a position ahead of the session is not recovered either`, async (t) => {
    const sessionId = session('ahead');
    const first = client(t, { sessionId, transport });
    await first.connect();
    const { epoch } = first.resumePosition;
    const ahead = client(t, { sessionId, transport, position: { epoch, seq: 1000000 } });
    const resets = [];
    ahead.on('reset', (state) => resets.push(state));
    await ahead.connect();
    await until(() => resets.length === 1, 'the reset');
    assert.ok(ahead.resumePosition.seq < 1000000, 'the client took the session\'s position');
  });

  test(`${transport}: the token function is called again on every reconnect`, async (t) => {
    const network = await proxy(t);
    let calls = 0;
    const tab = client(t, {
      baseUrl: network.url, sessionId: session('token'), transport,
      token: async () => { calls += 1; return undefined; },
    });
    const statuses = [];
    tab.on('status', (status) => statuses.push(status));
    await tab.connect();
    for (let i = 1; i <= 3; i++) {
      network.cut();
      await until(() => statuses.filter((s) => s === 'live').length === i + 1, `live again after cut ${i}`);
    }
    assert.equal(calls, 4);
    // 'reconnecting' comes again before each further try, should a try fail on a busy machine
    const changes = statuses.filter((status, i) => status !== statuses[i - 1]);
    assert.deepEqual(changes, ['connecting', 'live', 'reconnecting', 'live', 'reconnecting', 'live', 'reconnecting', 'live']);
  });
}
