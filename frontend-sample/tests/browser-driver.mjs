// Drives headless Chromium for the JUnit browser tests (FrontendBrowserTests), one JSON
// request per stdin line, one JSON answer per stdout line:
//   {"id": 1, "op": "open", "url": "http://127.0.0.1:8000/?session=x"}   -> {"id": 1, "ok": true, "value": "t1"}
//   {"id": 2, "op": "waitFor", "tab": "t1", "expression": "...", "timeoutMs": 10000}
//   {"id": 3, "op": "eval", "tab": "t1", "expression": "..."}             -> value: what the expression gave, as JSON
//   click, fill, select, press (tab, selector, value), screenshot (tab, path), errors (tab), close (tab), reset
//   keys (tab, text: typed as keystrokes), chord (tab, key: "Control+Enter" to the focused element),
//   viewport (tab, width, height), axe (tab) -> the serious and critical accessibility violations
// A failed request answers {"id": n, "ok": false, "error": "...", "screenshot": path} and the
// driver stays up; it ends when stdin closes. The browser is Debian's Chromium (env CHROMIUM,
// /usr/bin/chromium by default): playwright-core downloads no browser.
import { createInterface } from 'node:readline';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const failureDir = process.env.SCREENSHOT_DIR || 'target/browser-screenshots';

const browser = await chromium.launch({
  executablePath,
  headless: true,
  // Playwright gives every launch a fresh temporary profile (--user-data-dir)
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

let context = null;
const tabs = new Map(); // tab id -> {page, errors: [text]}
let tabCount = 0;
let failures = 0;

async function currentContext() {
  context ??= await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  return context;
}

function tab(id) {
  const found = tabs.get(id);
  if (!found) throw new Error(`no tab ${id}`);
  return found;
}

// a tab in the background gets no animation frames, and Playwright waits for some before a
// click counts the element as stable: act on the front tab, as a person would
async function front(id) {
  const { page } = tab(id);
  await page.bringToFront();
  return page;
}

// expressions come as source text; run them as the body of a function in the page
const asFunction = (expression) => `(() => (${expression}))()`;

const ops = {
  async open({ url }) {
    const page = await (await currentContext()).newPage();
    const id = `t${++tabCount}`;
    const entry = { page, errors: [] };
    page.on('pageerror', (error) => entry.errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      // a WebSocket refused while the server is down is expected noise; page code errors are not
      if (message.type() === 'error' && !/WebSocket|Failed to load resource|net::ERR_/.test(message.text())) {
        entry.errors.push(`console: ${message.text()}`);
      }
    });
    tabs.set(id, entry);
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    return id;
  },
  async waitFor({ tab: id, expression, timeoutMs = 10000 }) {
    const handle = await tab(id).page.waitForFunction(asFunction(expression), undefined, { timeout: timeoutMs, polling: 50 });
    return handle.jsonValue();
  },
  async eval({ tab: id, expression }) {
    return tab(id).page.evaluate(asFunction(expression));
  },
  async click({ tab: id, selector }) {
    await (await front(id)).click(selector, { timeout: 5000 });
  },
  async fill({ tab: id, selector, value }) {
    await (await front(id)).fill(selector, value, { timeout: 5000 });
  },
  async select({ tab: id, selector, value }) {
    return (await front(id)).selectOption(selector, value, { timeout: 5000 });
  },
  async press({ tab: id, selector, key }) {
    await (await front(id)).press(selector, key, { timeout: 5000 });
  },
  async keys({ tab: id, text }) {
    await (await front(id)).keyboard.type(text);
  },
  async chord({ tab: id, key }) {
    await (await front(id)).keyboard.press(key);
  },
  async viewport({ tab: id, width, height }) {
    await tab(id).page.setViewportSize({ width, height });
  },
  async axe({ tab: id }) {
    const { page } = tab(id);
    if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
    return page.evaluate(async () => {
      const { violations } = await window.axe.run(document, { resultTypes: ['violations'] });
      return violations.filter((v) => ['serious', 'critical'].includes(v.impact))
        .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
    });
  },
  async screenshot({ tab: id, path }) {
    mkdirSync(dirname(path), { recursive: true });
    await tab(id).page.screenshot({ path });
    return path;
  },
  async errors({ tab: id }) {
    return tab(id).errors;
  },
  async close({ tab: id }) {
    await tab(id).page.close();
    tabs.delete(id);
  },
  async reset() {
    tabs.clear();
    await context?.close();
    context = null;
  },
};

function answer(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

async function handle(request) {
  try {
    const op = ops[request.op];
    if (!op) throw new Error(`unknown op ${request.op}`);
    const value = await op(request);
    answer({ id: request.id, ok: true, value: value ?? null });
  } catch (error) {
    let screenshot = null;
    if (request.tab && tabs.has(request.tab)) {
      screenshot = join(failureDir, `failure-${++failures}-${request.op}.png`);
      mkdirSync(failureDir, { recursive: true });
      await tabs.get(request.tab).page.screenshot({ path: screenshot }).catch(() => { screenshot = null; });
    }
    answer({ id: request.id, ok: false, error: String(error?.message ?? error).split('\n')[0], screenshot });
  }
}

answer({ id: 0, ok: true, value: { ready: true, browser: browser.version() } });

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  let request;
  try {
    request = JSON.parse(line);
  } catch {
    answer({ id: -1, ok: false, error: `not JSON: ${line.slice(0, 80)}` });
    continue;
  }
  await handle(request);
}
await browser.close();
