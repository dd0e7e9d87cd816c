// streaming: a program writing N lines of 60 bytes, started with POST
// /api/v1/execution/execute/websocket, delivered to K subscribers of its session. Delivered
// lines and bytes per second; every subscriber must get every byte, in order. Then one stream
// of many lines to one subscriber, against the floor of the same program writing into a pipe.
import { openClient, openMany } from '../clients.mjs';
import { supportsExecution } from '../servers.mjs';
import { cpuMs, nowNs, postJson, sleep, round, log } from '../util.mjs';
import { LINE_BYTES, expectedLines, linesProgram, pipeFloor } from './program.mjs';

export const name = 'streaming';

async function streamTo(server, sessions, subscribers, lines, transports, receipt) {
  const code = linesProgram(lines);
  const subs = [];
  const clients = [];
  for (const sessionId of sessions) {
    const { clients: opened, errors } = await openMany(subscribers, 8, (k) => {
      const st = { out: [], done: null, lastSeq: null, seqErrors: 0 };
      subs.push(st);
      return openClient(server, transports[k % transports.length], sessionId, (m) => {
        if (m.seq != null) {
          if (st.lastSeq != null && m.seq !== st.lastSeq + 1) st.seqErrors++;
          st.lastSeq = m.seq;
        }
        if (m.type === 'execution_output' && m.data.stream === 'stdout') st.out.push(m.data.output);
        else if (m.type === 'execution_complete' || m.type === 'execution_error') st.done = nowNs();
      }, { receipt });
    });
    if (errors.length) throw new Error(`could not open subscribers: ${errors[0]}`);
    clients.push(...opened);
  }
  await sleep(200);
  // the server's own CPU from the first POST to the last execution_complete: the programs are
  // its children, whose time /proc/PID/stat counts apart (cutime), so this is delivery alone
  const cpu0 = cpuMs(server.pid);
  const redisCpu0 = server.redisPid ? cpuMs(server.redisPid) : null;
  const start = nowNs();
  const results = await Promise.all(sessions.map((sessionId) => postJson(
    `${server.base}/api/v1/execution/execute/websocket`, { code, language: 'python', session_id: sessionId, timeout: 120 })));
  const deadline = Date.now() + 60_000;
  while (subs.some((st) => st.done == null) && Date.now() < deadline) await sleep(5);
  const cpuUsed = cpuMs(server.pid) - cpu0;
  const redisCpuUsed = server.redisPid ? cpuMs(server.redisPid) - redisCpu0 : null;
  const end = subs.reduce((a, st) => (st.done != null && st.done > a ? st.done : a), start);
  const seconds = Number(end - start) / 1e9;
  const expected = expectedLines(lines);
  const complete = subs.filter((st) => st.done != null && st.out.join('') === expected).length;
  for (const c of clients) c.terminate();
  const deliveredLines = lines * complete;
  return {
    seconds: round(seconds, 3),
    subscribers_complete: complete,
    subscribers: subs.length,
    out_of_order: subs.reduce((a, st) => a + st.seqErrors, 0),
    statuses: [...new Set(results.map((r) => r.status))],
    lines_per_s: round(deliveredLines / seconds, 0),
    mib_per_s: round((deliveredLines * LINE_BYTES) / seconds / 2 ** 20, 1),
    server_cpu_us_per_line: deliveredLines ? round((cpuUsed * 1000) / deliveredLines, 3) : null,
    server_cpu_share: round(cpuUsed / 1000 / seconds, 2),
    redis_cpu_us_per_line: redisCpuUsed == null || !deliveredLines ? undefined : round((redisCpuUsed * 1000) / deliveredLines, 3),
    extensions: clients[0]?.extensions || 'none',
  };
}

export async function run(server, o) {
  if (!(await supportsExecution(server))) return { skipped: 'this server does not run code (no execution feature in this build)' };
  const transports = server.variant.transports;
  const receipt = server.variant.target === 'ours';
  const sessions = Array.from({ length: o.sessions }, (_, s) => `stream${s}`);
  // warm-up: whole runs of the same shape, so that a JIT-compiled server is measured compiled,
  // as it is after its first minutes in service
  for (let i = 0; i < o.warmupRuns; i++) await streamTo(server, sessions, o.subscribers, o.lines, transports, receipt);
  const fan = await streamTo(server, sessions, o.subscribers, o.lines, transports, receipt);
  log(`streaming ${server.name}: ${fan.lines_per_s} lines/s, ${fan.subscribers_complete}/${fan.subscribers} complete`);
  const single = await streamTo(server, ['single0'], 1, o.singleLines, transports, receipt);
  const floor = await pipeFloor(linesProgram(o.singleLines), o.floorRepeats);
  log(`streaming ${server.name}: single ${single.seconds} s vs pipe ${round(floor.seconds, 3)} s`);
  return {
    sessions: o.sessions,
    subscribers_per_session: o.subscribers,
    lines: o.lines,
    fan,
    single: { ...single, lines: o.singleLines, pipe_floor_seconds: round(floor.seconds, 3),
      ratio_to_pipe: round(single.seconds / floor.seconds, 2) },
  };
}
