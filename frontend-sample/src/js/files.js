import { h, formatAge } from './dom.js';
import { colorOf } from './presence.js';

/**
 * The session's files as tabs above the editor: what GET .../files lists, kept current by
 * file_saved and session_update, so every tab of the session shows the same files. The open
 * file's tab is marked (aria-current), with a dot while it has edits that are not saved.
 */
export class FilesView {
  constructor(list, note, onOpen) {
    this.list = list;
    this.note = note;
    this.onOpen = onOpen;
    this.files = new Map(); // file name -> {name, language, savedAt, size}
    this.current = null;
    this.dirty = false;
    this.openers = new Map(); // file name -> Set of the other users who have it open
    this.render();
  }

  /** Who else has which file open (from their awareness). */
  setOpeners(openers) {
    this.openers = openers;
    this.render();
  }

  /** The server's list; files heard of from messages but not listed yet stay. */
  setFiles(files) {
    for (const file of files) this.files.set(file.name, { ...this.files.get(file.name), ...file });
    this.render();
  }

  saved({ file_name: name, language, saved_at: savedAt }) {
    if (!name) return;
    this.files.set(name, { ...this.files.get(name), name, language, savedAt, fresh: true });
    this.render();
  }

  removed(name) {
    if (this.files.delete(name)) this.render();
  }

  setCurrent(name) {
    this.current = name;
    this.render();
  }

  setDirty(dirty) {
    if (dirty === this.dirty) return;
    this.dirty = dirty;
    this.render();
  }

  has(name) {
    return this.files.has(name);
  }

  setNote(text) {
    this.note.textContent = text;
  }

  render() {
    const files = [...this.files.values()].sort((a, b) => a.name.localeCompare(b.name));
    this.list.replaceChildren(...files.map((file) => {
      const current = file.name === this.current;
      const item = h('li', { class: [current && 'current', file.fresh && 'fresh'].filter(Boolean).join(' '), dataset: { fileName: file.name } },
        h('button', {
          type: 'button',
          title: [`Open ${file.name}`, file.language, file.savedAt && `saved ${formatAge(file.savedAt)}`].filter(Boolean).join(' · '),
          'aria-current': current ? 'true' : null,
          onclick: () => this.onOpen(file),
        },
        h('span', { class: 'file-name-text' }, file.name),
        current && this.dirty ? h('span', { class: 'dirty', title: 'Edited, not saved' }, ' ●') : null),
        ...[...(this.openers.get(file.name) ?? [])].sort().map((user) =>
          h('span', { class: 'opener', title: `${user} has it open`, style: `background: ${colorOf(user)}`, dataset: { user } },
            h('span', { 'aria-hidden': 'true' }, user.slice(0, 1).toUpperCase()),
            h('span', { class: 'visually-hidden' }, `${user} has it open`))));
      file.fresh = false;
      return item;
    }));
    if (files.length === 0) this.list.append(h('li', { class: 'muted small empty' }, 'No saved files yet: Save (Ctrl+S) stores the code in the session.'));
  }
}
