import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { enableWasmThreads } from './wasm_threads';
import type { ProbeCheck } from './wasm_threads_probe';

const PROBE = join(__dirname, 'wasm_threads_probe.js');
const EXIT_TIMEOUT_MS = 30_000;

/**
 * Runs the probe in a child process (this process stays single-threaded) and resolves with its
 * JSON, failing if the child does not exit by itself: live worker threads would keep it running.
 */
function runProbe(threads: number): Promise<ProbeCheck> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PROBE, 'check', String(threads)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`probe with ${threads} thread(s) did not exit within ${EXIT_TIMEOUT_MS} ms`));
    }, EXIT_TIMEOUT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`probe with ${threads} thread(s) exited with ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout) as ProbeCheck);
    });
  });
}

function maxAbsDiff(a: number[], b: number[]): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

test('2 and 3 wasm threads give the single-threaded results, and each process exits by itself', async () => {
  const [single, ...threaded] = await Promise.all([runProbe(1), runProbe(2), runProbe(3)]);
  assert.equal(single.threads, 1);
  assert.deepEqual(threaded.map((r) => r.threads), [2, 3], 'the XNNPACK thread pools have 2 and 3 threads');
  assert.equal(single.conv2d.length, 2 * 16 * 16 * 32);
  assert.equal(single.matMul.length, 192 * 160);
  assert.equal(single.conv2dInputGrad.length, 2 * 32 * 32 * 16);
  for (const key of ['conv2d', 'matMul', 'conv2dInputGrad'] as const) {
    assert.ok(single[key].some((v) => Math.abs(v) > 0.5), `${key} has non-trivial values`);
    for (const run of threaded) {
      const diff = maxAbsDiff(run[key], single[key]);
      assert.ok(diff <= 1e-5, `${key}: ${run.threads} threads differ from 1 thread by ${diff}`);
    }
  }
  for (const run of [single, ...threaded]) assert.equal(run.tensorsLeft, 0, `tensors leaked with ${run.threads} thread(s)`);
});

test('enableWasmThreads rejects counts outside 1..8, naming the argument', () => {
  for (const bad of [0, -1, 1.5, 9, Number.NaN]) {
    assert.throws(() => enableWasmThreads(bad), /enableWasmThreads: count must be an integer from 1 to 8, got/);
  }
});
