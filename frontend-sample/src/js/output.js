import { h, formatSeconds } from './dom.js';

// a run may print far more than a page should hold; the oldest rows go first
const MAX_ROWS = 5000;

const STATUS_TEXT = {
  ok: 'finished',
  stopped: 'stopped',
  runtime_error: 'runtime error',
  compilation_error: 'compilation error',
  timed_out: 'timed out',
  output_limit_exceeded: 'output limit exceeded',
  memory_limit_exceeded: 'memory limit exceeded',
  killed: 'killed',
};

/**
 * The output of the session's latest run, built only from what the session hears, so every
 * tab shows the same: a row per line, stdout and stderr told apart by colour and a tag, then
 * the exit status and time.
 */
export class OutputView {
  constructor(root, statusElement) {
    this.root = root;
    this.status = statusElement;
    this.executionId = null;
    this.sawOutput = false;
    this.open = null; // the row a chunk without a newline left open: {stream, text}
    this.rows = 0;
    this.timer = null;
    this.showEmpty();
  }

  get running() {
    return this.status.dataset.status === 'running';
  }

  clear() {
    this.root.replaceChildren();
    this.open = null;
    this.rows = 0;
    if (!this.running) this.showEmpty();
  }

  showEmpty() {
    this.root.replaceChildren(h('div', { class: 'empty' }, 'Press Run (Ctrl+Enter) to run the code; its output streams here.'));
  }

  start({ execution_id: executionId, language, code_preview: preview, interactive = false }) {
    this.executionId = executionId;
    this.interactive = interactive;
    this.sawOutput = false;
    this.open = null;
    this.rows = 0;
    const firstLine = String(preview ?? '').split('\n').find((line) => line.trim()) ?? '';
    this.root.replaceChildren(h('div', { class: 'event run-head' },
      `▶ Running ${language ?? 'code'}`, firstLine ? ` · ${firstLine.trim().slice(0, 60)}` : ''));
    const started = performance.now();
    this.setStatus('running', 'Running…');
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      this.setStatus('running', `Running… ${formatSeconds((performance.now() - started) / 1000)}`);
    }, 250);
  }

  append({ execution_id: executionId, output, stream }) {
    if (executionId !== this.executionId) {
      // joined mid-run, or a run whose start we missed while reconnecting
      this.start({ execution_id: executionId, language: null, code_preview: '' });
    }
    this.sawOutput = true;
    this.write(stream === 'stderr' ? 'stderr' : 'stdout', String(output ?? ''));
  }

  /** What someone typed into the run, shown where it was typed among the output. */
  input({ execution_id: executionId, data, eof, user }) {
    if (executionId !== this.executionId) return;
    const text = String(data ?? '').replace(/\n$/, '');
    if (text || !eof) {
      const row = h('div', { class: 'line input', title: user ? `typed by ${user}` : null },
        h('span', { class: 'tag input' }, 'in'), h('span', { class: 'text' }, text));
      this.root.append(row);
      this.rows += 1;
    }
    if (eof) this.root.append(h('div', { class: 'event hook' }, '⏏ input closed'));
    this.open = null;
    this.scroll();
  }

  complete({ execution_id: executionId, result = {} }) {
    if (executionId !== this.executionId) this.start({ execution_id: executionId, language: null, code_preview: '' });
    if (!this.sawOutput) {
      // nothing streamed to us (a late join): the result carries the whole output
      if (result.stdout) this.write('stdout', result.stdout);
      if (result.stderr) this.write('stderr', result.stderr);
    }
    clearInterval(this.timer);
    const ok = result.status === 'ok' && result.exit_code === 0;
    const parts = [];
    if (result.timed_out || result.status === 'timed_out') parts.push('Timed out');
    else parts.push(`Exit ${result.exit_code ?? '?'}`);
    if (result.status && result.status !== 'ok') parts.push(STATUS_TEXT[result.status] ?? result.status.replaceAll('_', ' '));
    if (result.stopped_by) parts.push(`by ${result.stopped_by}`);
    parts.push(formatSeconds(result.execution_time));
    if (result.truncated) parts.push('output truncated');
    const text = parts.filter(Boolean).join(' · ');
    this.root.append(h('div', { class: `summary ${ok ? 'ok' : 'failed'}` }, ok ? `✓ ${text}` : `✗ ${text}`));
    this.setStatus(ok ? 'ok' : 'failed', text);
    this.scroll();
  }

  error({ execution_id: executionId, error, detail, code }) {
    if (executionId && executionId !== this.executionId) {
      this.executionId = executionId;
      this.root.replaceChildren();
    }
    this.problem(`Could not run the code: ${error ?? 'error'}${detail ? ` — ${detail}` : ''}${code ? ` (${code})` : ''}`);
  }

  /** A command about a run was refused (an error reply, or the connection was down). */
  problem(text) {
    clearInterval(this.timer);
    if (this.root.querySelector('.empty')) this.root.replaceChildren();
    this.root.append(h('div', { class: 'event problem' }, `✗ ${text}`));
    this.setStatus('failed', 'Not run');
    this.scroll();
  }

  hook({ hook_type: hookType, context = {} }) {
    if (!this.executionId) return;
    const text = {
      on_run: 'hook on_run',
      on_error: `hook on_error${context.error ? ` · ${context.error}` : ''}`,
    }[hookType];
    if (text) this.root.append(h('div', { class: 'event hook' }, `⚑ ${text}`));
  }

  write(stream, text) {
    const pieces = text.split('\n');
    pieces.forEach((piece, index) => {
      const last = index === pieces.length - 1;
      if (last && piece === '') {
        // the chunk ended with a newline: the next chunk starts a new row
        this.open = null;
        return;
      }
      if (this.open && this.open.stream === stream) {
        this.open.text.textContent += piece;
      } else {
        const textElement = h('span', { class: 'text' }, piece);
        this.root.append(h('div', { class: `line ${stream}` }, h('span', { class: `tag ${stream}` }, stream === 'stderr' ? 'err' : 'out'), textElement));
        this.open = { stream, text: textElement };
        this.rows += 1;
        if (this.rows > MAX_ROWS) this.dropOldestRow();
      }
      if (!last) this.open = null;
    });
    this.scroll();
  }

  dropOldestRow() {
    this.root.querySelector('.line')?.remove();
    this.rows -= 1;
    if (!this.root.querySelector('.dropped')) {
      this.root.querySelector('.run-head')?.after(h('div', { class: 'event dropped' }, `… earlier lines hidden: the page keeps the last ${MAX_ROWS}`));
    }
  }

  setStatus(status, text) {
    this.status.dataset.status = status;
    this.status.textContent = text;
  }

  scroll() {
    this.root.scrollTop = this.root.scrollHeight;
  }
}
