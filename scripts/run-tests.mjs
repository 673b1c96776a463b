// Runs every compiled `*_test.js` under dist/ and every `*_test.mjs` under scripts/ with Node's own
// test runner (Node 20 takes no globs); then, when no filter was given, executes the notebooks with
// Jupyter and checks them in a browser (scripts/notebooks/run-notebooks.mjs).
//
//   node scripts/run-tests.mjs [path-substring ...]
//
// EAR2FACE_NOTEBOOKS=0 skips the notebooks; EAR2FACE_NOTEBOOKS=1 runs them even with a filter.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir, suffix, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, suffix, out);
    else if (name.endsWith(suffix)) out.push(p);
  }
  return out;
}

const filter = process.argv.slice(2);
const all = [...find('dist', '_test.js', []), ...find('scripts', '_test.mjs', [])];
const files = all.filter((f) => filter.length === 0 || filter.some((s) => f.includes(s))).sort();
if (files.length === 0) {
  console.error('run-tests: no *_test.js files found under dist/ (did the build run?)');
  process.exit(1);
}
// Two test files run at once on two cores, so each wasm engine gets one thread unless told otherwise.
const env = { ...process.env, EAR2FACE_WASM_THREADS: process.env.EAR2FACE_WASM_THREADS ?? '1' };
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit', env });
if (r.status !== 0) process.exit(r.status ?? 1);

const notebooks = process.env.EAR2FACE_NOTEBOOKS ?? (filter.length === 0 ? '1' : '0');
if (notebooks !== '1') process.exit(0);
// The notebooks run alone: each uses the wasm engine's default threads.
const nb = spawnSync(process.execPath, ['scripts/notebooks/run-notebooks.mjs'], { stdio: 'inherit' });
if (nb.status !== 0) {
  console.error('run-tests: the notebook check failed (see above); EAR2FACE_NOTEBOOKS=0 runs only the unit tests');
  process.exit(nb.status ?? 1);
}
