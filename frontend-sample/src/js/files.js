import { h, formatAge } from './dom.js';

/** The session's files: what GET .../files lists, kept current by file_saved and session_update. */
export class FilesView {
  constructor(list, note, onOpen) {
    this.list = list;
    this.note = note;
    this.onOpen = onOpen;
    this.files = new Map(); // file name -> {name, language, savedAt, size}
    this.current = null;
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

  setNote(text) {
    this.note.textContent = text;
  }

  render() {
    const files = [...this.files.values()].sort((a, b) => a.name.localeCompare(b.name));
    this.list.replaceChildren(...files.map((file) => {
      const item = h('li', { class: [file.name === this.current && 'current', file.fresh && 'fresh'].filter(Boolean).join(' '), dataset: { fileName: file.name } },
        h('button', { type: 'button', title: `Open ${file.name}`, onclick: () => this.onOpen(file) },
          h('span', { class: 'file-name-text' }, file.name),
          h('span', { class: 'file-meta' }, [file.language, file.savedAt && formatAge(file.savedAt)].filter(Boolean).join(' · '))));
      file.fresh = false;
      return item;
    }));
    if (files.length === 0) this.list.append(h('li', { class: 'muted small empty' }, 'No files yet: Save (Ctrl+S) stores the editor\'s code in the session.'));
  }
}
