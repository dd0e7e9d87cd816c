// fan-out: S sessions x K subscribers; the server publishes small numbered envelopes through
// its own publisher (POST /benchmark/publish). Throughput in a closed loop (at most two
// batches in flight, so no server needs to drop a slow reader), then latency at a fixed
// offered load. Every subscriber checks that it got every message, in order.
import { openClient, openMany } from '../clients.mjs';
import { cpuMs, nowUs, postJson, sleep, summary, round, log } from '../util.mjs';

export const name = 'fanout';

export async function run(server, o) {
  const transports = server.variant.transports;
  const receipt = server.variant.target === 'ours';
  const sessionIds = Array.from({ length: o.sessions }, (_, s) => `fan${s}`);
  let phase = { batch: 1, latencies: null, n: 0 };
  const subs = [];
  const clients = [];
  for (const sessionId of sessionIds) {
    const { clients: opened, errors } = await openMany(o.subscribers, 8, async (k) => {
      const st = { count: 0, prevI: -1, orderErrors: 0, lastSeq: null, seqErrors: 0 };
      subs.push(st);
      const client = await openClient(server, transports[k % transports.length], sessionId, (m) => {
        if (m.type !== 'session_update') return;
        const d = m.data.details;
        if (phase.latencies) phase.latencies[phase.n++] = nowUs() - d.sent_us;
        if (d.i === 0 ? st.prevI !== -1 && st.prevI !== phase.batch - 1 : d.i !== st.prevI + 1) st.orderErrors++;
        st.prevI = d.i;
        if (m.seq != null) {
          if (st.lastSeq != null && m.seq !== st.lastSeq + 1) st.seqErrors++;
          st.lastSeq = m.seq;
        }
        st.count++;
      }, { receipt });
      return client;
    });
    if (errors.length) throw new Error(`could not open subscribers: ${errors[0]}`);
    clients.push(...opened);
  }
  const mix = Object.fromEntries(transports.map((t) => [t, clients.filter((c) => c.transport === t).length]));

  const publish = (count, rate) => postJson(`${server.base}/benchmark/publish`,
    { session_ids: sessionIds, count, rate_per_second: rate, payload_bytes: o.payloadBytes });
  const reset = (batch) => {
    for (const st of subs) Object.assign(st, { count: 0, prevI: -1, orderErrors: 0, seqErrors: 0 });
    phase = { batch, latencies: null, n: 0 };
  };
  const waitAll = async (perSub, stallMs = 20_000) => {
    let last = -1;
    let lastChange = Date.now();
    for (;;) {
      let min = Infinity;
      let total = 0;
      for (const st of subs) { min = Math.min(min, st.count); total += st.count; }
      if (min >= perSub) return true;
      if (total !== last) { last = total; lastChange = Date.now(); }
      if (Date.now() - lastChange > stallMs) return false;
      await sleep(2);
    }
  };

  // every subscription is live: publish single messages until each subscriber has one
  reset(1);
  let live = false;
  for (let attempt = 0; attempt < 50 && !live; attempt++) {
    await publish(1, 0);
    live = await waitAll(1, 200);
  }
  if (!live) throw new Error('subscribers never all received a probe message');

  const closedLoop = async (messages) => {
    const batch = Math.min(o.batch, messages);
    const batches = Math.ceil(messages / batch);
    reset(batch);
    const t0 = nowUs();
    let complete = true;
    for (let j = 0; j < batches && complete; j++) {
      await publish(batch, 0);
      complete = await waitAll(j * batch);
    }
    complete = complete && await waitAll(batches * batch);
    const seconds = (nowUs() - t0) / 1e6;
    return { seconds, complete, perSub: batches * batch };
  };

  // warm-up, then the measured throughput run
  await closedLoop(o.warmupMessages);
  const cpuBefore = cpuMs(server.pid);
  const redisCpuBefore = server.redisPid ? cpuMs(server.redisPid) : null;
  const throughput = await closedLoop(o.messages);
  const cpuUsed = cpuMs(server.pid) - cpuBefore;
  const redisCpuUsed = server.redisPid ? cpuMs(server.redisPid) - redisCpuBefore : null;
  const delivered = subs.reduce((a, st) => a + st.count, 0);
  const orderErrors = subs.reduce((a, st) => a + st.orderErrors + st.seqErrors, 0);
  log(`fanout ${server.name}: ${round(delivered / throughput.seconds, 0)} deliveries/s`);

  // latency at a fixed offered load
  const count = Math.round(o.ratePerSession * o.latencySeconds);
  reset(count);
  phase.latencies = new Float64Array(count * subs.length);
  const published = await publish(count, o.ratePerSession);
  const latencyComplete = await waitAll(count);
  const lat = summary(phase.latencies.subarray(0, phase.n)); // microseconds
  const latencyOrderErrors = subs.reduce((a, st) => a + st.orderErrors + st.seqErrors, 0);

  const closedByServer = clients.filter((c) => c.closed).length;
  for (const c of clients) c.terminate();
  await sleep(200);
  return {
    clients: mix,
    extensions: clients[0]?.extensions || 'none',
    sessions: o.sessions,
    subscribers_per_session: o.subscribers,
    deliveries_per_s: round(delivered / throughput.seconds, 0),
    delivered,
    expected: throughput.perSub * subs.length,
    throughput_seconds: round(throughput.seconds, 3),
    // the server's own CPU time per delivery: independent of how fast the driver reads
    server_cpu_us_per_delivery: round((cpuUsed * 1000) / delivered, 2),
    server_cpu_share: round(cpuUsed / 1000 / throughput.seconds, 2),
    // redis mode: what the redis-server itself spent, apart from the server's figure
    redis_cpu_us_per_delivery: redisCpuUsed == null ? undefined : round((redisCpuUsed * 1000) / delivered, 2),
    complete: throughput.complete && latencyComplete,
    out_of_order: orderErrors + latencyOrderErrors,
    closed_by_server: closedByServer,
    offered_publishes_per_s: o.ratePerSession * o.sessions,
    // every subscriber hears its own session's ratePerSession messages a second
    offered_deliveries_per_s: o.ratePerSession * subs.length,
    achieved_publishes_per_s: round(published.achieved_rate, 0),
    latency_samples: lat.count,
    latency_ms: {
      p50: round(lat.p50 / 1000, 3), p99: round(lat.p99 / 1000, 3), p999: round(lat.p999 / 1000, 3), max: round(lat.max / 1000, 3),
    },
  };
}
