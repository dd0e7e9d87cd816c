// Every code block of this package's README, checked: the install lines run in a new project,
// the first run is the example file and prints what the README shows, and the constructor block
// runs, with options that index.d.ts declares and the reconnect defaults its comment gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import * as state from '@codemirror/state';
import * as collab from '@codemirror/collab';
import { RealtimeClient } from '@ghostide/realtime-client';
import * as binding from '@ghostide/realtime-client/codemirror';
import { baseUrl, client as connected, session } from '../test-support/server.js';
import { declaredMembers } from '../test-support/declarations.js';

const library = fileURLToPath(new URL('..', import.meta.url));
const readme = fs.readFileSync(path.join(library, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map(([, language, text]) => ({ language, text }));
const example = fs.readFileSync(path.join(library, 'examples/run-code.mjs'), 'utf8');

function run(file, args, options) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 120000, ...options }, (error, stdout, stderr) => (error
      ? reject(Object.assign(error, { message: `${error.message}\n${stderr}` })) : resolve(stdout)));
  });
}

// what a block is, and so how it is checked; a block none of these names fails the first test
function kind(block) {
  if (block.language === 'sh') return 'install';
  if (block.language === 'js' && block.text === example) return 'example';
  if (block.language === 'js' && block.text.startsWith('const client = new RealtimeClient({')) return 'constructor';
  if (block.language === '' && block.text.startsWith('$ ')) return 'transcript';
  if (block.language === 'js' && block.text.startsWith("import * as state from '@codemirror/state';")) return 'editing';
  return null;
}

test('every block of the README is one these tests check', () => {
  assert.deepEqual(blocks.map(kind), ['install', 'example', 'transcript', 'constructor', 'editing']);
});

test('the install lines install the package in a new project, where the example runs', async (t) => {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'realtime-client-readme-'));
  t.after(() => fs.rmSync(project, { recursive: true, force: true }));
  fs.writeFileSync(path.join(project, 'package.json'), '{"name": "readme-user", "private": true, "type": "module"}');
  const lines = blocks.find((block) => kind(block) === 'install').text.trim().split('\n');
  for (const line of lines) {
    const [command, verb, ...args] = line.replace(/#.*$/, '').trim().split(/\s+/);
    assert.deepEqual([command, verb], ['npm', 'install'], line);
    // the README's path is from the checkout's root; this project is elsewhere
    const given = args.map((arg) => (arg === './clients/js' ? library : arg));
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...given], { cwd: project });
  }
  fs.writeFileSync(path.join(project, 'run-code.mjs'), example);
  const stdout = await run(process.execPath, ['run-code.mjs'], { cwd: project, env: { ...process.env, GHOSTIDE_URL: baseUrl } });
  assert.equal(stdout, 'hello from the sandbox\nexit code 0\n');
});

test('the transcript\'s command prints what the transcript shows', async () => {
  const [first, ...output] = blocks.find((block) => kind(block) === 'transcript').text.trimEnd().split('\n');
  const [, url, script] = first.match(/^\$ GHOSTIDE_URL=(\S+) node (\S+)$/);
  assert.equal(url, 'http://127.0.0.1:8000', 'the server\'s default address');
  const stdout = await run(process.execPath, [script], { cwd: library, env: { ...process.env, GHOSTIDE_URL: baseUrl } });
  assert.equal(stdout, `${output.join('\n')}\n`);
});

test('the constructor block runs, names declared options and gives the reconnect defaults', async (t) => {
  const text = blocks.find((block) => kind(block) === 'constructor').text;
  const options = [...text.matchAll(/^ {2}(\w+)[,:]/gm)].map(([, name]) => name);
  const declared = declaredMembers('RealtimeClientOptions');
  assert.deepEqual(options.filter((name) => !declared.includes(name)), [], 'options index.d.ts does not declare');
  const build = new Function('RealtimeClient', 'baseUrl', 'sessionId', 'token', 'WebSocket', 'name', 'position', 'state', 'reconnect',
    `${text}\nreturn client;`);
  const client = build(RealtimeClient, baseUrl, session('readme'), undefined, WebSocket, 'readme', undefined, true, {});
  t.after(() => client.close());
  const defaults = text.match(/reconnect,\s*\/\/ (\{[^}]*\})/)[1].replace(/(\w+):/g, '"$1":');
  assert.deepEqual(client.backoff, JSON.parse(defaults));
  await client.connect();
  assert.equal(client.status, 'live');
});

test('the editing block, on a connected client, edits the file with the others', async (t) => {
  const text = blocks.find((block) => kind(block) === 'editing').text;
  const imports = [...text.matchAll(/^import (.+) from '(.+)';$/gm)].map(([, what, from]) => `${what} from ${from}`);
  assert.deepEqual(imports, ['* as state from @codemirror/state', '* as collab from @codemirror/collab',
    '{ collabState } from @ghostide/realtime-client/codemirror'], 'the block imports what this test hands it');
  const sessionId = session('readme-doc');
  const client = connected(t, { sessionId, transport: 'raw' });
  await client.connect();
  await client.saveFile('notes.txt', 'world');
  const printed = [];
  const AsyncFunction = (async () => {}).constructor;
  const body = text.replace(/^import .*$/gm, '');
  const build = new AsyncFunction('client', 'state', 'collab', 'collabState', 'console', `${body}\nreturn doc;`);
  const doc = await build(client, state, collab, binding.collabState, { log: (line) => printed.push(line) });
  t.after(() => doc.close());
  assert.deepEqual(printed, ['hello world']);
  // pushed: GET of the file has it
  let stored = null;
  for (const deadline = Date.now() + 30000; stored !== 'hello world' && Date.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    stored = (await client.readFile('notes.txt')).content;
  }
  assert.equal(stored, 'hello world');
});
