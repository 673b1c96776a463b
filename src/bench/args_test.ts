import test from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_BENCH_OPTIONS, parseBenchArgs } from './args';
import { median } from './stats';

test('no arguments give the defaults', () => {
  assert.deepEqual(parseBenchArgs([]), DEFAULT_BENCH_OPTIONS);
});

test('flags are read in both spellings', () => {
  const o = parseBenchArgs(['--sizes', '64,256', '--steps=3', '--warmup', '0', '--backend', 'cpu', '--python=/opt/py', '--no-torch', '--infer', '2', '--width=8', '--no-ear2face', '--no-data']);
  assert.deepEqual(o, { sizes: [64, 256], steps: 3, warmup: 0, infer: 2, backend: 'cpu', python: '/opt/py', torch: false, width: 8, ear2face: false, data: false });
});

test('bad values name the flag, the value and what is expected', () => {
  assert.throws(() => parseBenchArgs(['--sizes', '100']), /--sizes: expected a comma-separated list of 64\/128\/256, got "100"/);
  assert.throws(() => parseBenchArgs(['--steps', '0']), /--steps: expected an integer >= 1, got "0"/);
  assert.throws(() => parseBenchArgs(['--warmup', '1.5']), /--warmup: expected an integer >= 0, got "1.5"/);
  assert.throws(() => parseBenchArgs(['--steps']), /--steps: expected an integer >= 1, got ""/);
  assert.throws(() => parseBenchArgs(['--backend', 'gpu']), /Unknown backend "gpu"/);
  assert.throws(() => parseBenchArgs(['--width', '-1']), /--width: expected an integer >= 1, got "-1"/);
  assert.throws(() => parseBenchArgs(['--fast']), /Unknown argument "--fast"/);
});

test('median of odd and even lists', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 2, 3]), 2.5);
  assert.equal(median([7]), 7);
  assert.throws(() => median([]), /values: expected at least one number/);
});
