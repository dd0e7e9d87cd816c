// The servers measured: GhostIDE Realtime (ours) and two BASELINE peers, each started fresh,
// on its own port on 127.0.0.1, for every scenario run.
import { spawn } from 'node:child_process';
import { openSync, closeSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getJson, sleep, log } from './util.mjs';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = path.resolve(BENCH_DIR, '..');

/**
 * JVM options for GhostIDE Realtime in the benchmark: the ones the README recommends.
 * GHOSTIDE_JAVA_OPTS replaces them (split on spaces).
 */
export const OURS_JAVA_OPTS = (process.env.GHOSTIDE_JAVA_OPTS ?? '-Xms64m -Xmx1g -XX:+UseG1GC')
  .split(/\s+/).filter(Boolean);

/**
 * Properties GhostIDE Realtime runs with besides its defaults: the streaming scenario's programs
 * write 1.2 MB and 12 MB, past the default ghostide.execution.max-output (1 MiB per stream),
 * which would stop them; and it starts four programs at once, which the Node peer runs at once,
 * while by default this server runs as many as the machine has processors (two here) and queues
 * the rest. (server.jetty.max-connections is 11000 in the application's own settings, above
 * ghostide.connection.max-total.) GHOSTIDE_ARGS replaces them (split on spaces).
 */
export const OURS_ARGS = (process.env.GHOSTIDE_ARGS ?? '--ghostide.execution.max-output=16MB --ghostide.execution.max-concurrent=4')
  .split(/\s+/).filter(Boolean);

function oursJar() {
  if (process.env.GHOSTIDE_JAR) return path.resolve(process.env.GHOSTIDE_JAR);
  const dir = path.join(REPO_DIR, 'target');
  const jar = readdirSync(dir).find((f) => /^ghostide-realtime-.*\.jar$/.test(f) && !f.endsWith('-plain.jar'));
  if (!jar) throw new Error('target/ghostide-realtime-*.jar missing: run ./mvnw -q -DskipTests package');
  return path.join(dir, jar);
}

export const TARGETS = {
  ours: {
    label: 'GhostIDE Realtime',
    jvm: true,
    command: (port) => ['java', [...OURS_JAVA_OPTS, '-jar', oursJar(),
      `--server.port=${port}`, '--ghostide.benchmark.enabled=true', ...OURS_ARGS]],
  },
  node: {
    label: 'Node ws (baseline)',
    jvm: false,
    command: (port) => [process.execPath, [path.join(BENCH_DIR, 'peers/node-ws/server.mjs'), String(port)]],
  },
  spring: {
    label: 'Spring STOMP (baseline)',
    jvm: true,
    // default JVM settings: the obvious way
    command: (port) => ['java', ['-jar', path.join(BENCH_DIR, 'peers/spring-stomp/target/bench-peer-spring-stomp.jar'),
      `--server.port=${port}`]],
  },
};

/** One server with one kind of client: the columns of every table. */
export const VARIANTS = {
  'ours-mixed': { target: 'ours', transports: ['raw', 'stomp'], label: 'ours, raw+STOMP' },
  'ours-raw': { target: 'ours', transports: ['raw'], label: 'ours, raw' },
  'ours-stomp': { target: 'ours', transports: ['stomp'], label: 'ours, STOMP' },
  node: { target: 'node', transports: ['raw'], label: 'Node ws (baseline)' },
  spring: { target: 'spring', transports: ['stomp'], label: 'Spring STOMP (baseline)' },
};

const BASE_PORT = Number(process.env.BENCH_BASE_PORT ?? 18100);
let nextPort = BASE_PORT;

/** Starts a fresh server of the variant's target and waits until it answers. */
export async function startServer(variantName, scenario, logDir) {
  const variant = VARIANTS[variantName];
  const target = TARGETS[variant.target];
  // a port per run: no run meets the previous run's TIME_WAIT sockets
  const port = nextPort++;
  const [file, args] = target.command(port);
  mkdirSync(logDir, { recursive: true });
  const logFd = openSync(path.join(logDir, `${scenario}-${variantName}.log`), 'w');
  const child = spawn(file, args, { stdio: ['ignore', logFd, logFd], env: { ...process.env, PORT: String(port) } });
  closeSync(logFd);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${variantName} exited at start (see ${logDir})`);
    try {
      await getJson(`${base}/ws/status`, { timeoutMs: 1000 });
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${variantName} did not start within 90 s`);
      }
      await sleep(200);
    }
  }
  log(`started ${variantName} (${target.label}) pid ${child.pid} on ${base}`);
  return {
    name: variantName, variant, target, port, base, ws: `ws://127.0.0.1:${port}`, pid: child.pid, jvm: target.jvm,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Whether the server runs Python (the execution feature): GET /api/v1/languages names it,
 * as a plain list or as {languages: [{id, available}]}.
 */
export async function supportsExecution(server) {
  try {
    const languages = await getJson(`${server.base}/api/v1/languages`, { timeoutMs: 3000 });
    if (Array.isArray(languages)) return languages.includes('python');
    return (languages.languages ?? []).some((l) => l.id === 'python' && l.available !== false);
  } catch {
    return false;
  }
}
