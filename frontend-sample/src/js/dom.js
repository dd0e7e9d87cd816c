// Small DOM helpers. Everything the server sends is put on the page as text, never as HTML.

/** Creates an element: h('li', {class: 'x', dataset: {id: 1}, onclick: fn}, 'text', child). */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else if (key in element && typeof value !== 'string') element[key] = value;
    else element.setAttribute(key, value === true ? '' : value);
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
}

export const $ = (id) => document.getElementById(id);

/** "0.42 s", "120 ms", "1 min 3 s" for a duration in seconds. */
export function formatSeconds(seconds) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return '';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${seconds.toFixed(2)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** "14:03:07" for an RFC 3339 timestamp or a Date. */
export function formatClock(value) {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], { hour12: false });
}

/** "just now", "3 min ago", or a clock time for older ones. */
export function formatAge(value) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const seconds = (Date.now() - date.getTime()) / 1000;
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return formatClock(date);
}

/** Shows a toast that goes away by itself. */
export function toast(title, detail = '', kind = 'info', millis = 6000) {
  const element = h('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('strong', {}, title), detail ? h('span', {}, detail) : null);
  $('toasts').append(element);
  setTimeout(() => element.remove(), millis);
  return element;
}

/**
 * A message's text with a little Markdown (code fences, `inline code`, paragraphs) as DOM
 * nodes; anything else stays literal text.
 */
export function renderRichText(text) {
  const fragment = document.createDocumentFragment();
  const parts = String(text ?? '').split(/```/);
  parts.forEach((part, index) => {
    if (index % 2 === 1) {
      // a fence: drop the language tag on its first line
      const body = part.replace(/^[\w+#.-]*\n/, '').replace(/\n$/, '');
      fragment.append(h('pre', {}, h('code', {}, body)));
      return;
    }
    for (const paragraph of part.split(/\n{2,}/)) {
      if (!paragraph.trim()) continue;
      const p = h('p');
      paragraph.split(/(`[^`\n]+`)/).forEach((piece) => {
        if (piece.startsWith('`') && piece.endsWith('`') && piece.length > 2) p.append(h('code', {}, piece.slice(1, -1)));
        else p.append(piece);
      });
      fragment.append(p);
    }
  });
  return fragment;
}
