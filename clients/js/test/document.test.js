// Shared editing through the library and @codemirror/collab, against the real server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, client, proxy, session, until } from '../test-support/server.js';
import { cm, editor, insertToken, pause, settled, typeRandomly } from '../test-support/editing.js';

test('two editors, raw and STOMP, each make 500 random edits at once and converge with the file', async (t) => {
  const sessionId = session('doc');
  const fileName = 'shared.txt';
  const a = await editor(t, { sessionId, transport: 'raw' }, fileName);
  const b = await editor(t, { sessionId, transport: 'stomp' }, fileName);
  assert.equal(a.text(), '');
  const heard = { pushes: 0, rejected: 0 };
  for (const e of [a, b]) e.tab.on('doc_rejected', () => { heard.rejected += 1; });
  a.tab.on('doc_update', () => { heard.pushes += 1; });
  const started = Date.now();
  await Promise.all([typeRandomly(a, 'a', 500), typeRandomly(b, 'b', 500)]);
  await until(settled(a, b), 'both editors to settle', 60000);
  assert.equal(a.text(), b.text(), 'both editors hold the same text');
  t.diagnostic(`1000 edits in ${Date.now() - started} ms: ${heard.pushes} accepted pushes, ${heard.rejected} rejected, `
    + `${a.text().length} characters`);
  assert.equal(a.doc.version, 1000, 'one version per edit: none lost, none taken twice');
  const stored = await a.tab.readFile(fileName);
  assert.equal(stored.content, a.text(), 'GET of the file gives the edited text');
  const c = await editor(t, { sessionId, transport: 'raw' }, fileName);
  assert.equal(c.text(), a.text(), 'an editor that opens later starts from the same text');
  assert.equal(c.doc.version, a.doc.version);
});

async function editWhileCut(t, { lose }) {
  const sessionId = session('doc-cut');
  const fileName = 'cut.txt';
  const network = await proxy(t);
  const a = await editor(t, { sessionId, transport: 'raw', baseUrl: network.url, state: true }, fileName);
  const b = await editor(t, { sessionId, transport: 'stomp' }, fileName);
  const drops = [];
  const resets = [];
  a.tab.on('status', (status, detail) => status === 'reconnecting' && detail.wasLive && drops.push(detail));
  a.tab.on('reset', (data) => resets.push(data));
  for (let i = 0; i < 20; i += 1) {
    insertToken(a, `a${i}`);
    insertToken(b, `b${i}`);
    await pause(5);
  }
  await until(settled(a, b), 'the first edits to settle');
  network.cut();
  await until(() => drops.length === 1, 'the cut to be noticed');
  // an epoch the server never had: the resume cannot be served, as after a restart
  if (lose) a.tab.position.epoch = 'an-epoch-the-server-never-had';
  for (let i = 20; i < 70; i += 1) {
    insertToken(a, `a${i}`);
    insertToken(b, `b${i}`);
    await pause(2);
  }
  assert.ok(cm.sendableUpdates(a.view.state).length > 0, 'the cut editor holds its edits');
  await until(() => a.tab.status === 'live', 'the reconnect');
  await until(settled(a, b), 'both editors to settle after the reconnect');
  assert.equal(resets.length, lose ? 1 : 0, 'a reset only when the resume was lost');
  assert.equal(a.text(), b.text());
  const expected = [...Array.from({ length: 70 }, (_, i) => `a${i}`), ...Array.from({ length: 70 }, (_, i) => `b${i}`)];
  if (lose) {
    // opened again, the text missed is one replacement, on which an insert may land inside a token: count characters
    const characters = (text) => [...text].sort().join('');
    assert.equal(characters(a.text()), characters(expected.map((token) => `${token};`).join('')), 'every edit arrived once');
  } else {
    assert.deepEqual(a.text().split(';').filter(Boolean).sort(), expected.sort(), 'every edit arrived once');
  }
  assert.equal((await b.tab.readFile(fileName)).content, a.text());
}

test('edits made while the connection is cut are rebased and sent on reconnect, once each', (t) => editWhileCut(t, { lose: false }));

test('after a resume that was lost (reset), the document is opened again and the edits made meanwhile rebased on it',
  (t) => editWhileCut(t, { lose: true }));

test('awareness: the others\' selections arrive, and a connection\'s go with its presence_leave', async (t) => {
  const sessionId = session('doc-aware');
  const a = await editor(t, { sessionId, transport: 'raw' }, 'main.py');
  const b = await editor(t, { sessionId, transport: 'stomp' }, 'main.py');
  a.view.dispatch({ changes: { from: 0, insert: 'print(1)\n' } });
  await until(() => b.text() === 'print(1)\n', 'the text at b');
  a.doc.setSelection({ anchor: 1, head: 3 }, 'typing');
  b.doc.setSelection({ anchor: 5, head: 5 });
  await until(() => b.doc.peers.size === 1 && a.doc.peers.size === 1, 'each to see the other');
  // a is raw: its connect frame named the connection, which b's peers are keyed by
  assert.equal([...b.doc.peers.keys()][0], a.tab.connectionId);
  assert.equal(b.tab.connectionId, null, 'STOMP names no connection');
  await until(() => b.doc.ownConnection !== null, 'b to learn its own id from its awareness coming back');
  assert.equal([...a.doc.peers.keys()][0], b.doc.ownConnection);
  assert.deepEqual(b.doc.peers.values().next().value.selection, { anchor: 1, head: 3 });
  assert.equal(b.doc.peers.values().next().value.status, 'typing');
  assert.deepEqual(a.doc.peers.values().next().value.selection, { anchor: 5, head: 5 });
  // another file's awareness is not this document's
  const other = a.tab.openDocument('other.py');
  t.after(() => other.close());
  other.setSelection({ anchor: 0, head: 0 });
  await pause(300);
  assert.equal(b.doc.peers.size, 1);
  a.tab.close();
  await until(() => b.doc.peers.size === 0, 'a\'s cursor to go with its presence_leave');
});

test('a peer that left while a lost resume hid its presence_leave is dropped by the session_state', async (t) => {
  const sessionId = session('doc-aware-reset');
  const network = await proxy(t);
  const a = await editor(t, { sessionId, transport: 'raw', baseUrl: network.url }, 'main.py');
  const b = await editor(t, { sessionId, transport: 'stomp' }, 'main.py');
  const c = await editor(t, { sessionId, transport: 'raw' }, 'main.py');
  b.doc.setSelection({ anchor: 0, head: 0 });
  c.doc.setSelection({ anchor: 0, head: 0 });
  await until(() => a.doc.peers.size === 2, 'a to see b and c');
  const resets = [];
  a.tab.on('reset', (state) => resets.push(state));
  // a is kept away (its reconnects meet a closed port) until c has left
  network.point('http://127.0.0.1:1');
  network.cut();
  await until(() => a.tab.status !== 'live', 'the cut to be noticed');
  // an epoch the server never had: the resume cannot be served, and c's presence_leave is not replayed
  a.tab.position.epoch = 'an-epoch-the-server-never-had';
  const gone = c.tab.connectionId;
  c.tab.close();
  await until(() => b.doc.peers.size === 1, 'c to be gone for b');
  assert.ok(a.doc.peers.has(gone), 'a has not heard c leave');
  network.point(baseUrl);
  await until(() => resets.length === 1, 'the reset');
  await until(() => !a.doc.peers.has(gone), 'c\'s cursor to go at a too');
  assert.ok(a.doc.peers.size <= 1, 'only b may be left');
});

test('a document name that is not a file name is refused before anything is sent', async (t) => {
  const tab = client(t, { sessionId: session('doc-bad'), transport: 'raw' });
  assert.throws(() => tab.openDocument('../etc/passwd'), TypeError);
  assert.throws(() => tab.openDocument(''), TypeError);
  assert.throws(() => tab.openDocument(42), TypeError);
});

test('an edit too large for a frame is undone and reported before anything is sent; the connection stays', async (t) => {
  const sessionId = session('doc-paste');
  const a = await editor(t, { sessionId, transport: 'raw' }, 'paste.txt');
  const b = await editor(t, { sessionId, transport: 'stomp' }, 'paste.txt');
  const drops = [];
  a.tab.on('status', (status) => status !== 'live' && drops.push(status));
  a.view.dispatch({ changes: { from: 0, insert: 'kept\n' } });
  await until(settled(a, b), 'the first edit to settle');
  const errors = [];
  a.doc.on('error', (error) => errors.push(error));
  // past the server's 64 KB frames: sent, the server would close the connection, and again after every reconnect
  a.view.dispatch({ changes: { from: 5, insert: 'x'.repeat(100 * 1024) } });
  await until(() => errors.length === 1, 'the refusal');
  assert.equal(errors[0].code, 413);
  assert.equal(a.text(), 'kept\n', 'the edit is undone');
  a.view.dispatch({ changes: { from: 5, insert: 'more\n' } });
  await until(settled(a, b), 'the next edit to settle');
  assert.equal(b.text(), 'kept\nmore\n');
  assert.equal(a.doc.version, 2);
  assert.deepEqual(drops, [], 'the connection was never lost');
});

test('a push the server refuses (a file past max-file-size) is an error on the document, undone, and the others never see it', async (t) => {
  const maxFileBytes = Number(process.env.GHOSTIDE_MAX_FILE_BYTES);
  assert.ok(maxFileBytes > 0, 'GHOSTIDE_MAX_FILE_BYTES names the server\'s max-file-size');
  const sessionId = session('doc-refused');
  const a = await editor(t, { sessionId, transport: 'stomp' }, 'big.txt');
  const b = await editor(t, { sessionId, transport: 'raw' }, 'big.txt');
  const errors = [];
  a.doc.on('error', (error) => errors.push(error));
  // four edits of a quarter of the limit, each taken before the next; the fifth takes the text past it
  const block = Math.floor(maxFileBytes / 4);
  const append = (i) => a.view.dispatch({ changes: { from: a.text().length, insert: String(i).repeat(block) } });
  for (let i = 0; i < 4; i += 1) {
    append(i);
    await until(settled(a, b), `edit ${i} to settle`);
  }
  append(4);
  await until(() => errors.length === 1, 'the refusal');
  assert.equal(errors[0].code, 413, JSON.stringify(errors[0]));
  await until(settled(a, b), 'both editors to settle');
  assert.equal(a.doc.version, 4, 'four edits taken');
  assert.equal(a.text().length, 4 * block, 'the refused edit is undone');
  assert.equal(b.text(), a.text());
  assert.equal((await b.tab.readFile('big.txt')).content, a.text());
});
