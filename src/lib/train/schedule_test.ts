import { test } from 'node:test';
import assert from 'node:assert/strict';
import { learningRateAt } from './schedule';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-15, `expected ${b}, got ${a}`);

test('constant for constantSteps, then linear decay reaching 0 after decaySteps', () => {
  const s = { lr: 2e-4, constantSteps: 3, decaySteps: 4 };
  // Hand-computed: 2e-4 · (1 − k/5) for k = 1…4, then 0.
  const expected = [2e-4, 2e-4, 2e-4, 1.6e-4, 1.2e-4, 0.8e-4, 0.4e-4, 0, 0, 0];
  expected.forEach((lr, step) => close(learningRateAt(step, s), lr));
});

test('no decay steps: 0 right after the constant phase; no constant steps: decay from the start', () => {
  close(learningRateAt(4, { lr: 1, constantSteps: 5, decaySteps: 0 }), 1);
  close(learningRateAt(5, { lr: 1, constantSteps: 5, decaySteps: 0 }), 0);
  close(learningRateAt(0, { lr: 1, constantSteps: 0, decaySteps: 1 }), 0.5);
  close(learningRateAt(1, { lr: 1, constantSteps: 0, decaySteps: 1 }), 0);
});

test('the rate never rises and never goes below 0', () => {
  const s = { lr: 2e-4, constantSteps: 10, decaySteps: 17 };
  let last = Infinity;
  for (let step = 0; step < 40; step++) {
    const lr = learningRateAt(step, s);
    assert.ok(lr <= last && lr >= 0);
    last = lr;
  }
});

test('a bad step index is refused', () => {
  assert.throws(() => learningRateAt(-1, { lr: 1, constantSteps: 1, decaySteps: 1 }), /step: got -1; expected an integer ≥ 0/);
  assert.throws(() => learningRateAt(1.5, { lr: 1, constantSteps: 1, decaySteps: 1 }), /step: got 1.5/);
});
