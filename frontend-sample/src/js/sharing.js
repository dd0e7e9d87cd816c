import { colorOf } from './presence.js';

/**
 * The open file as a shared document: the library's SharedDocument on the connection's
 * client of the moment (opened again on each new client), bound to the editor by the
 * library's CodeMirror binding, and who has which file open from everyone's `awareness`.
 * `onOpeners(map)` hears file name -> Set of the other users whenever that changes;
 * `onRefused(error)` an edit the server or the library refused, which was undone.
 */
export class Sharing {
  constructor(editor, connection, { onOpeners = () => {}, onShared = () => {}, onRefused = () => {} } = {}) {
    this.editor = editor;
    this.onOpeners = onOpeners;
    this.onRefused = onRefused;
    this.onShared = onShared;
    this.client = null;
    this.doc = null;
    this.bound = null; // the document the editor is bound to, once it opened
    this.fileName = null; // the file this tab edits with the others, or null
    this.openers = new Map(); // connection id -> {user, fileName}
    this.own = new Set(); // this tab's connection ids on the current client
    this.told = null; // what onOpeners heard last
    this.off = [];
    connection.addEventListener('client', ({ detail }) => this.attach(detail.client));
    if (connection.client) this.attach(connection.client);
  }

  /** Whether the editor edits the open file with the others now: the document opened and bound. */
  get shared() {
    return this.doc !== null && this.bound === this.doc;
  }

  attach(client) {
    for (const off of this.off.splice(0)) off();
    this.client = client;
    this.openers.clear();
    this.own.clear();
    this.tell();
    this.off.push(
      client.on('awareness', (data) => this.heard(data)),
      client.on('presence_leave', ({ connection_id: id } = {}) => this.openers.delete(id) && this.tell()),
      // after a resume that could not be served the leaves it lost are not heard: the snapshot says who is here
      client.on('reset', ({ users } = {}) => users && this.keepOnly(users)),
    );
    if (this.fileName) this.open(this.fileName).catch(() => {});
  }

  /** Edits `fileName` with the others from now on (the text becomes the document's). */
  async open(fileName) {
    this.close();
    this.fileName = fileName;
    const doc = this.client.openDocument(fileName);
    this.doc = doc;
    doc.on('error', (error) => this.onRefused(error));
    try {
      await doc.opened;
    } catch (error) {
      if (this.doc !== doc) return; // another file, or another client, took over meanwhile
      throw error;
    }
    if (this.doc !== doc) return;
    const shared = this.editor.share(doc, { colorOf: (peer) => colorOf(peer.user), nameOf: (peer) => peer.user });
    if (!shared) this.close();
    else this.bound = doc;
    this.onShared(fileName);
  }

  /** Stops sharing the file (the editor keeps its text). */
  close() {
    this.editor.unshare();
    this.doc?.close();
    this.doc = null;
    this.bound = null;
    this.fileName = null;
  }

  heard(data) {
    // after the document's own handler, which learns this connection's id from its echo
    queueMicrotask(() => this.note(data ?? {}));
  }

  note({ user, connection_id: id, file_name: fileName }) {
    const own = this.client.connectionId ?? this.doc?.ownConnection;
    if (own) this.own.add(own);
    if (id && fileName) this.openers.set(id, { user: user ?? id, fileName });
    this.tell();
  }

  keepOnly(users) {
    const here = new Set(users.flatMap((user) => (user.connections ?? []).map((c) => c.connection_id)));
    for (const id of [...this.openers.keys()]) if (!here.has(id)) this.openers.delete(id);
    this.tell();
  }

  /** Tells onOpeners who else has which file open, when that changed. */
  tell() {
    const files = new Map();
    for (const [id, { user, fileName }] of this.openers) {
      if (this.own.has(id)) continue;
      if (!files.has(fileName)) files.set(fileName, new Set());
      files.get(fileName).add(user);
    }
    const told = JSON.stringify([...files].map(([name, users]) => [name, [...users].sort()]).sort());
    if (told === this.told) return;
    this.told = told;
    this.onOpeners(files);
  }
}
