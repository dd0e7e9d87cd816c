// Shared editing through two instances on one Redis (GHOSTIDE_URL and GHOSTIDE_URL_B, set by the
// Maven build's JsClientLibraryClusterTests): the library and @codemirror/collab on each side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proxy, session, until } from '../test-support/server.js';
import { cm, editor, insertToken, pause, settled, typeRandomly } from '../test-support/editing.js';

const urlA = process.env.GHOSTIDE_URL;
const urlB = process.env.GHOSTIDE_URL_B;
if (!urlB) throw new Error('GHOSTIDE_URL_B is not set: these tests need a second instance on the same Redis');

/** Counts every error an editor hears; only the rate limit's 429 may come (the editor waits and pushes again). */
function errorsOf(...editors) {
  const errors = [];
  for (const e of editors) e.tab.on('error', (data) => errors.push(data));
  return errors;
}

test('two editors on two instances each make 500 random edits at once and converge with the file on both', async (t) => {
  const sessionId = session('cluster-doc');
  const fileName = 'shared.txt';
  const a = await editor(t, { sessionId, transport: 'raw', baseUrl: urlA }, fileName);
  const b = await editor(t, { sessionId, transport: 'stomp', baseUrl: urlB }, fileName);
  const errors = errorsOf(a, b);
  let rejected = 0;
  for (const e of [a, b]) e.tab.on('doc_rejected', () => { rejected += 1; });
  const started = Date.now();
  await Promise.all([typeRandomly(a, 'a', 500), typeRandomly(b, 'b', 500)]);
  await until(settled(a, b), 'both editors to settle', 60000);
  t.diagnostic(`1000 edits through two instances in ${Date.now() - started} ms: ${rejected} pushes rejected, `
    + `${errors.length} refused by the rate limit, ${a.text().length} characters`);
  assert.equal(a.text(), b.text(), 'both editors hold the same text');
  assert.ok(a.text().includes('a') && a.text().includes('b'), 'both editors\' edits are in it');
  assert.equal(a.doc.version, 1000, 'one version per edit: none lost, none taken twice');
  assert.deepEqual(errors.filter((error) => error.code !== 429), [], 'no push refused but by the rate limit');
  assert.equal((await a.tab.readFile(fileName)).content, a.text(), 'GET of the file through the first instance');
  assert.equal((await b.tab.readFile(fileName)).content, a.text(), 'GET of the file through the second instance');
  for (const baseUrl of [urlA, urlB]) {
    const late = await editor(t, { sessionId, transport: 'raw', baseUrl }, fileName);
    assert.equal(late.text(), a.text(), `an editor that opens later on ${baseUrl} starts from the same text`);
    assert.equal(late.doc.version, 1000);
  }
});

test('edits made while cut from one instance are rebased and sent through the other on reconnect, once each', async (t) => {
  const sessionId = session('cluster-cut');
  const fileName = 'cut.txt';
  const network = await proxy(t, urlA);
  const a = await editor(t, { sessionId, transport: 'raw', baseUrl: network.url }, fileName);
  const b = await editor(t, { sessionId, transport: 'stomp', baseUrl: urlB }, fileName);
  const resets = [];
  const drops = [];
  a.tab.on('reset', (data) => resets.push(data));
  a.tab.on('status', (status, detail) => status === 'reconnecting' && detail.wasLive && drops.push(detail));
  for (let i = 0; i < 20; i += 1) {
    insertToken(a, `a${i}`);
    insertToken(b, `b${i}`);
    await pause(5);
  }
  await until(settled(a, b), 'the first edits to settle');
  // the first instance is out of reach from now on: the reconnect goes to the second
  network.point(urlB);
  network.cut();
  let whileDown = 0;
  for (let i = 20; i < 70; i += 1) {
    if (a.tab.status !== 'live') whileDown += 1;
    insertToken(a, `a${i}`);
    insertToken(b, `b${i}`);
    await pause(2);
  }
  assert.ok(drops.length >= 1, 'the cut was noticed');
  assert.ok(whileDown > 0, 'some edits were made while the connection was down');
  await until(() => a.tab.status === 'live', 'the reconnect');
  await until(settled(a, b), 'both editors to settle after the reconnect');
  assert.equal(resets.length, 0, 'the other instance resumed the session from Redis');
  assert.equal(a.text(), b.text());
  const expected = [...Array.from({ length: 70 }, (_, i) => `a${i}`), ...Array.from({ length: 70 }, (_, i) => `b${i}`)];
  assert.deepEqual(a.text().split(';').filter(Boolean).sort(), expected.sort(), 'every edit arrived once');
  assert.equal(a.doc.version, 140);
  assert.equal((await b.tab.readFile(fileName)).content, a.text());
  assert.ok(cm.sendableUpdates(a.view.state).length === 0);
});
