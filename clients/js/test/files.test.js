// The REST calls of the client against the real server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpError } from '@ghostide/realtime-client';
import { client, session, until } from '../test-support/server.js';

test('saveFile stores a file the session hears of, and list, read and delete see it', async (t) => {
  const tab = client(t, { sessionId: session('files'), transport: 'raw' });
  const saved = [];
  tab.on('file_saved', (data) => saved.push(data));
  await tab.connect();
  const stored = await tab.saveFile('main.py', 'print("hi")\n', { language: 'python' });
  assert.equal(stored.file_name, 'main.py');
  await until(() => saved.length === 1, 'file_saved');
  assert.equal(saved[0].file_name, 'main.py');
  const list = await tab.listFiles();
  assert.deepEqual(list.files.map((file) => file.file_name), ['main.py']);
  const file = await tab.readFile('main.py');
  assert.equal(file.content, 'print("hi")\n');
  assert.equal(file.language, 'python');
  assert.equal(await tab.deleteFile('main.py'), null);
  assert.deepEqual((await tab.listFiles()).files, []);
  const languages = await tab.languages();
  assert.ok(languages.languages.some((language) => language.id === 'python' && language.available));
});

test('a refused REST call rejects with the status and the problem detail\'s words', async (t) => {
  const tab = client(t, { sessionId: session('refused'), transport: 'raw' });
  await assert.rejects(tab.readFile('missing.py'), (error) => {
    assert.ok(error instanceof HttpError);
    assert.equal(error.status, 404);
    assert.match(error.message, /\(HTTP 404\)$/);
    assert.equal(error.problem.status, 404);
    return true;
  });
  await assert.rejects(tab.saveFile('../escape.py', 'x'), (error) => error instanceof HttpError && error.status === 400);
});
