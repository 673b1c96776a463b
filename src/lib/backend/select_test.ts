import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from './tf';
import { initBackend, parseBackendChoice, gpuUnavailableReason, hasSharedLibrary, BACKEND_ENV_VAR, describeBackend, resolveWasmThreads } from './select';
import { wasmThreadsInUse } from './threads/wasm_threads';

test('auto picks wasm here and says why node-gpu and node were skipped', async () => {
  delete process.env[BACKEND_ENV_VAR];
  const r = await initBackend();
  assert.equal(r.name, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(r.source, 'auto');
  assert.deepEqual(r.skipped.map((s) => s.name), ['node-gpu', 'node']);
  assert.match(r.skipped[0].reason, /not installed.*tfjs-node-gpu@4\.22\.0/);
  assert.match(r.skipped[1].reason, /not installed.*tfjs-node@4\.22\.0/);
  assert.equal(r.threads, resolveWasmThreads(undefined));
  assert.equal(r.threads, wasmThreadsInUse());
  assert.match(describeBackend(r), new RegExp(`backend: wasm \\(tfjs 'wasm', ${r.threads} threads?, chosen by auto\\)`));
});

test('the wasm thread count comes from the option, else the environment, and is checked', () => {
  assert.equal(resolveWasmThreads(3, '1'), 3);
  assert.equal(resolveWasmThreads(undefined, '2'), 2);
  assert.ok(resolveWasmThreads(undefined, '') >= 1);
  assert.throws(() => resolveWasmThreads(0), /Bad wasm thread count 0 in the threads option: expected an integer from 1 to 8/);
  assert.throws(() => resolveWasmThreads(undefined, 'many'), /Bad wasm thread count "many" in the EAR2FACE_WASM_THREADS environment variable/);
});

test('the option wins over the environment variable, which wins over auto', async () => {
  process.env[BACKEND_ENV_VAR] = 'cpu';
  try {
    const fromEnv = await initBackend();
    assert.equal(fromEnv.name, 'cpu');
    assert.equal(fromEnv.source, 'environment');
    assert.equal(tf.getBackend(), 'cpu');
    const fromOption = await initBackend({ backend: 'wasm' });
    assert.equal(fromOption.name, 'wasm');
    assert.equal(fromOption.source, 'option');
    assert.equal(tf.getBackend(), 'wasm');
  } finally {
    delete process.env[BACKEND_ENV_VAR];
  }
});

test('an unknown backend name is an error naming it and the allowed names', async () => {
  assert.throws(() => parseBackendChoice('webgpu', 'the backend option'), /Unknown backend "webgpu" in the backend option: expected one of auto, node-gpu, node, wasm, cpu/);
  process.env[BACKEND_ENV_VAR] = 'tpu';
  try {
    await assert.rejects(initBackend(), /Unknown backend "tpu" in the EAR2FACE_BACKEND environment variable/);
  } finally {
    delete process.env[BACKEND_ENV_VAR];
  }
  assert.equal(parseBackendChoice(' WASM ', 'x'), 'wasm');
});

test('requesting an engine that is not installed fails with the install command', async () => {
  await assert.rejects(initBackend({ backend: 'node' }), /Backend 'node' was requested but cannot run: not installed \(npm install @tensorflow\/tfjs-node@4\.22\.0\)/);
});

test('the GPU engine needs CUDA 11 runtime and cuDNN 8 libraries', () => {
  assert.match(gpuUnavailableReason(false, () => true)!, /not installed/);
  assert.match(gpuUnavailableReason(true, (p) => p !== 'libcudnn.so.8')!, /^libcudnn\.so\.8 not found: .*CUDA 11\.2 \+ cuDNN 8\.1/);
  assert.match(gpuUnavailableReason(true, () => false)!, /^libcudart\.so\.11 and libcudnn\.so\.8 not found/);
  assert.equal(gpuUnavailableReason(true, () => true), null);
});

test('shared-library lookup finds a library that exists and not one that does not', () => {
  assert.equal(hasSharedLibrary('libc.so.6'), true);
  assert.equal(hasSharedLibrary('libdefinitely-not-a-library-ear2face.so', ['/nonexistent']), false);
});

test('the dependency tree holds exactly one @tensorflow/tfjs-core', () => {
  const root = join(__dirname, '..', '..', '..');
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 12 || !existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      // Links (e.g. node_modules/ear2face → the project, made for the notebooks) are not installed copies.
      if (lstatSync(p).isSymbolicLink()) continue;
      if (name.startsWith('@')) {
        walk(p, depth);
        continue;
      }
      const pkg = join(p, 'package.json');
      if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === '@tensorflow/tfjs-core' && p.endsWith(join('@tensorflow', 'tfjs-core'))) {
        found.push(p);
      }
      walk(join(p, 'node_modules'), depth + 1);
    }
  };
  walk(join(root, 'node_modules'), 0);
  assert.equal(found.length, 1, `expected one tfjs-core, found: ${found.join(', ')}`);
});
