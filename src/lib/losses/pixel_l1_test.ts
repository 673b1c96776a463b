import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { pixelL1 } from './pixel_l1';

before(async () => {
  await initBackend({ backend: 'wasm' });
});

test('mean absolute error against a hand-computed value', () => {
  const before = tf.memory().numTensors;
  const fake = tf.tensor4d([1, -1, 0.5, 0], [1, 2, 2, 1]);
  const real = tf.tensor4d([0, 1, 0.5, -1], [1, 2, 2, 1]);
  const l1 = pixelL1(fake, real);
  // (|1| + |−2| + 0 + |1|) / 4
  assert.ok(Math.abs(l1.dataSync()[0] - 1) < 1e-7);
  assert.equal(l1.rank, 0);
  tf.dispose([fake, real, l1]);
  assert.equal(tf.memory().numTensors, before);
});

test('gradient is sign(fake − real) / N', () => {
  const real = tf.tensor1d([0, 0, 0, 0]);
  const g = tf.grad((f: tf.Tensor) => pixelL1(f, real))(tf.tensor1d([2, -1, 0.5, -3]));
  assert.deepEqual(Array.from(g.dataSync()), [0.25, -0.25, 0.25, -0.25]);
});

test('different shapes are refused with both shapes named', () => {
  const a = tf.zeros([1, 4, 4, 3]);
  const b = tf.zeros([1, 4, 4, 1]);
  assert.throws(() => pixelL1(a, b), /fake has shape \[1,4,4,3\] but real has shape \[1,4,4,1\]/);
  tf.dispose([a, b]);
});
