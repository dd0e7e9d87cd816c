// The benchmark driver: for each scenario and each server variant, starts a fresh server,
// runs the scenario with this one driver, stops the server; then writes results/latest.json,
// results/latest.md and the chart's rows. Usage (bench/run passes the arguments through):
//   node driver/main.mjs [--scenario fanout,streaming,connections,exec-start]
//                        [--variants ours-mixed,ours-raw,ours-stomp,ours-raw-redis,ours-stomp-redis,node,spring]
//                        [--size full|small]
//                        [--no-deflate] [--out results] [--max-minutes 30] [--set scenario.option=value ...]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH_DIR, OURS_ARGS, OURS_JAVA_OPTS, VARIANTS, startServer } from './servers.mjs';
import { chartRows, markdown, ratios, targets } from './report.mjs';
import { setOfferDeflate } from './clients.mjs';
import { busyShare, loadAverage, log, machine, run } from './util.mjs';
import * as fanout from './scenarios/fanout.mjs';
import * as streaming from './scenarios/streaming.mjs';
import * as connections from './scenarios/connections.mjs';
import * as execStart from './scenarios/execstart.mjs';

const SCENARIOS = { fanout, streaming, connections, 'exec-start': execStart };

/** Which variants each scenario applies to: the Spring peer has no code execution. */
const APPLIES = {
  fanout: ['ours-mixed', 'ours-raw', 'ours-stomp', 'ours-raw-on', 'ours-stomp-on', 'ours-raw-redis', 'ours-stomp-redis',
    'node', 'spring'],
  streaming: ['ours-mixed', 'ours-raw', 'ours-stomp', 'ours-raw-on', 'ours-stomp-on', 'ours-raw-redis', 'ours-stomp-redis',
    'node'],
  connections: ['ours-mixed', 'ours-raw', 'ours-stomp', 'ours-raw-on', 'ours-stomp-on', 'node', 'spring'],
  'exec-start': ['ours-raw', 'node'],
};

const SIZES = {
  full: {
    fanout: { sessions: 4, subscribers: 24, messages: 5000, batch: 500, warmupMessages: 2000, payloadBytes: 64,
      ratePerSession: 150, latencySeconds: 5 },
    streaming: { sessions: 4, subscribers: 25, lines: 20_000, warmupRuns: 2, singleLines: 200_000, floorRepeats: 3 },
    connections: { connections: 10_000, connectConcurrency: 100, openSeconds: 45, warmupConnections: 200, settleMs: 3000, coldPings: 2000, pings: 3000, pingWarmup: 10_000 },
    'exec-start': { warmup: 3, repeats: 20 },
  },
  small: {
    fanout: { sessions: 2, subscribers: 8, messages: 2000, batch: 250, warmupMessages: 500, payloadBytes: 64,
      ratePerSession: 200, latencySeconds: 2 },
    streaming: { sessions: 2, subscribers: 4, lines: 2000, warmupRuns: 1, singleLines: 20_000, floorRepeats: 2 },
    connections: { connections: 500, connectConcurrency: 50, openSeconds: 30, warmupConnections: 50, settleMs: 1000, coldPings: 200, pings: 500, pingWarmup: 200 },
    'exec-start': { warmup: 1, repeats: 5 },
  },
};

function parseArgs(argv) {
  const args = { scenario: Object.keys(SCENARIOS),
    variants: ['ours-raw', 'ours-stomp', 'ours-mixed', 'ours-raw-redis', 'ours-stomp-redis', 'node', 'spring'],
    size: 'full', out: null, maxMinutes: 30, deflate: true, set: [] };
  for (let i = 0; i < argv.length; i++) {
    const [key, inline] = argv[i].split('=', 2);
    const value = () => (inline !== undefined && !key.startsWith('--set') ? inline : argv[++i]);
    switch (key) {
      case '--scenario': case '--scenarios': args.scenario = value().split(','); break;
      case '--variants': args.variants = value().split(','); break;
      case '--size': args.size = value(); break;
      case '--out': args.out = path.resolve(value()); break;
      case '--max-minutes': args.maxMinutes = Number(value()); break;
      case '--set': args.set.push(argv[++i]); break;
      case '--no-deflate': args.deflate = false; break;
      default: throw new Error(`unknown argument ${argv[i]} (see bench/README.md)`);
    }
  }
  for (const s of args.scenario) if (!SCENARIOS[s]) throw new Error(`unknown scenario ${s}: one of ${Object.keys(SCENARIOS)}`);
  for (const v of args.variants) if (!VARIANTS[v]) throw new Error(`unknown variant ${v}: one of ${Object.keys(VARIANTS)}`);
  if (!SIZES[args.size]) throw new Error(`unknown size ${args.size}: full or small`);
  // each client kind keeps its own results, so that both stay side by side
  args.out ??= path.join(BENCH_DIR, 'results', args.deflate ? '' : 'no-deflate');
  return args;
}

const BUSY_LIMIT = 0.25;

async function main() {
  const args = parseArgs(process.argv.slice(2));
  setOfferDeflate(args.deflate);
  const params = structuredClone(SIZES[args.size]);
  for (const assignment of args.set) {
    const [, scenario, option, value] = assignment.match(/^([\w-]+)\.(\w+)=(.+)$/) ?? [];
    if (!params[scenario] || !(option in params[scenario])) throw new Error(`bad --set ${assignment}`);
    params[scenario][option] = Number(value);
  }
  const java = (await run('java', ['-version'])).stderr.split('\n')[0].replace(/"/g, '');
  const results = {
    started_at: new Date().toISOString(),
    command: `bench/run ${process.argv.slice(2).join(' ')}`.trim(),
    machine: { ...machine(), java },
    ours_java_opts: OURS_JAVA_OPTS.join(' '),
    // set when ours ran from a plain class path instead of the jar: not the documented launch
    ours_classpath: process.env.GHOSTIDE_CLASSPATH ?? null,
    ours_args: OURS_ARGS.join(' '),
    size: args.size,
    // what every client offers at its upgrade, as browsers do by default
    client_offer: args.deflate ? 'permessage-deflate; client_max_window_bits' : 'none',
    runs: [],
    scenarios: {},
  };
  const logDir = path.join(args.out, 'logs');
  const deadline = Date.now() + args.maxMinutes * 60_000;
  for (const name of args.scenario) {
    const scenario = SCENARIOS[name];
    const entry = { params: params[name], variants: {} };
    results.scenarios[name] = entry;
    for (const variant of args.variants.filter((v) => APPLIES[name].includes(v))) {
      if (Date.now() > deadline) {
        entry.variants[variant] = { skipped: `time budget of ${args.maxMinutes} min spent` };
        continue;
      }
      const load = loadAverage();
      const busy = await busyShare();
      results.runs.push({ scenario: name, variant, load, busy_share_before: busy });
      log(`${name} / ${variant} (CPU busy with other work: ${Math.round(busy * 100)}%; load ${load.join(' ')})`);
      let server;
      try {
        server = await startServer(variant, name, logDir);
        entry.variants[variant] = await scenario.run(server, params[name]);
      } catch (err) {
        log(`${name} / ${variant} failed: ${err.stack ?? err}`);
        entry.variants[variant] = { error: String(err.message ?? err) };
      } finally {
        await server?.stop();
      }
    }
  }
  results.finished_at = new Date().toISOString();
  // other work using more than a quarter of the machine (half a core here) between two runs
  const maxBusy = Math.max(...results.runs.map((r) => r.busy_share_before));
  results.provisional = maxBusy > BUSY_LIMIT || args.size !== 'full';
  results.provisional_reason = [
    maxBusy > BUSY_LIMIT ? `other work kept ${Math.round(maxBusy * 100)}% of the CPU busy between runs (> ${BUSY_LIMIT * 100}%): it shared the CPUs` : null,
    args.size !== 'full' ? `size "${args.size}", not the full scenario sizes` : null,
  ].filter(Boolean).join('; ');
  results.ratios = ratios(results);
  results.targets = targets(results);

  mkdirSync(args.out, { recursive: true });
  writeFileSync(path.join(args.out, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(args.out, 'latest.md'), `${markdown(results)}\n`);
  const rows = chartRows(results);
  const title = `GhostIDE Realtime vs baselines, same run (${results.started_at.slice(0, 10)}), clients ${args.deflate ? 'offering deflate' : 'offering no deflate'}${results.provisional ? ', PROVISIONAL' : ''}`;
  writeFileSync(path.join(args.out, 'chart.tsv'), [title, ...rows.map((r) =>
    [r.label, r.value, r.limit, r.better, r.holds == null ? 'na' : r.holds, r.unit].join('\t'))].join('\n') + '\n');
  const chart = await run('java', ['-Djava.awt.headless=true', path.join(BENCH_DIR, 'Chart.java'),
    path.join(args.out, 'chart.tsv'), path.join(args.out, 'chart.png')]);
  if (!chart.ok) log(`chart not drawn: ${chart.stderr || chart.error}`);
  process.stdout.write(`${markdown(results)}\n`);
  log(`wrote ${path.join(args.out, 'latest.json')}, latest.md, chart.png`);
}

main().catch((err) => {
  console.error(err.stack ?? err);
  process.exit(1);
});
