// exec-start: POST /api/v1/execution/execute/websocket with print('hi') to the first
// execution_output at a subscriber of the session, against spawning the same interpreter bare
// to its first output.
import { openClient } from '../clients.mjs';
import { supportsExecution } from '../servers.mjs';
import { nowNs, postJson, sleep, summary, round, log } from '../util.mjs';
import { floorRuns } from './program.mjs';

export const name = 'exec-start';

const CODE = "print('hi')";

export async function run(server, o) {
  if (!(await supportsExecution(server))) return { skipped: 'this server does not run code (no execution feature in this build)' };
  const transports = server.variant.transports;
  let firstOutput = null;
  let completed = null;
  const client = await openClient(server, transports[0], 'start0', (m) => {
    if (m.type === 'execution_output') firstOutput ??= nowNs();
    if (m.type === 'execution_complete' || m.type === 'execution_error') completed = nowNs();
  }, { receipt: server.variant.target === 'ours' });
  const toOutput = [];
  const toResponse = [];
  for (let i = 0; i < o.warmup + o.repeats; i++) {
    firstOutput = null;
    completed = null;
    const start = nowNs();
    const result = await postJson(`${server.base}/api/v1/execution/execute/websocket`,
      { code: CODE, language: 'python', session_id: 'start0' });
    const responded = nowNs();
    const deadline = Date.now() + 10_000;
    while (completed == null && Date.now() < deadline) await sleep(1);
    if (i >= o.warmup && firstOutput != null && result.stdout === 'hi\n') {
      toOutput.push(Number(firstOutput - start) / 1e6);
      toResponse.push(Number(responded - start) / 1e6);
    }
  }
  client.terminate();
  const bare = (await floorRuns('first', CODE, o.repeats)).map((r) => r.first_output_ms);
  const out = summary(toOutput);
  const floor = summary(bare);
  log(`exec-start ${server.name}: first output p50 ${round(out.p50, 1)} ms vs bare ${round(floor.p50, 1)} ms`);
  return {
    runs: out.count,
    first_output_ms: { p50: round(out.p50, 2), p90: round(out.p90, 2), max: round(out.max, 2) },
    response_ms_p50: round(summary(toResponse).p50, 2),
    bare_first_output_ms: { p50: round(floor.p50, 2), p90: round(floor.p90, 2) },
    ratio_to_bare: round(out.p50 / floor.p50, 2),
  };
}
