// An error names the command it answers by request_id, and the client matches it by that. The
// server here has one run slot (ghostide.execution.max-concurrent=1, set by the Maven build), so
// a run can be kept waiting for its start while another of the same client is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunError } from '@ghostide/realtime-client';
import { TRANSPORTS, client, session } from '../test-support/server.js';
import { token } from '../test-support/tokens.js';

for (const transport of TRANSPORTS) {
  test(`${transport}: of two runs waiting for their start, the refused one is rejected, the other starts`, { timeout: 60000 }, async (t) => {
    const sessionId = session('two-runs');
    const tab = client(t, { sessionId, transport, token: token('ada', 'editor', [sessionId]) });
    const errors = [];
    tab.on('error', (data) => errors.push(data));
    await tab.connect();
    // holds the one slot until its stdin is closed
    const holder = await tab.run({ language: 'python', code: 'import sys\nsys.stdin.read()\nprint("held")', interactive: true });
    let startedFirst = null;
    const queued = tab.run({ language: 'python', code: 'print("queued")' });
    queued.then((run) => { startedFirst = run; }, () => {});
    const refused = tab.run({ language: 'python', code: 'print("never")', timeout: 0 });
    const error = await refused.then(() => assert.fail('a run with timeout 0 started'), (reason) => reason);
    assert.ok(error instanceof RunError, String(error));
    assert.equal(error.code, 400);
    assert.match(error.detail, /timeout/);
    assert.equal(startedFirst, null, 'the queued run still waits for its start');
    assert.equal(errors.length, 1);
    assert.equal(errors[0].request_id, error.requestId, 'the server echoed the refused run\'s request_id');
    assert.equal(errors[0].command, 'execute_code');
    await holder.eof();
    assert.equal((await holder.done).stdout, 'held\n');
    const run = await queued;
    assert.equal((await run.done).stdout, 'queued\n');
    assert.notEqual(run.requestId, error.requestId);
  });
}
