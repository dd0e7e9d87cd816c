// Editors for the shared-editing tests: a client with a document open and an EditorState of
// @codemirror/state + @codemirror/collab on it (the library's collabState), random edits, and
// the check that every editor has settled.
import * as state from '@codemirror/state';
import * as collabFunctions from '@codemirror/collab';
import { collabState } from '@ghostide/realtime-client';
import { client } from './server.js';

export const cm = { ...state, ...collabFunctions };

export const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A connected client (closed when the test ends) with `fileName` open as an editor. */
export async function editor(t, options, fileName) {
  const tab = client(t, options);
  await tab.connect();
  const doc = tab.openDocument(fileName);
  t.after(() => doc.close());
  const view = await collabState(doc, cm);
  return { tab, doc, view, text: () => view.state.doc.toString() };
}

/** A random insert or delete somewhere in the text (ASCII only: no surrogate pair to split). */
export function randomEdit(view, label) {
  const length = view.state.doc.length;
  const from = Math.floor(Math.random() * (length + 1));
  if (length > 0 && Math.random() < 0.35) {
    const to = Math.min(length, from + 1 + Math.floor(Math.random() * 3));
    view.dispatch({ changes: { from: Math.min(from, length - 1), to } });
  } else {
    const word = label.repeat(1 + Math.floor(Math.random() * 6));
    view.dispatch({ changes: { from, insert: Math.random() < 0.1 ? `\n${word}` : word } });
  }
}

/** `count` random edits, each followed by a pause of 0 to 3 ms so that the editor hears the server meanwhile. */
export async function typeRandomly(e, label, count) {
  for (let i = 0; i < count; i += 1) {
    randomEdit(e.view, label);
    await pause(Math.floor(Math.random() * 4));
  }
}

/** Inserts `token;` between two tokens somewhere, so that every token stays whole and can be counted. */
export function insertToken(e, token) {
  const text = e.text();
  let from = Math.floor(Math.random() * (text.length + 1));
  while (from > 0 && text[from - 1] !== ';') from -= 1;
  e.view.dispatch({ changes: { from, insert: `${token};` } });
}

/** Settled: nothing unconfirmed in any editor and all at the same version. */
export function settled(...editors) {
  return () => editors.every((e) => cm.sendableUpdates(e.view.state).length === 0 && e.doc.version === editors[0].doc.version);
}
