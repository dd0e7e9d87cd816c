// The example the README quotes, run as a user runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { baseUrl } from '../test-support/server.js';

const example = fileURLToPath(new URL('../examples/run-code.mjs', import.meta.url));

test('examples/run-code.mjs prints the program\'s output and its exit code, and ends', async () => {
  const { stdout } = await new Promise((resolve, reject) => {
    execFile(process.execPath, [example], { env: { ...process.env, GHOSTIDE_URL: baseUrl }, timeout: 60000 },
      (error, out, err) => (error ? reject(Object.assign(error, { stderr: err })) : resolve({ stdout: out })));
  });
  assert.equal(stdout, 'hello from the sandbox\nexit code 0\n');
});
