import fs from 'node:fs';
// Small helpers of the benchmark driver: clocks, percentiles, HTTP, process memory.
import { readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import os from 'node:os';

/** The system-wide monotonic clock (CLOCK_MONOTONIC) in microseconds: the servers stamp with the same clock. */
export const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** The same clock in nanoseconds, as a BigInt. */
export const nowNs = () => process.hrtime.bigint();

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Percentile (nearest rank) of an already sorted numeric array. */
export function pct(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** p50/p90/p99/p99.9/max of a list of numbers (a copy is sorted). */
export function summary(values) {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p50: pct(sorted, 50), p90: pct(sorted, 90), p99: pct(sorted, 99), p999: pct(sorted, 99.9),
    max: sorted.length ? sorted[sorted.length - 1] : null,
  };
}

export function median(values) {
  return pct(Float64Array.from(values).sort(), 50);
}

export async function getJson(url, { timeoutMs = 5000 } = {}) {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return response.json();
}

export async function postJson(url, body, { timeoutMs = 600_000 } = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${url}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** Resident memory of a process in KiB (VmRSS), or null when it is gone. */
export function rssKib(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = status.match(/^VmRSS:\s+(\d+)\s+kB/m);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** CPU time a process has used so far (user + system), in milliseconds, or null when it is gone. */
export function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11], fields[12]: utime, stime in clock ticks (USER_HZ, 100 on Linux)
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

export function run(file, args, { timeoutMs = 60_000 } = {}) {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs }, (error, stdout, stderr) => {
      resolve({ ok: !error, stdout: String(stdout), stderr: String(stderr), error: error ? String(error) : null });
    });
  });
}

/** Full GC through jcmd, then the heap in use after it (KiB), or null where jcmd is missing. */
export async function jvmGcAndHeap(pid) {
  const gc = await run('jcmd', [String(pid), 'GC.run']);
  if (!gc.ok) return null;
  const info = await run('jcmd', [String(pid), 'GC.heap_info']);
  const m = info.stdout.match(/total (\d+)K, used (\d+)K/);
  return m ? { heap_committed_kib: Number(m[1]), heap_used_kib: Number(m[2]) } : null;
}

export function loadAverage() {
  return os.loadavg().map((x) => Math.round(x * 100) / 100);
}

function cpuJiffies() {
  // the aggregate "cpu" line of /proc/stat: user nice system idle iowait irq softirq steal ...
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + f[4];
  const busy = f[0] + f[1] + f[2] + f[5] + f[6] + (f[7] ?? 0);
  return { idle, busy };
}

/**
 * The share of the machine's CPU time that was busy over the next `ms`, measured between runs,
 * when no benchmark server runs and the driver waits: other work. The load average cannot tell,
 * since it still remembers the previous run for a minute after it ended.
 */
export async function busyShare(ms = 2000) {
  const a = cpuJiffies();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const b = cpuJiffies();
  const total = (b.busy - a.busy) + (b.idle - a.idle);
  return total > 0 ? Math.round(((b.busy - a.busy) / total) * 1000) / 1000 : 0;
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpu_model: cpus[0]?.model ?? 'unknown',
    memory_gib: Math.round(os.totalmem() / 2 ** 30 * 10) / 10,
    kernel: os.release(),
    node: process.version,
  };
}

export const round = (x, digits = 2) => (x == null || Number.isNaN(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits);

export function log(...args) {
  const t = new Date().toISOString().slice(11, 19);
  console.error(`[${t}]`, ...args);
}
