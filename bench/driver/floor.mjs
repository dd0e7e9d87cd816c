// The floors, measured from a small process of their own (not the driver, whose size would
// slow every spawn): node floor.mjs pipe|first CODE REPEATS -> JSON lines on stdout.
// pipe: seconds for `python3 -u -c CODE` to run into a pipe read to its end;
// first: milliseconds from spawn to its first output.
import { spawn } from 'node:child_process';

const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';
const [mode, code, repeats] = process.argv.slice(2);

function once() {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    let first = null;
    let bytes = 0;
    const child = spawn(PYTHON, ['-u', '-c', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk) => {
      first ??= process.hrtime.bigint();
      bytes += chunk.length;
    });
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({
      seconds: Number(process.hrtime.bigint() - start) / 1e9,
      first_output_ms: first == null ? null : Number(first - start) / 1e6,
      bytes,
      exit_code: exitCode,
    }));
  });
}

const runs = [];
for (let i = 0; i < Number(repeats); i++) runs.push(await once());
process.stdout.write(`${JSON.stringify({ mode, runs })}\n`);
