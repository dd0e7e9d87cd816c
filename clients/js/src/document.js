// A session file as a shared document (doc_open, doc_push, doc_update, doc_rejected, awareness),
// in the model of @codemirror/collab: the server orders the updates; this side keeps the
// version it has heard up to, sends its unconfirmed updates one push at a time, and on a
// rejection waits for the updates it missed, rebases and pushes again.

const FILE_NAME = /^[^/\\]{1,255}$/;

/** How long a push may go unanswered (a lost reply) before it is sent again. */
const PUSH_TIMEOUT = 5000;

/** The most updates one doc_push may carry (the server's ghostide.docs.max-updates-per-push default). */
const MAX_UPDATES_PER_PUSH = 100;

const encoder = new TextEncoder();
const utf8Length = (text) => encoder.encode(text).length;

/** How long to wait before pushing again after a 503 (Redis away) without a retry_after_ms. */
const UNAVAILABLE_RETRY = 1000;

/**
 * One open document. Its editor side is a `source` given to bind() (the CodeMirror binding
 * makes one): `sendable()` gives the unconfirmed local updates `[{changes, clientID}]`
 * (changes in ChangeSet JSON), `receive(updates)` applies updates the server ordered (this
 * editor's own among them), `resync(text)` moves the editor onto a text opened again with
 * its unconfirmed updates rebased on it, `discard()` drops its unconfirmed updates and moves
 * back onto the server's text. The editor calls changed() after each local change.
 */
export class SharedDocument {
  constructor(client, fileName, { pushInterval = 50, awarenessInterval = 100, maxPushBytes = 60 * 1024 } = {}) {
    if (typeof fileName !== 'string' || !FILE_NAME.test(fileName)) {
      throw new TypeError(`fileName must be a file name, got ${JSON.stringify(fileName)}`);
    }
    this.client = client;
    this.fileName = fileName;
    this.pushInterval = pushInterval;
    this.awarenessInterval = awarenessInterval;
    this.maxPushBytes = maxPushBytes; // under the server's max-frame-size (64 KB), with room for the envelope
    this.version = null; // the server's version this side has applied up to; null until the first doc_state
    this.text = null; // the text the next bound editor starts from (with `backlog` on top)
    this.backlog = []; // updates heard while no editor was bound
    this.source = null;
    this.opening = false; // a doc_open waits for its doc_state
    this.early = []; // doc_updates heard while a doc_open is out
    this.inFlight = null; // {version, requestId, timer} of the push the server has not answered
    this.waitFor = null; // after a doc_rejected: the version to reach before pushing again
    this.lastPush = 0;
    this.pushTimer = null;
    this.peers = new Map(); // connection_id -> the last awareness of another connection on this file
    this.echoed = null; // this connection's id as its own awareness came back (STOMP names none)
    this.lastAwareness = null; // {data, json} this side sent last
    this.awarenessTimer = null;
    this.awarenessSentAt = 0;
    this.handlers = new Map();
    this.closed = false;
    this.opened = new Promise((resolve, reject) => Object.assign(this, { resolveOpened: resolve, rejectOpened: reject }));
    this.opened.catch(() => {});
    this.unsubscribe = [
      client.on('doc_state', (data) => this.state(data)),
      client.on('doc_update', (data) => this.update(data)),
      client.on('doc_rejected', (data) => this.rejected(data)),
      client.on('awareness', (data) => this.awareness(data)),
      client.on('presence_leave', (data) => this.left(data)),
      // awareness is not replayed: a newcomer hears this side's selection once it joins
      client.on('presence_join', () => this.lastAwareness && this.setSelection(this.lastAwareness.data.selection, this.lastAwareness.data.status)),
      client.on('reset', (state) => {
        this.forgetGone(state);
        this.open();
      }),
      client.on('status', (status) => this.status(status)),
      client.on('error', (data) => this.refused(data)),
    ];
    this.open();
  }

  /**
   * Calls `handler(...)` on 'state' ({text, version}), 'peers' (the peers map), 'error' (the
   * server's error that refused a push: 400, 403, 413, 507); returns an unsubscribe.
   */
  on(type, handler) {
    if (!this.handlers.has(type)) this.handlers.set(type, new Set());
    this.handlers.get(type).add(handler);
    return () => this.handlers.get(type).delete(handler);
  }

  /** Joins the editor side (see the class comment); its unconfirmed updates are pushed from now on. */
  bind(source) {
    this.source = source;
    if (source && this.backlog.length > 0) source.receive(this.backlog.splice(0));
    this.changed();
  }

  /** The editor has unconfirmed updates: push them when the server may take them. */
  changed() {
    if (this.closed || this.pushTimer) return;
    const wait = Math.max(0, this.lastPush + this.pushInterval - Date.now());
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null;
      this.push();
    }, wait);
  }

  /** Sends this connection's selection (and status) on the document to the others, at most every awarenessInterval ms. */
  setSelection(selection, status) {
    const data = { file_name: this.fileName };
    if (selection) data.selection = { anchor: selection.anchor, head: selection.head };
    if (status != null) data.status = status;
    this.lastAwareness = { data, json: JSON.stringify(data), sent: false };
    if (this.awarenessTimer || this.closed) return;
    const wait = Math.max(0, this.awarenessSentAt + this.awarenessInterval - Date.now());
    this.awarenessTimer = setTimeout(() => {
      this.awarenessTimer = null;
      this.awarenessSentAt = Date.now();
      this.lastAwareness.sent = true;
      this.client.send('awareness', this.lastAwareness.data).catch(() => {});
    }, wait);
  }

  /** Stops following the document (the server keeps it; other editors go on). */
  close() {
    if (this.closed) return;
    this.closed = true;
    for (const off of this.unsubscribe) off();
    clearTimeout(this.pushTimer);
    clearTimeout(this.awarenessTimer);
    clearTimeout(this.inFlight?.timer);
    this.rejectOpened(new Error('the document was closed'));
  }

  /** This connection's id: the client's, or else learnt from its own awareness coming back; null until known. */
  get ownConnection() {
    return this.client.connectionId ?? this.echoed;
  }

  // ---- the server's side

  open() {
    if (this.closed) return;
    this.opening = true;
    this.early = [];
    this.client.send('doc_open', { file_name: this.fileName }).catch((error) => this.rejectOpened(error));
  }

  state(data) {
    if (data?.file_name !== this.fileName || !this.opening) return;
    this.opening = false;
    const first = this.version === null;
    this.version = data.version;
    this.settle();
    if (this.source) {
      this.source.resync(data.text);
    } else {
      this.text = data.text;
      this.backlog = [];
    }
    if (first) this.resolveOpened({ text: data.text, version: data.version });
    this.emit('state', { text: data.text, version: data.version });
    // updates heard before the state: those it already holds are skipped by their version
    for (const early of this.early.splice(0)) this.update(early);
    this.changed();
  }

  update(data) {
    if (data?.file_name !== this.fileName) return;
    if (this.opening) {
      this.early.push(data);
      return;
    }
    if (this.version === null) return;
    const updates = data.updates ?? [];
    const start = data.version - updates.length;
    if (data.version <= this.version) return; // already in the text
    if (start > this.version) {
      // a hole this side cannot fill: take the whole text again
      this.open();
      return;
    }
    const fresh = updates.slice(this.version - start).map((u) => ({ changes: u.changes, clientID: u.client_id }));
    this.version = data.version;
    if (this.source) this.source.receive(fresh);
    else this.backlog.push(...fresh);
    if (this.inFlight && fresh.some((u) => u.clientID === this.source?.clientID)) this.settle();
    if (this.waitFor !== null && this.version >= this.waitFor) this.waitFor = null;
    this.changed();
  }

  rejected(data) {
    if (data?.file_name !== this.fileName) return;
    this.settle();
    if (data.version < this.version) {
      // the server lost the document (a new epoch): open it again, rebase on what it has
      this.open();
      return;
    }
    if (data.version > this.version) this.waitFor = data.version;
    this.changed();
  }

  refused(data) {
    if (!this.inFlight || data?.request_id !== this.inFlight.requestId) return;
    clearTimeout(this.inFlight.timer);
    if (data.code === 429 || data.code === 503) {
      // the rate limit, or Redis away: the same push again once it may be taken
      const wait = Number(data.retry_after_ms) || (data.code === 429 ? this.pushInterval : UNAVAILABLE_RETRY);
      this.inFlight.timer = setTimeout(() => this.retry(), wait);
      return;
    }
    // changes the server will not take (400, 413, 507) or a role that may not write (403): sent
    // again they would be refused again, and every later edit with them, so they are undone
    this.settle();
    this.source?.discard();
    this.emit('error', data);
  }

  status(status) {
    // a new connection has an id of its own; a STOMP one learns it from its next echo
    if (status !== 'live') this.echoed = null;
    if (status !== 'live' || this.client.awaitingState) return; // after a lost resume, the reset opens again
    if (this.opening) {
      // a doc_open whose doc_state was lost with the connection
      this.open();
    } else if (this.inFlight) {
      // a push whose answer was lost with the connection: the version check makes sending it again safe
      this.settle();
      this.changed();
    }
  }

  awareness(data) {
    if (data?.file_name !== this.fileName || !data.connection_id) return;
    if (!this.ownConnection && this.lastAwareness?.sent && this.isOwnEcho(data)) this.echoed = data.connection_id;
    if (data.connection_id === this.ownConnection) return;
    this.peers.set(data.connection_id, data);
    this.emit('peers', this.peers);
  }

  left(data) {
    if (this.peers.delete(data?.connection_id)) this.emit('peers', this.peers);
  }

  forgetGone(state) {
    // the presence_leaves lost with a history that could not be served: the snapshot says who is here
    if (!Array.isArray(state?.users)) return;
    const here = new Set(state.users.flatMap((user) => (user.connections ?? []).map((c) => c.connection_id)));
    const gone = [...this.peers.keys()].filter((id) => !here.has(id));
    for (const id of gone) this.peers.delete(id);
    if (gone.length > 0) this.emit('peers', this.peers);
  }

  // ---- pushing

  push() {
    if (this.closed || !this.source || this.opening || this.client.awaitingState) return;
    if (this.version === null || this.inFlight || this.waitFor !== null) return;
    const updates = this.source.sendable();
    if (updates.length === 0) return;
    const version = this.version;
    // the server echoes it in an error that refuses this push
    const requestId = globalThis.crypto.randomUUID();
    const data = (count) => ({
      file_name: this.fileName,
      version,
      updates: updates.slice(0, count).map((u) => ({ changes: u.changes, client_id: u.clientID })),
      request_id: requestId,
    });
    // at most 100 updates (the server's max-updates-per-push), in a frame the server reads (max-frame-size)
    let count = Math.min(updates.length, MAX_UPDATES_PER_PUSH);
    while (count > 1 && utf8Length(JSON.stringify(data(count))) > this.maxPushBytes) count = Math.ceil(count / 2);
    if (utf8Length(JSON.stringify(data(count))) > this.maxPushBytes) {
      // one update larger than a frame may be: the server would close the connection, again on every reconnect
      this.source.discard();
      this.emit('error', { error: 'Push too large', code: 413,
        detail: `one edit needs more than ${this.maxPushBytes} bytes on the wire (maxPushBytes); it was undone` });
      return;
    }
    this.lastPush = Date.now();
    this.inFlight = { version, requestId, timer: setTimeout(() => this.retry(), PUSH_TIMEOUT) };
    this.client.send('doc_push', data(count)).catch(() => {});
  }

  retry() {
    this.settle();
    this.changed();
  }

  settle() {
    clearTimeout(this.inFlight?.timer);
    this.inFlight = null;
  }

  isOwnEcho(data) {
    const { file_name: fileName, selection, status } = data;
    return this.lastAwareness.json === JSON.stringify(Object.fromEntries(Object.entries({ file_name: fileName, selection, status })
      .filter(([, value]) => value != null)));
  }

  emit(type, ...args) {
    for (const handler of [...(this.handlers.get(type) ?? [])]) {
      try {
        handler(...args);
      } catch (error) {
        console.error(`a ${type} handler of a shared document failed:`, error);
      }
    }
  }
}
