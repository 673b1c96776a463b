import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSweepBenchArgs, sweepBenchSpec } from './sweep_bench';
import { expandSweep } from '../lib/sweep/expand';
import { parseSweepSpec } from '../lib/sweep/spec';

test('the benchmark sweep is the 2×2 feature × style grid by default, a valid sweep of the asked size', () => {
  const o = parseSweepBenchArgs([]);
  assert.deepEqual(o, { trials: 4, steps: 200, size: 64, width: 16, parallel: 2, keep: false });
  const trials = expandSweep(parseSweepSpec(sweepBenchSpec(o)));
  assert.deepEqual(trials.map((t) => [t.run.weights.feature, t.run.weights.style]), [[0, 0], [0, 1000], [100, 0], [100, 1000]]);
  assert.deepEqual(trials.map((t) => [t.run.steps, t.run.ngf, t.run.ndf, t.run.imageSize]), Array(4).fill([200, 16, 16, 64]));
  assert.equal(expandSweep(parseSweepSpec(sweepBenchSpec(parseSweepBenchArgs(['--trials', '6', '--steps', '5'])))).length, 6);
});

test('bad benchmark options are refused naming the flag', () => {
  assert.throws(() => parseSweepBenchArgs(['--trials', '3']), /--trials must be an even number from 2 to 12, got 3/);
  assert.throws(() => parseSweepBenchArgs(['--size', '100']), /--size must be 64, 128 or 256, got 100/);
  assert.throws(() => parseSweepBenchArgs(['--parallel', '0']), /--parallel must be a whole number ≥ 1, got 0/);
  assert.throws(() => parseSweepBenchArgs(['--stpes', '3']), /unknown option --stpes/);
});
