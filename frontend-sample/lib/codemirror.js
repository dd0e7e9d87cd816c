// The editor's parts from npm, bundled by build.mjs into one ES module the page imports
// (vendor/codemirror/codemirror.js): nothing is loaded from elsewhere at run time.
export { basicSetup } from 'codemirror';
export { EditorView, keymap, gutter, GutterMarker, Decoration, ViewPlugin, WidgetType } from '@codemirror/view';
export { EditorState, Compartment, StateField, StateEffect, RangeSet, Prec, ChangeSet, Text, Transaction } from '@codemirror/state';
export { collab, receiveUpdates, sendableUpdates, getClientID } from '@codemirror/collab';
export { indentUnit } from '@codemirror/language';
export { indentWithTab } from '@codemirror/commands';
export { python } from '@codemirror/lang-python';
export { javascript } from '@codemirror/lang-javascript';
export { java } from '@codemirror/lang-java';
export { cpp } from '@codemirror/lang-cpp';
export { oneDarkHighlightStyle } from '@codemirror/theme-one-dark';
export { syntaxHighlighting } from '@codemirror/language';
