// BASELINE PEER for the GhostIDE Realtime benchmark, not part of the product.
//
// The plain-JSON half of the public contract written the way a Node.js developer would:
// one `ws` server, a Map of session id -> Set of sockets, JSON.stringify once per message,
// child_process.spawn for code runs with one execution_output per data chunk.
// NO SANDBOX: code runs as the server's own user with no limits beyond a timeout. It exists
// only to be measured against, on 127.0.0.1, by bench/run.
import http from 'node:http';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';

const HOST = '127.0.0.1';
const PORT = Number(process.env.PORT ?? process.argv[2] ?? 8001);
const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;

const sessions = new Map(); // session id -> Set<WebSocket>
const seqs = new Map(); // session id -> last seq

const now = () => new Date().toISOString();

function envelope(type, sessionId, data, seq) {
  const message = { type, timestamp: now(), session_id: sessionId };
  if (seq !== undefined) message.seq = seq;
  message.data = data;
  return JSON.stringify(message);
}

function broadcast(sessionId, type, data) {
  const seq = (seqs.get(sessionId) ?? 0) + 1;
  seqs.set(sessionId, seq);
  const json = envelope(type, sessionId, data, seq);
  const sockets = sessions.get(sessionId);
  if (sockets) {
    for (const ws of sockets) {
      if (ws.readyState === ws.OPEN) ws.send(json);
    }
  }
  return seq;
}

function reply(ws, type, data) {
  ws.send(envelope(type, ws.sessionId, data));
}

// ---- running code (no sandbox: a baseline)

const commands = {
  python: (code) => [PYTHON, ['-u', '-c', code]],
  javascript: (code) => [process.execPath, ['-e', code]],
};

function runCode(sessionId, { code, language, timeout = 30 }) {
  return new Promise((resolve) => {
    const executionId = randomUUID();
    const command = commands[language];
    if (!command) {
      broadcast(sessionId, 'execution_error', { execution_id: executionId, error: 'Unsupported language', detail: String(language), code: 400 });
      resolve({ stdout: '', stderr: `Unsupported language ${language}`, exit_code: -1, execution_time: 0, timed_out: false, status: 'runtime_error', truncated: false });
      return;
    }
    const started = process.hrtime.bigint();
    broadcast(sessionId, 'execution_start', { execution_id: executionId, language, code_preview: code.slice(0, 100) });
    broadcast(sessionId, 'hook_triggered', { hook_type: 'on_run', context: { execution_id: executionId, language } });
    const [file, args] = command(code);
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeout * 1000);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      broadcast(sessionId, 'execution_output', { execution_id: executionId, output: chunk, stream: 'stdout' });
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      broadcast(sessionId, 'execution_output', { execution_id: executionId, output: chunk, stream: 'stderr' });
    });
    child.on('error', (err) => { stderr += String(err); });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      const result = {
        stdout, stderr, exit_code: exitCode ?? -1,
        execution_time: Number(process.hrtime.bigint() - started) / 1e9,
        timed_out: timedOut,
        status: timedOut ? 'timed_out' : exitCode === 0 ? 'ok' : 'runtime_error',
        truncated: false,
      };
      broadcast(sessionId, 'execution_complete', { execution_id: executionId, result });
      if (result.status !== 'ok') {
        broadcast(sessionId, 'hook_triggered', { hook_type: 'on_error', context: { execution_id: executionId, error: result.stderr.slice(-500), exit_code: result.exit_code } });
      }
      resolve(result);
    });
  });
}

// ---- the benchmark publisher (same endpoint as the other servers)

function publish({ session_ids: ids, count, rate_per_second: rate = 0, payload_bytes: bytes = 0 }) {
  return new Promise((resolve) => {
    const pad = 'x'.repeat(bytes);
    const start = process.hrtime.bigint();
    const interval = rate > 0 ? 1e9 / rate : 0;
    let i = 0;
    let first = null;
    let last = null;
    const step = () => {
      // publish what is due, then yield to the event loop
      const elapsed = Number(process.hrtime.bigint() - start);
      const due = interval > 0 ? Math.min(count, Math.floor(elapsed / interval) + 1) : Math.min(count, i + 64);
      for (; i < due; i++) {
        for (const id of ids) {
          const sentUs = Number(process.hrtime.bigint() / 1000n);
          first ??= sentUs;
          last = sentUs;
          broadcast(id, 'session_update', { update_type: 'benchmark', details: { i, sent_us: sentUs, pad } });
        }
      }
      if (i < count) {
        if (interval > 0) setTimeout(step, Math.max(0, Math.floor(((i * interval) - elapsed) / 1e6)));
        else setImmediate(step);
      } else {
        const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
        const published = count * ids.length;
        resolve({ published, elapsed_ms: elapsedMs, first_sent_us: first, last_sent_us: last, achieved_rate: published * 1000 / elapsedMs });
      }
    };
    step();
  });
}

// ---- HTTP

function readJson(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { body += c; });
    req.on('end', () => { try { resolve(JSON.parse(body)); } catch (e) { reject(e); } });
  });
}

function sendJson(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host}`);
  try {
    if (req.method === 'GET' && url.pathname === '/ws/status') {
      let total = 0;
      for (const set of sessions.values()) total += set.size;
      const active = [...sessions.keys()];
      return sendJson(res, 200, { total_connections: total, active_sessions: active, session_count: active.length });
    }
    let m = url.pathname.match(/^\/ws\/sessions\/([^/]+)\/connections$/);
    if (req.method === 'GET' && m) {
      const count = sessions.get(m[1])?.size ?? 0;
      return sendJson(res, 200, { session_id: m[1], connection_count: count, is_active: count > 0 });
    }
    if (req.method === 'GET' && url.pathname === '/api/v1/languages') {
      return sendJson(res, 200, Object.keys(commands));
    }
    if (req.method === 'POST' && url.pathname === '/api/v1/execution/execute/websocket') {
      const body = await readJson(req);
      if (!SESSION_ID.test(body.session_id ?? '') || typeof body.code !== 'string') {
        return sendJson(res, 400, { title: 'Bad request' });
      }
      return sendJson(res, 200, await runCode(body.session_id, body));
    }
    if (req.method === 'POST' && url.pathname === '/benchmark/publish') {
      return sendJson(res, 200, await publish(await readJson(req)));
    }
    sendJson(res, 404, { title: 'Not found' });
  } catch (err) {
    sendJson(res, 400, { title: 'Bad request', detail: String(err) });
  }
});

const wss = new WebSocketServer({ noServer: true });

server.on('upgrade', (req, socket, head) => {
  const m = req.url.match(/^\/ws\/([^/?]*)/);
  if (!m || !SESSION_ID.test(m[1])) {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, m[1]));
});

wss.on('connection', (ws, sessionId) => {
  ws.sessionId = sessionId;
  ws.connectionId = randomUUID();
  if (!sessions.has(sessionId)) sessions.set(sessionId, new Set());
  sessions.get(sessionId).add(ws);
  reply(ws, 'connect', { status: 'connected', connection_id: ws.connectionId });

  ws.on('message', async (raw) => {
    let msg;
    try {
      msg = JSON.parse(raw.toString());
    } catch {
      return reply(ws, 'error', { error: 'Invalid message format', detail: 'not JSON', code: 400 });
    }
    if (msg.type === 'ping') {
      return reply(ws, 'pong', { timestamp: msg.timestamp ?? msg.data?.timestamp ?? now() });
    }
    if (msg.type === 'execute_code') {
      return runCode(sessionId, msg.data ?? {});
    }
    reply(ws, 'error', { error: 'Unknown message type', detail: String(msg.type), code: 400 });
  });

  ws.on('close', () => {
    const set = sessions.get(sessionId);
    if (set) {
      set.delete(ws);
      if (set.size === 0) sessions.delete(sessionId);
    }
  });
  ws.on('error', () => {});
});

server.listen(PORT, HOST, () => console.log(`node-ws baseline peer on http://${HOST}:${PORT}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
