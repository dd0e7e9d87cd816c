// Runs through the client against the real server and its sandbox, on both transports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunError } from '@ghostide/realtime-client';
import { TRANSPORTS, client, session, until } from '../test-support/server.js';

for (const transport of TRANSPORTS) {
  test(`${transport}: a run streams its output and done gives its result`, async (t) => {
    const tab = client(t, { sessionId: session('stream'), transport });
    const streamed = [];
    tab.on('execution_output', (data, envelope) => streamed.push({ data, envelope }));
    await tab.connect();
    const run = await tab.run({ language: 'python', code: 'import time\nfor i in range(3):\n    print(i, flush=True)\n    time.sleep(0.2)\n' });
    assert.match(run.id, /^[0-9a-f-]{36}$/);
    const result = await run.done;
    assert.equal(result.status, 'ok');
    assert.equal(result.exit_code, 0);
    assert.equal(result.stdout, '0\n1\n2\n');
    const mine = streamed.filter(({ data }) => data.execution_id === run.id);
    assert.equal(mine.map(({ data }) => data.output).join(''), '0\n1\n2\n');
    assert.ok(mine.every(({ envelope }) => typeof envelope.seq === 'number' && envelope.type === 'execution_output'));
  });

  test(`${transport}: a language the server does not know rejects run with the server's words`, async (t) => {
    const tab = client(t, { sessionId: session('unknown'), transport });
    await tab.connect();
    await assert.rejects(tab.run({ language: 'cobol', code: 'DISPLAY "HI".' }), (error) => {
      assert.ok(error instanceof RunError);
      assert.equal(error.code, 400);
      assert.match(error.message, /Unknown language \(400\): 'cobol' is not a language this server runs/);
      return true;
    });
    // the connection goes on: the next run is served
    const run = await tab.run({ language: 'python', code: 'print("still here")' });
    assert.equal((await run.done).stdout, 'still here\n');
  });

  test(`${transport}: a timeout out of range rejects run with 400`, async (t) => {
    const tab = client(t, { sessionId: session('timeout'), transport });
    await tab.connect();
    await assert.rejects(tab.run({ language: 'python', code: 'print(1)', timeout: 100000 }),
      (error) => error instanceof RunError && error.code === 400 && /timeout/i.test(error.message));
  });

  test(`${transport}: an interactive run takes input, then a stop ends it as stopped`, async (t) => {
    const tab = client(t, { sessionId: session('interactive'), transport });
    let output = '';
    tab.on('execution_output', (data) => { output += data.output; });
    await tab.connect();
    const code = 'import time\nname = input("name? ")\nprint("hello", name, flush=True)\nwhile True:\n    time.sleep(0.05)\n';
    const run = await tab.run({ language: 'python', code, interactive: true });
    assert.equal(run.interactive, true);
    await until(() => output.includes('name? '), 'the prompt');
    await run.input('ada\n');
    await until(() => output.includes('hello ada'), 'the greeting');
    await run.stop();
    const result = await run.done;
    assert.equal(result.status, 'stopped');
    assert.match(result.stopped_by, /^anonymous-/);
    assert.match(result.stdout, /hello ada/);
  });

  test(`${transport}: eof closes an interactive run's stdin`, async (t) => {
    const tab = client(t, { sessionId: session('eof'), transport });
    await tab.connect();
    const run = await tab.run({ language: 'python', code: 'import sys\nprint(len(sys.stdin.read()))', interactive: true, input: 'abc' });
    await run.input('de');
    await run.eof();
    assert.equal((await run.done).stdout, '5\n');
  });

  test(`${transport}: two clients of one session tell their own runs apart`, async (t) => {
    const sessionId = session('two');
    const alice = client(t, { sessionId, transport, name: 'alice' });
    const bob = client(t, { sessionId, transport: transport === 'raw' ? 'stomp' : 'raw', name: 'bob' });
    const starts = [];
    alice.on('execution_start', (data) => starts.push(data));
    await Promise.all([alice.connect(), bob.connect()]);
    const code = (who) => `import time\nfor i in range(3):\n    print("${who}", i, flush=True)\n    time.sleep(0.1)\n`;
    const [aliceRun, bobRun] = await Promise.all([
      alice.run({ language: 'python', code: code('alice') }),
      bob.run({ language: 'python', code: code('bob') }),
    ]);
    assert.notEqual(aliceRun.id, bobRun.id);
    const [aliceResult, bobResult] = await Promise.all([aliceRun.done, bobRun.done]);
    assert.equal(aliceResult.stdout, 'alice 0\nalice 1\nalice 2\n');
    assert.equal(bobResult.stdout, 'bob 0\nbob 1\nbob 2\n');
    // alice heard both starts: each names its own request
    await until(() => starts.length === 2, 'both starts');
    assert.deepEqual(new Set(starts.map((start) => start.execution_id)), new Set([aliceRun.id, bobRun.id]));
    assert.equal(starts.find((start) => start.execution_id === aliceRun.id).request_id, aliceRun.requestId);
    assert.notEqual(starts.find((start) => start.execution_id === bobRun.id).request_id, aliceRun.requestId);
  });

  test(`${transport}: status goes connecting, live, closed, and a message handler can unsubscribe`, async (t) => {
    const tab = client(t, { sessionId: session('status'), transport });
    const statuses = [];
    tab.on('status', (status) => statuses.push(status));
    let pongs = 0;
    const off = tab.on('pong', () => { pongs += 1; });
    await tab.connect();
    assert.deepEqual(statuses, ['connecting', 'live']);
    await tab.send('ping', { timestamp: 'one' });
    await until(() => pongs === 1, 'the pong');
    off();
    let all = 0;
    tab.on('*', (data, envelope) => { if (envelope.type === 'pong') all += 1; });
    await tab.send('ping', { timestamp: 'two' });
    await until(() => all === 1, 'the second pong');
    assert.equal(pongs, 1);
    tab.close();
    assert.deepEqual(statuses, ['connecting', 'live', 'closed']);
    await assert.rejects(tab.send('ping', {}), /closed/);
  });
}

test('a run waiting for its start fails when the client is closed', async (t) => {
  const tab = client(t, { sessionId: session('closed'), transport: 'raw' });
  await tab.connect();
  const run = await tab.run({ language: 'python', code: 'import time\ntime.sleep(3)' });
  tab.close();
  await assert.rejects(run.done, (error) => error instanceof RunError && /closed/.test(error.message));
});

test('a bad session id or transport is refused before any socket opens', () => {
  assert.throws(() => client({ after() {} }, { sessionId: 'no spaces', transport: 'raw' }), /sessionId must match/);
  assert.throws(() => client({ after() {} }, { sessionId: 'ok', transport: 'sse' }), /transport must be 'raw' or 'stomp'/);
});
