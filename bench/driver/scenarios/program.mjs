// The programs the streaming scenarios run, and the floor: the same interpreter, the same
// program, writing into a pipe that the driver reads.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '../util.mjs';

const FLOOR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../floor.mjs');

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

/** Runs the program bare `repeats` times from a small process of its own (floor.mjs). */
export function floorRuns(mode, code, repeats) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [FLOOR, mode, code, String(repeats)], { timeout: 300_000, maxBuffer: 1 << 20 },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout).runs)));
  });
}

/** The same program writing into a pipe: median seconds to its end, and the bytes read. */
export async function pipeFloor(code, repeats) {
  const runs = await floorRuns('pipe', code, repeats);
  return { seconds: median(runs.map((r) => r.seconds)), bytes: runs[0].bytes, runs: runs.length };
}
