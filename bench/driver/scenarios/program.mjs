// The programs the streaming scenarios run, and the floor: the same interpreter, the same
// program, writing into a pipe that the driver reads.
import { spawn } from 'node:child_process';
import { nowNs, median } from '../util.mjs';

export const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';

export const LINE_BYTES = 60;

/** N lines of 60 bytes: an 8-digit number, a space, 50 'x', a newline. */
export function linesProgram(n) {
  return `import sys\nw = sys.stdout.write\nfor i in range(${n}):\n    w("%08d %s\\n" % (i, "x" * 50))\n`;
}

export function expectedLines(n) {
  const tail = ` ${'x'.repeat(50)}\n`;
  const parts = new Array(n);
  for (let i = 0; i < n; i++) parts[i] = String(i).padStart(8, '0') + tail;
  return parts.join('');
}

/** Runs the program bare into a pipe: seconds to EOF and to the first byte, and the bytes read. */
export function runIntoPipe(code) {
  return new Promise((resolve, reject) => {
    const start = nowNs();
    let first = null;
    let bytes = 0;
    const child = spawn(PYTHON, ['-u', '-c', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk) => {
      first ??= nowNs();
      bytes += chunk.length;
    });
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({
      seconds: Number(nowNs() - start) / 1e9,
      first_output_ms: first == null ? null : Number(first - start) / 1e6,
      bytes,
      exit_code: exitCode,
    }));
  });
}

export async function pipeFloor(code, repeats) {
  const runs = [];
  for (let i = 0; i < repeats; i++) runs.push(await runIntoPipe(code));
  return { seconds: median(runs.map((r) => r.seconds)), bytes: runs[0].bytes, runs: runs.length };
}
