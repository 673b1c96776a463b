import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { featureLoss } from './feature';
import { identityExtractor } from './extractor_test_util';
import { POOLED } from '../face/extractor';

before(async () => {
  await initBackend({ backend: 'wasm' });
});

const close = (a: number, b: number, tol = 1e-6) => assert.ok(Math.abs(a - b) <= tol, `expected ${b}, got ${a}`);

test('mean squared difference over all elements, by hand', () => {
  const start = tf.memory().numTensors;
  const fake = tf.tensor2d([[1, 2, 0], [-1, 0, 3]]);
  const real = tf.tensor2d([[0, 4, 0], [1, 0, 1]]);
  const loss = featureLoss(fake, real);
  // (1 + 4 + 0 + 4 + 0 + 4) / 6
  close(loss.dataSync()[0], 13 / 6);
  assert.equal(loss.rank, 0);
  tf.dispose([fake, real, loss]);
  assert.equal(tf.memory().numTensors, start);
});

test("on an identity network's pooled features (channel means), by hand", () => {
  const net = identityExtractor();
  const fake = tf.tensor4d([1, 2, 3, 4, 0, 1, -1, 0], [1, 2, 2, 2]);
  const real = tf.tensor4d([0, 0, 0, 0, 2, 2, 2, 2], [1, 2, 2, 2]);
  const loss = tf.tidy(() => featureLoss(net.extract(fake, [POOLED])[POOLED], net.extract(real, [POOLED])[POOLED]));
  // Channel means: fake (0.75, 1.75), real (1, 1) → ((−0.25)² + 0.75²) / 2 = 0.3125.
  close(loss.dataSync()[0], 0.3125);
  tf.dispose([fake, real, loss]);
});

test('the gradient is 2·(fake − real) / N', () => {
  const real = tf.tensor1d([0, 1, 2, 3]);
  const fake = tf.tensor1d([1, 1, 0, 4]);
  const g = tf.grad((f: tf.Tensor) => featureLoss(f, real))(fake);
  assert.deepEqual(Array.from(g.dataSync()), [0.5, 0, -1, 0.5]);
  tf.dispose([real, fake, g]);
});

test('different shapes and empty or missing tensors are refused, naming them', () => {
  const a = tf.zeros([1, 128]);
  const b = tf.zeros([1, 64]);
  const empty = tf.zeros([0, 128]);
  assert.throws(() => featureLoss(a, b), /featureLoss: fake has shape \[1,128\] but real has shape \[1,64\]; expected equal shapes/);
  assert.throws(() => featureLoss(empty, empty), /featureLoss: fake has shape \[0,128\]; expected a non-empty tensor/);
  assert.throws(() => featureLoss(a, undefined as unknown as tf.Tensor), /featureLoss: real is undefined; expected a tensor/);
  tf.dispose([a, b, empty]);
});
