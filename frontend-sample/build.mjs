// The page's build, run by the Maven build (exec-maven-plugin) as `node build.mjs [npm]`:
// 1. `npm ci` when node_modules does not hold what package-lock.json pins (a stamp in
//    node_modules records the lock file's hash; `npm ci` removes node_modules, stamp included);
// 2. esbuild bundles the editor (lib/codemirror.js) into build/vendor/codemirror/, which the
//    Maven build copies beside the page. Nothing is downloaded when the page runs.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const npm = process.argv[2] || 'npm';
const stamp = join(here, 'node_modules', '.ghostide-lock.sha256');
const lockHash = createHash('sha256').update(readFileSync(join(here, 'package-lock.json'))).digest('hex');

if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === lockHash) {
  console.log('[frontend] node_modules matches package-lock.json: npm ci skipped');
} else {
  const ci = spawnSync(npm, ['ci', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=warn'],
    { cwd: here, stdio: 'inherit' });
  if (ci.status !== 0) {
    console.error(`[frontend] ${npm} ci failed (${ci.error?.message ?? `exit ${ci.status}`})`);
    process.exit(1);
  }
  writeFileSync(stamp, `${lockHash}\n`);
}

const { build } = await import('esbuild');
await build({
  absWorkingDir: here,
  entryPoints: ['lib/codemirror.js'],
  outfile: 'build/vendor/codemirror/codemirror.js',
  bundle: true,
  format: 'esm',
  target: 'es2020',
  minify: true,
  legalComments: 'eof',
  logLevel: 'warning',
});
console.log('[frontend] editor bundled into build/vendor/codemirror/codemirror.js');
