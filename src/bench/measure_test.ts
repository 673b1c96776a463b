import test from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../lib/backend/tf';
import { initBackend } from '../lib/backend/select';
import type { Network } from '../lib/models/network';
import { measure, TimedTrainer } from './measure';

/** A stand-in trainer: each step does a little real work and optionally leaks one tensor. */
function fakeTrainer(leak: boolean): TimedTrainer & { steps: number; inputs: number[] } {
  const w = tf.tidy(() => tf.variable(tf.ones([1, 1, 3, 3])));
  const generator = {
    apply: (x: tf.Tensor4D) => tf.conv2d(x, w as unknown as tf.Tensor4D, 1, 'same'),
  } as unknown as Network;
  const t = {
    steps: 0,
    inputs: [] as number[],
    generator,
    step(batch: { ear: tf.Tensor4D; face: tf.Tensor4D }) {
      t.steps++;
      t.inputs.push(tf.tidy(() => tf.max(tf.abs(tf.sub(batch.ear, batch.face))).dataSync()[0]));
      if (leak) tf.ones([2]);
    },
  };
  return t;
}

test('runs warmup + timed steps and counts tensors around them', async () => {
  await initBackend({ backend: 'cpu' });
  const before = tf.memory().numTensors;
  const t = fakeTrainer(false);
  const m = measure(t, { imageSize: 16, steps: 3, warmup: 2, infer: 2 });
  assert.equal(t.steps, 5);
  assert.equal(m.stepMs.length, 3);
  assert.ok(m.msPerStep >= 0 && m.inferImgPerSec > 0);
  assert.equal(m.tensorsAfterSteps, m.tensorsAfterWarmup);
  assert.equal(m.tensorsAfterInfer, m.tensorsAfterSteps);
  // inputs in [-1, 1]: |ear − face| ≤ 2, and two different random images
  assert.ok(t.inputs.every((d) => d > 0 && d <= 2));
  assert.equal(tf.memory().numTensors, before + 1); // only the fake's weight remains
});

test('a step that leaks shows up as a tensor-count change', async () => {
  await initBackend({ backend: 'cpu' });
  const m = measure(fakeTrainer(true), { imageSize: 8, steps: 4, warmup: 1, infer: 1 });
  assert.equal(m.tensorsAfterSteps - m.tensorsAfterWarmup, 4);
});
