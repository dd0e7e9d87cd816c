// connections: N idle connections (20 per session). Resident memory per connection, connect
// rate, ping round trip while they stay open, and how long the stats take to read zero after
// every connection drops at once (the sockets are destroyed, as when a network goes away).
import { openClient, openMany } from '../clients.mjs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { cpuMs, getJson, jvmGcAndHeap, nowNs, nowUs, rssKib, sleep, summary, round, log } from '../util.mjs';

const POLL_ZERO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../poll-zero.mjs');

export const name = 'connections';

const PER_SESSION = 20;

async function statsTotal(server) {
  const status = await getJson(`${server.base}/ws/status`);
  return { total: status.total_connections, sessions: status.session_count ?? 0 };
}

async function waitForTotal(server, predicate, timeoutMs, pollMs = 10) {
  const start = nowNs();
  for (;;) {
    // a server at its connection cap may not answer at all: that reads as "not yet"
    const s = await statsTotal(server).catch(() => null);
    if (s && predicate(s)) return Number(nowNs() - start) / 1e6;
    if (Number(nowNs() - start) / 1e6 > timeoutMs) return null;
    await sleep(pollMs);
  }
}

export async function run(server, o) {
  const transports = server.variant.transports;
  const receipt = server.variant.target === 'ours';
  // each handshake's time, from the TCP connect to ready (the connect frame; CONNECTED and the receipt)
  const open = (n, prefix, times = null) => openMany(n, o.connectConcurrency, async (i) => {
    const t = nowNs();
    const client = await openClient(server, transports[i % transports.length], `${prefix}${Math.floor(i / PER_SESSION)}`,
      undefined, { receipt, timeoutMs: 10_000 });
    times?.push(Number(nowNs() - t) / 1e6);
    return client;
  }, Date.now() + o.openSeconds * 1000);
  const sinceStart = () => Number(nowNs() - server.readyNs) / 1e9;

  // warm-up: the handshake and ping paths, then back to zero
  const warm = await open(o.warmupConnections, 'warm');
  for (let r = 0; r < 3; r++) await Promise.all(warm.clients.map((c) => c.ping().catch(() => null)));
  for (const c of warm.clients) c.close();
  await waitForTotal(server, (s) => s.total === 0, 10_000, 50);
  await sleep(o.settleMs);
  const gcBefore = server.jvm ? await jvmGcAndHeap(server.pid) : null;
  if (gcBefore) await sleep(1000);
  const rssBefore = rssKib(server.pid);

  // open them all
  const t0 = nowNs();
  const cpu0 = cpuMs(server.pid);
  const connectTimes = [];
  const { clients, errors } = await open(o.connections, 'conn', connectTimes);
  const openSeconds = Number(nowNs() - t0) / 1e9;
  const allOpenAt = sinceStart();
  const connectCpuMs = cpuMs(server.pid) - cpu0;
  log(`connections ${server.name}: ${clients.length} open in ${round(openSeconds, 2)} s, ${errors.length} failed`);
  const counted = await waitForTotal(server, (s) => s.total >= clients.length, 15_000, 50);
  await sleep(o.settleMs);
  const rssAfter = rssKib(server.pid);
  const gcAfter = server.jvm ? await jvmGcAndHeap(server.pid) : null;
  if (gcAfter) await sleep(1000);
  const rssAfterGc = server.jvm ? rssKib(server.pid) : null;

  // ping round trips, one at a time, on connections picked at random (fixed seed): first on the
  // fresh server, as its first users meet it, then after warm-up pings
  let seed = 42;
  const pick = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return clients[seed % clients.length]; };
  const coldFrom = sinceStart();
  const coldRtts = [];
  for (let i = 0; i < o.coldPings; i++) coldRtts.push(await pick().ping().catch(() => 5000));
  const coldTo = sinceStart();
  const cold = summary(coldRtts);
  for (let i = 0; i < o.pingWarmup; i++) await pick().ping().catch(() => null);
  const rtts = [];
  let pingFailures = 0;
  for (let i = 0; i < o.pings; i++) {
    try {
      rtts.push(await pick().ping());
    } catch {
      pingFailures++;
    }
  }
  const ping = summary(rtts);
  const stillOpen = clients.filter((c) => !c.closed).length;

  // drop every connection at once and watch the stats, from a poller of its own
  const poller = spawn(process.execPath, [POLL_ZERO, server.base, '30000', '10'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: poller.stdout });
  const next = () => new Promise((resolve) => lines.once('line', resolve));
  await next(); // ready
  const zeroLine = next();
  const dropStart = nowUs();
  poller.stdin.write('go\n');
  for (const c of clients) c.terminate();
  const dropLoopMs = (nowUs() - dropStart) / 1000;
  const { zero_us: zeroUs } = JSON.parse(await zeroLine);
  poller.stdin.end();
  const toZeroMs = zeroUs == null ? null : (zeroUs - dropStart) / 1000;

  const n = clients.length;
  const perConn = (after, before) => (after != null && before != null && n ? round((after - before) / n, 1) : null);
  return {
    clients: Object.fromEntries(transports.map((t) => [t, clients.filter((c) => c.transport === t).length])),
    requested: o.connections,
    opened: n,
    // handshakes that failed or timed out; opening stops after connectConcurrency in a row
    failed: errors.length,
    first_error: errors[0] ?? null,
    counted_by_stats: counted != null,
    still_open_after_pings: stillOpen,
    extensions: clients[0]?.extensions || 'none',
    connect_per_s: round(n / openSeconds, 0),
    connect_ms: (() => { const c = summary(connectTimes); return { p50: round(c.p50, 1), p99: round(c.p99, 1), max: round(c.max, 1) }; })(),
    seconds_from_start_to_all_open: round(allOpenAt, 1),
    server_cpu_us_per_connect: n ? round((connectCpuMs * 1000) / n, 0) : null,
    rss_before_kib: rssBefore,
    rss_after_kib: rssAfter,
    rss_per_connection_kib: perConn(rssAfter, rssBefore),
    rss_after_full_gc_kib: rssAfterGc,
    rss_per_connection_after_full_gc_kib: perConn(rssAfterGc, rssBefore),
    heap_used_per_connection_after_full_gc_kib: gcBefore && gcAfter ? perConn(gcAfter.heap_used_kib, gcBefore.heap_used_kib) : null,
    cold_ping_ms: { count: cold.count, p50: round(cold.p50, 3), p99: round(cold.p99, 3), max: round(cold.max, 3) },
    cold_ping_seconds_after_start: [round(coldFrom, 1), round(coldTo, 1)],
    ping_ms: { count: ping.count, p50: round(ping.p50, 3), p99: round(ping.p99, 3), p999: round(ping.p999, 3), max: round(ping.max, 3) },
    ping_failures: pingFailures,
    stats_to_zero_ms: round(toZeroMs, 1),
    drop_loop_ms: round(dropLoopMs, 1),
    // from the moment the last socket was destroyed: what the server itself adds
    stats_to_zero_after_last_drop_ms: toZeroMs == null ? null : round(Math.max(0, toZeroMs - dropLoopMs), 1),
  };
}
