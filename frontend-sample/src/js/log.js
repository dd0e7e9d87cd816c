import { h, formatClock } from './dom.js';

const MAX_ENTRIES = 1000;

/**
 * The collapsible log of every message received (and every command sent): the one place
 * where the page shows raw JSON.
 */
export class MessageLog {
  constructor(details, list, counter) {
    this.details = details;
    this.list = list;
    this.counter = counter;
    this.received = 0;
    this.sent = 0;
  }

  receivedEnvelope(envelope, channel) {
    this.received += 1;
    const seq = envelope.seq != null ? `seq ${envelope.seq}` : channel === 'reply' ? 'to this connection' : '';
    this.add('in', envelope.type ?? '(no type)', seq, envelope);
  }

  sentCommand(command) {
    this.sent += 1;
    this.add('out', command.type, 'sent', command);
  }

  note(text) {
    this.add('note', 'note', '', null, text);
  }

  add(direction, type, extra, json, text) {
    const arrow = { in: '↓', out: '↑', note: '•' }[direction];
    const stick = this.details.open && this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 30;
    this.list.append(h('li', { class: `entry ${direction}`, dataset: { type } },
      h('div', { class: 'meta' },
        h('span', { class: `dir-${direction}` }, arrow),
        h('span', {}, formatClock(new Date())),
        h('strong', {}, type),
        h('span', {}, extra ?? '')),
      h('pre', {}, json ? JSON.stringify(json) : text)));
    while (this.list.childElementCount > MAX_ENTRIES) this.list.firstElementChild.remove();
    this.counter.textContent = `(${this.received} received, ${this.sent} sent)`;
    if (stick) this.list.scrollTop = this.list.scrollHeight;
  }

  clear() {
    this.list.replaceChildren();
  }
}
