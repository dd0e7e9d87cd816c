import { h, formatClock, renderRichText } from './dom.js';

const REACTIONS = {
  on_error: 'on your failed run',
  on_run: 'on your run',
  on_save: 'on your save',
};

/**
 * Ghost's side of the page: the typing indicator, answers that stream in chunk by chunk and
 * are then replaced by the whole text, and Ghost's reactions to runs, errors and saves.
 */
export class ChatView {
  constructor(list, typing) {
    this.list = list;
    this.typing = typing;
    this.messages = new Map(); // message id -> {element, content, chunks: index -> delta}
    this.list.append(h('li', { class: 'empty' }, 'Ask Ghost anything about your code. Ghost also chimes in when a run fails.'));
  }

  /** The user's own question, shown at once. */
  addYours(text) {
    this.add(h('li', { class: 'message you' },
      h('div', { class: 'who' }, 'You', h('span', {}, formatClock(new Date()))),
      h('div', { class: 'content' }, renderRichText(text))));
  }

  setTyping(isTyping) {
    this.typing.hidden = !isTyping;
    if (isTyping) this.scroll();
  }

  chunk({ message_id: id, delta, index }) {
    const entry = this.entry(id, null);
    if (entry.done) return;
    entry.chunks.set(Number(index) || 0, String(delta ?? ''));
    // chunks may overtake each other; show the text in index order
    const text = [...entry.chunks.entries()].sort((a, b) => a[0] - b[0]).map(([, piece]) => piece).join('');
    entry.element.classList.add('streaming');
    entry.content.replaceChildren(renderRichText(text));
    this.scroll();
  }

  response({ message = {}, context }) {
    const entry = this.entry(message.id ?? `m-${Math.random()}`, context ?? message.context, message.timestamp);
    entry.done = true;
    entry.element.classList.remove('streaming');
    entry.element.dataset.complete = 'true';
    entry.content.replaceChildren(renderRichText(message.content ?? ''));
    this.setTyping(false);
    this.scroll();
  }

  error({ error, detail }) {
    this.setTyping(false);
    this.add(h('li', { class: 'message ghost problem', role: 'alert' },
      h('div', { class: 'who' }, 'Ghost could not answer'),
      h('div', { class: 'content' }, `${error ?? 'Error'}${detail ? `: ${detail}` : ''}`)));
  }

  /** A note from the page itself, e.g. a refused ghost_chat. */
  problem(text) {
    this.add(h('li', { class: 'message ghost problem', role: 'alert' }, h('div', { class: 'content' }, text)));
  }

  entry(id, context, timestamp) {
    let entry = this.messages.get(id);
    if (!entry) {
      const content = h('div', { class: 'content' });
      const who = h('div', { class: 'who' }, 'Ghost');
      const element = h('li', { class: 'message ghost', dataset: { messageId: id } }, who, content);
      entry = { element, content, who, chunks: new Map(), done: false };
      this.messages.set(id, entry);
      this.add(element);
    }
    const hookType = context && (context.hook_type ?? context.hook ?? context.trigger);
    if (hookType && !entry.element.classList.contains('reaction')) {
      entry.element.classList.add('reaction');
      entry.who.append(h('span', { class: 'badge' }, `reacting ${REACTIONS[hookType] ?? `to ${hookType}`}`));
    }
    if (timestamp && !entry.who.querySelector('.time')) entry.who.append(h('span', { class: 'time' }, formatClock(timestamp)));
    return entry;
  }

  add(element) {
    this.list.querySelector('.empty')?.remove();
    this.list.append(element);
    this.scroll();
  }

  scroll() {
    this.list.scrollTop = this.list.scrollHeight;
  }
}
