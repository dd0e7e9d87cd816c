// index.d.ts against the modules it declares: what the package exports, and the members of each
// exported class, of a shared document and of a run, read from the declarations with the TypeScript compiler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as library from '@ghostide/realtime-client';
import { RunBook } from '../src/runs.js';
import { declaredMembers as members, exportedValues, problems } from '../test-support/declarations.js';

// every name an object answers to: its own fields and its prototypes' methods and getters, Error's aside
function names(object) {
  const found = new Set(Object.keys(object));
  for (let proto = Object.getPrototypeOf(object); proto && proto !== Error.prototype && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)) {
    Object.getOwnPropertyNames(proto).forEach((key) => key !== 'constructor' && found.add(key));
  }
  return found;
}

const ERROR_MEMBERS = ['name', 'message', 'stack', 'cause'];

function assertHas(object, name) {
  const present = names(object);
  // what Error itself declares (stack, cause) every error has from its constructor
  const missing = members(name).filter((member) => !present.has(member) && !ERROR_MEMBERS.includes(member));
  assert.deepEqual(missing, [], `${name}: declared in index.d.ts, absent at run time`);
}

test('index.d.ts declares exactly the values the package exports', () => {
  assert.deepEqual(exportedValues(), Object.keys(library).sort());
});

test('index.d.ts has no type errors of its own', () => {
  assert.deepEqual(problems(), []);
});

test('every member index.d.ts declares for the client, a document, a run and the errors is there at run time', () => {
  class NoSocket {}
  const client = new library.RealtimeClient({ baseUrl: 'http://127.0.0.1:1', sessionId: 's', WebSocket: NoSocket });
  assertHas(client, 'RealtimeClient');
  // what is declared is what the README's table of calls lists
  for (const call of ['on', 'connect', 'run', 'send', 'request', 'close', 'saveFile', 'readFile', 'listFiles', 'deleteFile',
    'languages', 'listRuns', 'transcript', 'presence', 'resumePosition', 'connectionId', 'openDocument']) {
    assert.ok(members('RealtimeClient').includes(call), `RealtimeClient.${call} is declared`);
  }
  const doc = client.openDocument('notes.txt');
  assertHas(doc, 'SharedDocument');
  doc.close();
  const book = new RunBook(async () => {});
  const started = book.expect('r1');
  book.observe({ type: 'execution_start', data: { execution_id: 'x1', request_id: 'r1', language: 'python' } });
  return started.then((run) => {
    assertHas(run, 'Run');
    assertHas(new library.RunError('m', { code: 400 }), 'RunError');
    assertHas(new library.CommandError('m', { code: 413, command: 'save_file', requestId: 'r' }), 'CommandError');
    assertHas(new library.HttpError(404, 'Not found', null), 'HttpError');
  });
});
