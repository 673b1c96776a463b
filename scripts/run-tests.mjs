// Runs every compiled `*_test.js` under dist/ with Node's own test runner (Node 20 takes no globs).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('_test.js')) out.push(p);
  }
  return out;
}

const filter = process.argv.slice(2);
const files = find('dist', []).filter((f) => filter.length === 0 || filter.some((s) => f.includes(s))).sort();
if (files.length === 0) {
  console.error('run-tests: no *_test.js files found under dist/ (did the build run?)');
  process.exit(1);
}
// Two test files run at once on two cores, so each wasm engine gets one thread unless told otherwise.
const env = { ...process.env, EAR2FACE_WASM_THREADS: process.env.EAR2FACE_WASM_THREADS ?? '1' };
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
