// The servers measured: GhostIDE Realtime (ours) and two BASELINE peers, each started fresh,
// on its own port on 127.0.0.1, for every scenario run.
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getJson, nowNs, sleep, log } from './util.mjs';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = path.resolve(BENCH_DIR, '..');

/** The JVM options of the documented launch (docs/operations.md, "Launch and memory"). */
export const DOCUMENTED_JAVA_OPTS = '-Xms64m -Xmx1g -XX:+UseG1GC';

/**
 * JVM options for GhostIDE Realtime in the benchmark: the ones the README recommends.
 * GHOSTIDE_JAVA_OPTS replaces them (split on spaces).
 */
export const OURS_JAVA_OPTS = (process.env.GHOSTIDE_JAVA_OPTS ?? DOCUMENTED_JAVA_OPTS)
  .split(/\s+/).filter(Boolean);

/**
 * Properties GhostIDE Realtime runs with besides its defaults. The streaming scenario's programs
 * write 1.2 MB and 12 MB, past the default ghostide.execution.max-output (1 MiB per stream),
 * which would stop them; and it starts four programs at once, which the Node peer runs at once,
 * while by default this server runs as many as the machine has processors (two here) and queues
 * the rest. The benchmark measures throughput, not the abuse limits, and every client comes from
 * one address, which without tokens counts as one user: its share of a session's connections
 * (ghostide.connection.max-per-session-per-user, 8) is raised to the session's cap (32) so that
 * 25 subscribers of one session are admitted as 25 users would be; four runs at once pass
 * max-runs-per-user (3); and exec-start's runs one after the other, like streaming's POSTs, pass
 * the rate limits of one client (2 runs/s, 20 calls/s), as the idle scenario's burst of connects passes its
 * upgrade rate (50/s). (server.jetty.max-connections is 11000 in
 * the application's own settings, above ghostide.connection.max-total.) GHOSTIDE_ARGS replaces
 * them (split on spaces).
 */
const DEFAULT_OURS_ARGS = [
  '--ghostide.execution.max-output=16MB', '--ghostide.execution.max-concurrent=4',
  '--ghostide.connection.max-per-session-per-user=32',
  '--ghostide.execution.max-runs-per-user=8', '--ghostide.execution.max-runs-per-session=8',
  '--ghostide.rate-limit.execute-code-per-second=1000', '--ghostide.rate-limit.execute-code-burst=1000',
  '--ghostide.rate-limit.overall-per-second=1000', '--ghostide.rate-limit.overall-burst=1000',
  '--ghostide.rate-limit.upgrades-per-second=100000', '--ghostide.rate-limit.upgrades-burst=100000',
].join(' ');

export const OURS_ARGS = (process.env.GHOSTIDE_ARGS ?? DEFAULT_OURS_ARGS)
  .split(/\s+/).filter(Boolean);

function oursJar() {
  if (process.env.GHOSTIDE_JAR) return path.resolve(process.env.GHOSTIDE_JAR);
  const dir = path.join(REPO_DIR, 'target');
  const jar = readdirSync(dir).find((f) => /^ghostide-realtime-.*\.jar$/.test(f) && !f.endsWith('-plain.jar'));
  if (!jar) throw new Error('target/ghostide-realtime-*.jar missing: run ./mvnw -q -DskipTests package');
  return path.join(dir, jar);
}

/**
 * The bench-only classes (io.ghostide.bench: the publisher and the launcher that adds it), which
 * bench/run copies out of target/test-classes: the production jar does not hold them.
 */
function benchClasses() {
  const dir = path.join(REPO_DIR, 'target/bench-classes');
  if (!existsSync(path.join(dir, 'io/ghostide/bench/BenchmarkServer.class'))) {
    throw new Error('target/bench-classes missing: run bench/run without BENCH_SKIP_BUILD once');
  }
  return dir;
}

export const TARGETS = {
  ours: {
    label: 'GhostIDE Realtime',
    jvm: true,
    // the production jar, with the bench classes on the loader path of Boot's PropertiesLauncher
    // GHOSTIDE_CLASSPATH instead: a plain class path holding the bench classes too, such as the
    // jar extracted by `java -Djarmode=tools -jar ... extract` and a jar of target/bench-classes
    // (class data sharing takes jars only)
    command: (port, args) => ['java', [...OURS_JAVA_OPTS, ...(process.env.GHOSTIDE_CLASSPATH
      ? ['-cp', process.env.GHOSTIDE_CLASSPATH, 'io.ghostide.bench.BenchmarkServer']
      : [`-Dloader.path=${benchClasses()}`, '-Dloader.main=io.ghostide.bench.BenchmarkServer', '-cp', oursJar(),
        'org.springframework.boot.loader.launch.PropertiesLauncher']),
    `--server.port=${port}`, ...OURS_ARGS, ...args]],
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
  // compression on: what the server costs when it accepts the clients' permessage-deflate offer
  'ours-raw-on': { target: 'ours', transports: ['raw'], label: 'ours, raw, compression on', compression: true,
    args: ['--ghostide.websocket.compression=on'] },
  'ours-stomp-on': { target: 'ours', transports: ['stomp'], label: 'ours, STOMP, compression on', compression: true,
    args: ['--ghostide.websocket.compression=on'] },
  // several instances' mode: the same server with a private redis-server of its own (started for the run on
  // BENCH_REDIS_PORT and up), every publish going through the session log's Lua script and pub/sub
  'ours-raw-redis': { target: 'ours', transports: ['raw'], label: 'ours, raw, redis mode', redis: true },
  'ours-stomp-redis': { target: 'ours', transports: ['stomp'], label: 'ours, STOMP, redis mode', redis: true },
  node: { target: 'node', transports: ['raw'], label: 'Node ws (baseline)' },
  spring: { target: 'spring', transports: ['stomp'], label: 'Spring STOMP (baseline)' },
};

// servers running now: a driver that is stopped (Ctrl-C, a timeout) takes them down with it
const running = new Set();
process.once('exit', () => { for (const child of running) child.kill('SIGKILL'); });
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

const BASE_PORT = Number(process.env.BENCH_BASE_PORT ?? 18100);
let nextPort = BASE_PORT;
let nextRedisPort = Number(process.env.BENCH_REDIS_PORT ?? 16400);

/** PING on a fresh connection: resolves with Redis's first reply line, rejects when nothing answers. */
function redisPing(port) {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host: '127.0.0.1', port });
    let reply = '';
    socket.setTimeout(1000, () => socket.destroy(new Error('timeout')));
    socket.once('error', reject);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk;
      if (reply.includes('\r\n')) {
        socket.end();
        resolve(reply.split('\r\n')[0]);
      }
    });
  });
}

/**
 * A private redis-server for one run of a redis-mode variant: its own port and temporary
 * directory, nothing kept on disk, as the README's "Running several instances" starts one.
 */
async function startRedis(logDir, name) {
  const port = nextRedisPort++;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ghostide-bench-redis-'));
  const child = spawn(process.env.REDIS_SERVER ?? 'redis-server', ['--port', String(port), '--bind', '127.0.0.1',
    '--dir', dir, '--save', '', '--appendonly', 'no', '--logfile', path.join(logDir, `${name}-redis.log`)],
  { stdio: 'ignore' });
  running.add(child);
  const exited = new Promise((resolve) => child.once('exit', () => { running.delete(child); resolve(); }));
  const failed = new Promise((resolve) => child.once('error', resolve));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const error = await Promise.race([failed, sleep(100).then(() => null)]);
    if (error) throw new Error(`redis-server could not start (${error.message}): apt-get install -y redis-server, or set REDIS_SERVER`);
    if (child.exitCode !== null) throw new Error(`redis-server exited at start (see ${logDir})`);
    if (await redisPing(port).catch(() => null) === '+PONG') break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not answer on port ${port} within 20 s`);
    }
  }
  log(`started redis-server pid ${child.pid} on 127.0.0.1:${port}`);
  return {
    port,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts a fresh server of the variant's target and waits until it answers. */
export async function startServer(variantName, scenario, logDir) {
  const variant = VARIANTS[variantName];
  const target = TARGETS[variant.target];
  // a port per run: no run meets the previous run's TIME_WAIT sockets
  const port = nextPort++;
  mkdirSync(logDir, { recursive: true });
  const redis = variant.redis ? await startRedis(logDir, `${scenario}-${variantName}`) : null;
  const [file, args] = target.command(port, [...(variant.args ?? []),
    ...(redis ? ['--ghostide.cluster.mode=redis', `--spring.data.redis.url=redis://127.0.0.1:${redis.port}`] : [])]);
  const logFd = openSync(path.join(logDir, `${scenario}-${variantName}.log`), 'w');
  const child = spawn(file, args, { stdio: ['ignore', logFd, logFd], env: { ...process.env, PORT: String(port) } });
  closeSync(logFd);
  running.add(child);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => { running.delete(child); resolve({ code, signal }); }));
  const base = `http://127.0.0.1:${port}`;
  const startSeconds = Number(process.env.BENCH_START_SECONDS ?? 90);
  const deadline = Date.now() + startSeconds * 1000;
  for (;;) {
    if (child.exitCode !== null) {
      await redis?.stop();
      throw new Error(`${variantName} exited at start (see ${logDir})`);
    }
    try {
      await getJson(`${base}/ws/status`, { timeoutMs: 1000 });
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        await redis?.stop();
        throw new Error(`${variantName} did not start within ${startSeconds} s (BENCH_START_SECONDS)`);
      }
      await sleep(200);
    }
  }
  log(`started ${variantName} (${target.label}) pid ${child.pid} on ${base}`);
  return {
    // when it first answered: "a fresh server" is measured from here
    readyNs: nowNs(),
    name: variantName, variant, target, port, base, ws: `ws://127.0.0.1:${port}`, pid: child.pid, jvm: target.jvm,
    // redis-mode variants: the redis-server's pid, whose CPU the scenarios report beside the server's
    redisPid: redis?.pid ?? null,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      await redis?.stop();
    },
  };
}

/**
 * Whether the server runs Python (the execution feature): GET /api/v1/languages names it,
 * as a plain list or as {languages: [{id, available}]}.
 */
export async function supportsExecution(server) {
  try {
    // generous: a loaded machine can take seconds to answer a fresh JVM's first request
    const languages = await getJson(`${server.base}/api/v1/languages`, { timeoutMs: 30_000 });
    if (Array.isArray(languages)) return languages.includes('python');
    return (languages.languages ?? []).some((l) => l.id === 'python' && l.available !== false);
  } catch {
    return false;
  }
}
