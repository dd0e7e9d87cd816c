// Turns the raw results into ratios, the targets of the performance issue, a Markdown report and
// the rows of the chart.
import { DOCUMENTED_JAVA_OPTS, VARIANTS } from './servers.mjs';
import { round } from './util.mjs';

const get = (obj, path) => path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);

/** The figures of each scenario: [path, label, better ('higher' | 'lower' | null)]. */
export const FIGURES = {
  fanout: [
    ['extensions', 'extensions the server accepted', null],
    ['deliveries_per_s', 'deliveries/s (closed loop)', 'higher'],
    ['server_cpu_us_per_delivery', 'server CPU per delivery (us)', 'lower'],
    ['server_cpu_share', 'server CPU used (cores) during it', null],
    ['redis_cpu_us_per_delivery', 'redis-server CPU per delivery (us; redis mode)', 'lower'],
    ['latency_ms.p50', 'latency p50 (ms) at the offered load', 'lower'],
    ['latency_ms.p99', 'latency p99 (ms)', 'lower'],
    ['latency_ms.p999', 'latency p99.9 (ms)', 'lower'],
    ['latency_ms.max', 'latency max (ms)', 'lower'],
    ['offered_deliveries_per_s', 'offered load (deliveries/s)', null],
    ['achieved_publishes_per_s', 'publishes/s achieved (offered: see params)', null],
    ['complete', 'every message at every subscriber', null],
    ['out_of_order', 'out-of-order deliveries', null],
    ['closed_by_server', 'subscribers closed by the server', null],
  ],
  streaming: [
    ['fan.extensions', 'extensions the server accepted', null],
    ['fan.lines_per_s', 'lines/s delivered (S x K)', 'higher'],
    ['fan.server_cpu_us_per_line', 'server CPU per delivered line (us)', 'lower'],
    ['fan.server_cpu_share', 'server CPU used (cores) during it', null],
    ['fan.redis_cpu_us_per_line', 'redis-server CPU per delivered line (us; redis mode)', 'lower'],
    ['fan.mib_per_s', 'MiB/s delivered', 'higher'],
    ['fan.subscribers_complete', 'subscribers with every byte in order', null],
    ['fan.statuses', 'run status', null],
    ['single.seconds', 'one stream: seconds', 'lower'],
    ['single.pipe_floor_seconds', 'same program into a pipe: seconds', null],
    ['single.ratio_to_pipe', 'one stream / pipe floor', 'lower'],
    ['single.subscribers_complete', 'one stream complete', null],
  ],
  connections: [
    ['opened', 'connections open', null],
    ['failed', 'handshakes refused or timed out', null],
    ['extensions', 'extensions the server accepted', null],
    ['connect_per_s', 'connects/s', 'higher'],
    ['connect_ms.p50', 'handshake to ready p50 (ms)', 'lower'],
    ['connect_ms.p99', 'handshake to ready p99 (ms)', 'lower'],
    ['seconds_from_start_to_all_open', 'seconds from server start to all open', null],
    ['cold_ping_ms.p50', 'fresh server: ping p50 (ms)', 'lower'],
    ['cold_ping_ms.p99', 'fresh server: ping p99 (ms)', 'lower'],
    ['cold_ping_seconds_after_start', 'fresh server: pinged from/to (s after start)', null],
    ['server_cpu_us_per_connect', 'server CPU per connect (us)', 'lower'],
    ['rss_per_connection_kib', 'resident memory per connection (KiB)', 'lower'],
    ['rss_per_connection_after_full_gc_kib', 'same, after a full GC (jcmd GC.run; JVMs)', 'lower'],
    ['heap_used_per_connection_after_full_gc_kib', 'live heap per connection after a full GC (KiB; JVMs)', 'lower'],
    ['ping_ms.p50', 'after warm-up: ping round trip p50 (ms)', 'lower'],
    ['ping_ms.p99', 'after warm-up: ping round trip p99 (ms)', 'lower'],
    ['ping_ms.p999', 'after warm-up: ping round trip p99.9 (ms)', 'lower'],
    ['stats_to_zero_ms', 'stats at zero, from the first socket destroyed (ms)', 'lower'],
    ['drop_loop_ms', 'of which the driver destroying all its sockets (ms)', null],
    ['stats_to_zero_after_last_drop_ms', 'stats at zero, from the last socket destroyed (ms)', 'lower'],
  ],
  'exec-start': [
    ['first_output_ms.p50', "POST to first output, p50 (ms)", 'lower'],
    ['first_output_ms.p90', 'POST to first output, p90 (ms)', 'lower'],
    ['bare_first_output_ms.p50', 'bare interpreter to first output, p50 (ms)', null],
    ['ratio_to_bare', 'server / bare interpreter', 'lower'],
  ],
};

const RATIO_PAIRS = [['ours-raw', 'node'], ['ours-stomp', 'node'], ['ours-mixed', 'node'], ['ours-mixed', 'spring'],
  ['ours-stomp', 'spring'], ['ours-raw-on', 'ours-raw'], ['ours-stomp-on', 'ours-stomp'],
  ['ours-raw-redis', 'ours-raw'], ['ours-stomp-redis', 'ours-stomp']];

function ratio(a, b) {
  return typeof a === 'number' && typeof b === 'number' && b !== 0 ? round(a / b, 2) : null;
}

/** Every ours/peer ratio of every figure that has a direction. */
export function ratios(results) {
  const rows = [];
  for (const [scenario, data] of Object.entries(results.scenarios)) {
    for (const [path, label, better] of FIGURES[scenario] ?? []) {
      if (!better) continue;
      for (const [ours, peer] of RATIO_PAIRS) {
        const r = ratio(get(data.variants?.[ours], path), get(data.variants?.[peer], path));
        if (r != null) rows.push({ scenario, figure: path, label, ours, peer, ratio: r, better });
      }
    }
  }
  return rows;
}

/** Whether ours ran with the documented launch: its JVM options, from the jar (not GHOSTIDE_CLASSPATH). */
function launchNote(results) {
  if (results.ours_java_opts === DOCUMENTED_JAVA_OPTS && !results.ours_classpath) return 'documented launch';
  return `NOT the documented launch: java ${results.ours_java_opts ?? '(options not recorded)'}`
    + `${results.ours_classpath ? ' -cp GHOSTIDE_CLASSPATH' : ''}`;
}

/**
 * The targets of the performance issue, for each variant of ours that was measured. A row is
 * made only when both of its sides were measured in this run.
 */
export function targets(results) {
  const rows = [];
  const s = results.scenarios;
  const oursVariants = Object.keys(VARIANTS).filter((v) => v.startsWith('ours-'));
  const add = (name, variant, value, reference, limit, better, unit) => {
    if (typeof value !== 'number' || typeof reference !== 'number') return;
    const r = ratio(value, reference);
    const holds = r == null ? null : better === 'higher' ? r >= limit : r <= limit;
    rows.push({ target: name, variant, value, reference, ratio: r, limit, better, holds, unit });
  };
  const f = s.fanout?.variants;
  const st = s.streaming?.variants;
  const c = s.connections?.variants;
  for (const v of oursVariants) {
    // against the Node baseline, raw and STOMP alike: a STOMP frame may cost no more server CPU
    add('fan-out deliveries/s >= 1.0 x Node', v, f?.[v]?.deliveries_per_s, f?.node?.deliveries_per_s, 1, 'higher',
      'ours / Node');
    add('server CPU per fan-out delivery <= 1.0 x Node', v, f?.[v]?.server_cpu_us_per_delivery,
      f?.node?.server_cpu_us_per_delivery, 1, 'lower', 'ours / Node');
    add('streaming lines/s >= 1.0 x Node', v, st?.[v]?.fan?.lines_per_s, st?.node?.fan?.lines_per_s, 1, 'higher',
      'ours / Node');
    add('server CPU per streamed line <= 1.0 x Node', v, st?.[v]?.fan?.server_cpu_us_per_line,
      st?.node?.fan?.server_cpu_us_per_line, 1, 'lower', 'ours / Node');
    const single = st?.[v]?.single;
    const open = c?.[v]?.opened?.toLocaleString('en-US');
    add(`one stream of ${single?.lines?.toLocaleString('en-US')} lines <= 1.5 x the same program into a pipe`, v, single?.seconds,
      single?.pipe_floor_seconds, 1.5, 'lower', 'ours / pipe');

    add(`resident memory per idle connection <= 1.5 x Node (${launchNote(results)})`, v,
      c?.[v]?.rss_per_connection_kib, c?.node?.rss_per_connection_kib, 1.5, 'lower', 'ours / Node');
    add('connects/s >= 0.5 x Node', v, c?.[v]?.connect_per_s, c?.node?.connect_per_s, 0.5, 'higher', 'ours / Node');
    add(`ping p99 with ${open} open, after warm-up, <= 1 ms`, v, c?.[v]?.ping_ms?.p99, 1, 1, 'lower',
      'ms / 1 ms');
    const nodeCold = c?.node?.cold_ping_ms?.p99;
    if (typeof nodeCold === 'number') {
      const allowance = Math.max(1, round(2 * nodeCold, 3));
      add(`ping p99 with ${open} open on a fresh server, once ready, <= max(1 ms, 2 x Node's ${nodeCold} ms)`,
        v, c?.[v]?.cold_ping_ms?.p99, allowance, 1, 'lower', `ms / ${allowance} ms`);
    }
    add('stats back to zero within 1 s of the last drop', v, c?.[v]?.stats_to_zero_after_last_drop_ms, 1000, 1,
      'lower', 'ms / 1000 ms');
    add('stats back to zero within 1 s of the first drop', v, c?.[v]?.stats_to_zero_ms, 1000, 1, 'lower',
      'ms / 1000 ms');

    // compression on against the same transport with it off, in the same run
    const off = VARIANTS[v].compression ? v.replace(/-on$/, '') : null;
    if (off) {
      const than = `x off (${VARIANTS[off].label})`;
      add(`compression on: server CPU per fan-out delivery <= 1.3 ${than}`, v, f?.[v]?.server_cpu_us_per_delivery,
        f?.[off]?.server_cpu_us_per_delivery, 1.3, 'lower', 'on / off');
      add(`compression on: server CPU per streamed line <= 1.3 ${than}`, v, st?.[v]?.fan?.server_cpu_us_per_line,
        st?.[off]?.fan?.server_cpu_us_per_line, 1.3, 'lower', 'on / off');
      // a deflater's zlib state is native memory, outside the heap: resident memory is what shows it
      add(`compression on: no deflater held while idle (proxy: resident memory per idle connection <= 1.1 ${than})`, v,
        c?.[v]?.rss_per_connection_kib, c?.[off]?.rss_per_connection_kib, 1.1, 'lower', 'on / off');
    }

    // several instances' mode against the same server in local mode, in the same run
    const local = VARIANTS[v].redis ? v.replace(/-redis$/, '') : null;
    if (local) {
      add('redis mode: fan-out deliveries/s >= 0.5 x local mode', v, f?.[v]?.deliveries_per_s,
        f?.[local]?.deliveries_per_s, 0.5, 'higher', 'redis / local');
      add('redis mode: fan-out latency p99 <= 2 x local mode', v, f?.[v]?.latency_ms?.p99, f?.[local]?.latency_ms?.p99,
        2, 'lower', 'redis / local');
      add('redis mode: streaming lines/s >= 0.5 x local mode', v, st?.[v]?.fan?.lines_per_s,
        st?.[local]?.fan?.lines_per_s, 0.5, 'higher', 'redis / local');
    }
  }
  return rows;
}

const fmt = (x) => {
  if (x == null) return 'n/a';
  if (typeof x === 'boolean') return x ? 'yes' : 'NO';
  if (Array.isArray(x)) return x.join(', ');
  if (typeof x === 'number') return Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : String(x);
  return String(x);
};

function scenarioTitle(name, data) {
  const p = data.params;
  switch (name) {
    case 'fanout':
      return `Fan-out: ${p.sessions} sessions x ${p.subscribers} subscribers, ${p.messages} messages per session `
        + `(${p.payloadBytes} B of padding), then ${p.ratePerSession}/s per session for ${p.latencySeconds} s for latency`;
    case 'streaming':
      return `Streaming: ${p.sessions} sessions x ${p.subscribers} subscribers x ${p.lines} lines of 60 B `
        + `(after ${p.warmupRuns} warm-up runs of the same shape); one stream of ${p.singleLines} lines to one subscriber`;
    case 'connections':
      return `Connections: ${p.connections} idle connections (20 per session), ${p.connectConcurrency} handshakes in flight, `
        + `${p.pings} pings one at a time after ${p.pingWarmup} warm-up pings`;
    case 'exec-start':
      return `Execution start: print('hi'), ${p.repeats} runs after ${p.warmup} warm-up runs`;
    default:
      return name;
  }
}

export function markdown(results) {
  const lines = [];
  const m = results.machine;
  lines.push(`# GhostIDE Realtime benchmark, ${results.started_at.slice(0, 16).replace('T', ' ')} UTC`, '');
  if (results.provisional) {
    lines.push(`**PROVISIONAL**: ${results.provisional_reason}`, '');
  }
  lines.push(`Machine: ${m.cpus} x ${m.cpu_model}, ${m.memory_gib} GiB, Linux ${m.kernel}, Node ${m.node}, ${m.java}. `
    + `CPU busy with other work before each run: ${results.runs.map((r) => `${Math.round((r.busy_share_before ?? 0) * 100)}%`).join(', ')} `
    + `(1-minute load average then: ${results.runs.map((r) => r.load[0]).join(', ')}; it still counts the previous run).`, '');
  lines.push(`Command: \`${results.command}\`. GhostIDE Realtime ran as \`java ${results.ours_java_opts} -jar `
    + `target/ghostide-realtime-*.jar ${results.ours_args}\` (with the bench classes on Boot's loader path); the baselines with their defaults. `
    + `Every client offered: ${results.client_offer === 'none' ? 'no extension' : `\`${results.client_offer}\` (as Chromium does)`}.`, '');
  lines.push('Every figure is from this run on this machine; compare ratios, not absolute numbers, across runs.', '');

  const t = results.targets;
  if (t.length) {
    lines.push('## Targets', '', '| target | ours | value | reference | ratio | limit | holds |', '|---|---|---|---|---|---|---|');
    for (const r of t) {
      lines.push(`| ${r.target} | ${VARIANTS[r.variant].label} | ${fmt(r.value)} | ${fmt(r.reference)} | ${fmt(r.ratio)} (${r.unit}) `
        + `| ${r.better === 'higher' ? '>=' : '<='} ${r.limit} | ${r.holds == null ? 'n/a' : r.holds ? 'yes' : '**no**'} |`);
    }
    lines.push('');
  }

  for (const [name, data] of Object.entries(results.scenarios)) {
    const variants = Object.keys(data.variants);
    const pairs = RATIO_PAIRS.filter(([a, b]) => data.variants[a] && data.variants[b]
      && !data.variants[a].skipped && !data.variants[b].skipped && !data.variants[a].error && !data.variants[b].error);
    lines.push(`## ${scenarioTitle(name, data)}`, '');
    const cells = (xs) => `| ${xs.join(' | ')} |`;
    lines.push(cells(['figure', ...variants.map((v) => VARIANTS[v].label), ...pairs.map(([a, b]) => `${VARIANTS[a].label} / ${VARIANTS[b].label}`)]));
    lines.push(cells(['---', ...variants.map(() => '---:'), ...pairs.map(() => '---:')]));
    const notes = variants.filter((v) => data.variants[v].skipped || data.variants[v].error)
      .map((v) => `${VARIANTS[v].label}: ${data.variants[v].skipped ?? `failed: ${data.variants[v].error}`}`);
    for (const [path, label, better] of FIGURES[name]) {
      const values = variants.map((v) => get(data.variants[v], path));
      if (values.every((x) => x === undefined)) continue;
      const rs = pairs.map(([a, b]) => (better ? fmt(ratio(get(data.variants[a], path), get(data.variants[b], path))) : ''));
      lines.push(cells([`${label}${better ? ` (${better} is better)` : ''}`, ...values.map(fmt), ...rs]));
    }
    const mixes = variants.map((v) => data.variants[v].clients).filter(Boolean);
    lines.push('');
    if (mixes.length) lines.push(`Clients: ${variants.map((v) => `${VARIANTS[v].label} ${JSON.stringify(data.variants[v].clients ?? {})}`).join('; ')}.`, '');
    for (const n of notes) lines.push(`- ${n}`);
    if (notes.length) lines.push('');
  }
  return lines.join('\n');
}

/** Rows of the chart: one bar per target row. */
export function chartRows(results) {
  return results.targets.filter((r) => r.ratio != null).map((r) => ({
    label: `${r.target} [${VARIANTS[r.variant].label}]`,
    value: r.ratio,
    limit: r.limit,
    better: r.better,
    holds: r.holds,
    unit: r.unit,
  }));
}
