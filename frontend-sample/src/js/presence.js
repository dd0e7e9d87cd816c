import { h, formatClock } from './dom.js';

const COLORS = ['#e8a33d', '#4fb6d8', '#d66bd0', '#7bc96f', '#f0716b', '#9a8cf2', '#e2d04b', '#4fd1a5'];

/** The colour a user is shown in, the same in every tab: the avatar here, their cursor in the editor. */
export function colorOf(user) {
  let hash = 0;
  for (const char of String(user)) hash = (hash * 31 + char.codePointAt(0)) >>> 0;
  return COLORS[hash % COLORS.length];
}

/**
 * Who is in the session: the snapshot from GET /ws/sessions/{id}/presence, kept current by
 * presence_join and presence_leave. One row per user, with how many connections (tabs) it has.
 */
export class PresenceView {
  constructor(list, note) {
    this.list = list;
    this.note = note;
    this.connections = new Map(); // connection id -> {user, transport, joinedAt}
    this.you = null; // this page's own user name, when it is known
    this.ownConnection = null; // this page's connection id (the raw transport's connect frame says it)
    this.inFlight = null; // joins and leaves heard while a snapshot is being fetched, replayed on top of it
    this.render();
  }

  /** Call before fetching a snapshot: what arrives live meanwhile is kept and laid over the snapshot. */
  snapshotRequested() {
    this.inFlight = [];
  }

  setSnapshot(users) {
    this.connections.clear();
    for (const { user, connections = [] } of users) {
      for (const connection of connections) {
        this.connections.set(connection.connection_id, { user, transport: connection.transport, joinedAt: connection.joined_at });
      }
    }
    const heard = this.inFlight ?? [];
    this.inFlight = null;
    for (const apply of heard) apply();
    this.setNote('');
    this.render();
  }

  snapshotFailed() {
    this.inFlight = null;
  }

  joined({ user, connection_id: id, transport, joined_at: joinedAt }) {
    if (!id) return;
    const apply = () => this.connections.set(id, { user: user ?? id, transport, joinedAt });
    this.inFlight?.push(apply);
    apply();
    this.render();
  }

  left({ connection_id: id }) {
    const apply = () => this.connections.delete(id);
    this.inFlight?.push(apply);
    if (apply()) this.render();
  }

  setYou(user, connectionId = this.ownConnection) {
    this.you = user;
    this.ownConnection = connectionId;
    this.render();
  }

  isYou(user) {
    if (user === this.you) return true;
    return this.ownConnection !== null && this.connections.get(this.ownConnection)?.user === user;
  }

  setNote(text) {
    this.note.textContent = text;
  }

  render() {
    const users = new Map(); // user -> [connection]
    for (const connection of this.connections.values()) {
      if (!users.has(connection.user)) users.set(connection.user, []);
      users.get(connection.user).push(connection);
    }
    const names = [...users.keys()].sort((a, b) => a.localeCompare(b));
    this.list.replaceChildren(...names.map((user) => {
      const connections = users.get(user);
      const since = connections.map((c) => c.joinedAt).filter(Boolean).sort()[0];
      const transports = [...new Set(connections.map((c) => c.transport).filter(Boolean))].join(', ');
      return h('li', { dataset: { user } },
        h('span', { class: 'avatar', 'aria-hidden': 'true', style: `background: ${colorOf(user)}` }, user.slice(0, 1).toUpperCase()),
        h('span', { class: 'person' },
          h('span', { class: 'person-name' }, user, this.isYou(user) ? h('span', { class: 'you' }, ' (you)') : null),
          h('span', { class: 'person-meta' }, [
            connections.length === 1 ? '1 tab' : `${connections.length} tabs`,
            transports,
            since && `since ${formatClock(since)}`,
          ].filter(Boolean).join(' · '))));
    }));
    if (names.length === 0) this.list.append(h('li', { class: 'muted small empty' }, 'Nobody listed yet.'));
  }
}
