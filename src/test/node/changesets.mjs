// Writes ../resources/editing/changesets.json: ChangeSets made by @codemirror/state, each with the
// document before, its toJSON() and the document after, for ChangeSetTests to replay in Java.
// Run from the sample page's packages: NODE_PATH=../../../frontend-sample/node_modules node changesets.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(process.env.NODE_PATH ? `${process.env.NODE_PATH}/` : import.meta.url);
const { ChangeSet, Text } = require('@codemirror/state');
const { version } = JSON.parse(readFileSync(require.resolve('@codemirror/state').replace(/dist[/\\].*$/, 'package.json'), 'utf8'));

const cases = [
  ['insert at the start', 'hello', [{ from: 0, insert: '> ' }]],
  ['insert at the end', 'hello', [{ from: 5, insert: ' world' }]],
  ['delete a range', 'hello world', [{ from: 5, to: 11 }]],
  ['replace a range', 'hello world', [{ from: 6, to: 11, insert: 'there' }]],
  ['insert lines', 'a\nb', [{ from: 1, insert: '\nx\ny\n' }]],
  ['several changes at once', 'one two three', [{ from: 0, to: 3, insert: '1' }, { from: 4, to: 7 }, { from: 13, insert: '!' }]],
  ['replace everything', 'old\ntext', [{ from: 0, to: 8, insert: 'new' }]],
  ['delete everything', 'gone', [{ from: 0, to: 4 }]],
  ['into an empty document', '', [{ from: 0, insert: 'first\nsecond' }]],
  ['no change', 'same', []],
  ['surrogate pairs count as two', 'a😀b', [{ from: 3, insert: '🎉' }, { from: 1, to: 3 }]],
  ['a lone newline', 'ab', [{ from: 1, insert: '\n' }]],
  ['empty lines', 'x', [{ from: 1, insert: '\n\n\n' }]],
];

const out = cases.map(([name, before, spec]) => {
  const doc = Text.of(before.split('\n'));
  const changes = ChangeSet.of(spec, doc.length);
  return { name, before, changes: changes.toJSON(), after: changes.apply(doc).toString() };
});
// composed changes, as a client's unconfirmed updates are
const base = Text.of(['function f() {', '  return 1;', '}']);
const first = ChangeSet.of({ from: 15, insert: '  const x = 2;\n' }, base.length);
const second = ChangeSet.of({ from: 34, to: 35, insert: 'x' }, first.newLength);
out.push({ name: 'two changes composed', before: base.toString(), changes: first.compose(second).toJSON(),
  after: second.apply(first.apply(base)).toString() });
writeFileSync(new URL('../resources/editing/changesets.json', import.meta.url),
  JSON.stringify({ generator: `@codemirror/state ${version}`, cases: out }, null, 1) + '\n');
