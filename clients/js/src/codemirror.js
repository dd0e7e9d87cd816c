// CodeMirror 6 on a SharedDocument. The library does not import CodeMirror: the caller passes
// the functions it uses (`cm`), from its own @codemirror/state, @codemirror/collab and, for an
// editor view, @codemirror/view, so the page and the library share one copy of each.

/** A ChangeSet from `before` to `after`: the middle between their common start and end replaced. */
function replacement(cm, before, after) {
  let start = 0;
  const shortest = Math.min(before.length, after.length);
  while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start += 1;
  let end = 0;
  while (end < shortest - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end += 1;
  // never between the halves of a surrogate pair
  const high = (text, at) => at > 0 && at <= text.length && (text.charCodeAt(at - 1) & 0xfc00) === 0xd800;
  if (high(before, start)) start -= 1;
  if (end > 0 && high(before, before.length - end)) end -= 1;
  return cm.ChangeSet.of([{ from: start, to: before.length - end, insert: after.slice(start, after.length - end) }], before.length);
}

/**
 * The editor side of a SharedDocument (its `source`): `host.state` is the editor's current
 * EditorState (with collab() in it) and `host.apply(transaction)` makes a transaction current.
 */
class CollabSource {
  constructor(cm, host, text) {
    this.cm = cm;
    this.host = host;
    this.synced = cm.Text.of(text.split('\n')); // the server's text, as far as it has been heard
  }

  get clientID() {
    return this.cm.getClientID(this.host.state);
  }

  sendable() {
    return this.cm.sendableUpdates(this.host.state).map((u) => ({ changes: u.changes.toJSON(), clientID: u.clientID }));
  }

  receive(updates) {
    const parsed = updates.map((u) => ({ changes: this.cm.ChangeSet.fromJSON(u.changes), clientID: u.clientID }));
    for (const update of parsed) this.synced = update.changes.apply(this.synced);
    this.host.apply(this.cm.receiveUpdates(this.host.state, parsed));
  }

  discard() {
    // its own updates "confirmed" (collab drops them without applying), then back to the server's text
    const own = this.cm.sendableUpdates(this.host.state).map((u) => ({ changes: u.changes, clientID: u.clientID }));
    const back = replacement(this.cm, this.host.state.doc.toString(), this.synced.toString());
    this.host.apply(this.cm.receiveUpdates(this.host.state, [...own, { changes: back, clientID: 'server' }]));
  }

  resync(text) {
    // the text opened again stands for everything this side missed: one update from the server
    const changes = replacement(this.cm, this.synced.toString(), text);
    this.synced = changes.apply(this.synced);
    this.host.apply(this.cm.receiveUpdates(this.host.state, [{ changes, clientID: 'server' }]));
  }
}

/**
 * An EditorState on the document without a view (Node, tests, bots): `editor.state` is current,
 * `editor.dispatch(spec)` makes a local change, which is pushed. Resolves once the document opened.
 * `cm` needs EditorState, ChangeSet, Text, collab, receiveUpdates, sendableUpdates, getClientID.
 */
export async function collabState(doc, cm, { extensions = [], clientID } = {}) {
  await doc.opened;
  const { text } = doc;
  let state = cm.EditorState.create({ doc: text, extensions: [cm.collab({ clientID }), extensions] });
  const host = {
    get state() {
      return state;
    },
    apply(transaction) {
      state = transaction.state;
    },
  };
  doc.bind(new CollabSource(cm, host, text));
  return {
    get state() {
      return state;
    },
    dispatch(spec) {
      state = state.update(spec).state;
      doc.changed();
    },
  };
}

/**
 * The extensions that make an EditorView edit the document with the others (await
 * `doc.opened` first and create the view with its text), and draw the other connections'
 * selections with their names. `cm` as for collabState, plus ViewPlugin, Decoration,
 * WidgetType, StateField, StateEffect and EditorView. `colorOf(peer)` gives a peer's colour
 * (CSS), `nameOf(peer)` its label.
 */
export function collabExtension(doc, cm, { clientID, colorOf = () => '#d97706', nameOf = (peer) => peer.user } = {}) {
  if (doc.text === null) throw new Error('collabExtension needs an opened document: await doc.opened first');
  const setPeers = cm.StateEffect.define();
  class Caret extends cm.WidgetType {
    constructor(name, color, below) {
      super();
      this.name = name;
      this.color = color;
      this.below = below; // on the first line the name goes under the caret, where the editor does not cut it off
    }

    eq(other) {
      return other.name === this.name && other.color === this.color && other.below === this.below;
    }

    toDOM() {
      const caret = document.createElement('span');
      caret.className = this.below ? 'cm-remote-caret cm-remote-caret-below' : 'cm-remote-caret';
      caret.style.borderLeft = `2px solid ${this.color}`;
      const label = document.createElement('span');
      label.className = 'cm-remote-name';
      label.textContent = this.name;
      label.style.backgroundColor = this.color;
      caret.append(label);
      return caret;
    }

    ignoreEvent() {
      return true;
    }
  }
  const decorationsOf = (peers, text) => {
    const { length } = text;
    const ranges = [];
    for (const peer of peers.values()) {
      if (!peer.selection) continue;
      const color = colorOf(peer);
      const head = Math.min(Math.max(0, peer.selection.head), length);
      const anchor = Math.min(Math.max(0, peer.selection.anchor), length);
      if (anchor !== head) {
        ranges.push(cm.Decoration.mark({ attributes: { style: `background-color: color-mix(in srgb, ${color} 25%, transparent)` },
          class: 'cm-remote-selection' }).range(Math.min(anchor, head), Math.max(anchor, head)));
      }
      const below = text.lineAt(head).number === 1;
      ranges.push(cm.Decoration.widget({ widget: new Caret(nameOf(peer), color, below), side: 1 }).range(head));
    }
    return cm.Decoration.set(ranges, true);
  };
  const peersField = cm.StateField.define({
    create: () => cm.Decoration.none,
    update(decorations, transaction) {
      let next = decorations.map(transaction.changes);
      for (const effect of transaction.effects) if (effect.is(setPeers)) next = decorationsOf(effect.value, transaction.state.doc);
      return next;
    },
    provide: (field) => cm.EditorView.decorations.from(field),
  });
  const plugin = cm.ViewPlugin.fromClass(class {
    constructor(view) {
      this.view = view;
      doc.bind(new CollabSource(cm, { get state() { return view.state; }, apply: (transaction) => view.dispatch(transaction) }, doc.text));
      this.offPeers = doc.on('peers', (peers) => view.dispatch({ effects: setPeers.of(peers) }));
      if (doc.peers.size > 0) queueMicrotask(() => view.dispatch({ effects: setPeers.of(doc.peers) }));
    }

    update(update) {
      const remote = update.transactions.some((transaction) => transaction.annotation(cm.Transaction.remote));
      if (update.docChanged && !remote) doc.changed();
      if (update.selectionSet || update.focusChanged || update.docChanged) {
        const { anchor, head } = update.state.selection.main;
        doc.setSelection({ anchor, head });
      }
    }

    destroy() {
      this.offPeers();
      doc.bind(null);
    }
  });
  return [cm.collab({ clientID }), peersField, plugin];
}
