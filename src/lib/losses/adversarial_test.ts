import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { assertGanMode, discriminatorGanLoss, ganLoss, generatorGanLoss, sigmoidCrossEntropyWithLogits } from './adversarial';

before(async () => {
  await initBackend({ backend: 'wasm' });
});

const close = (actual: number, expected: number, tol = 1e-6) =>
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);
const value = (t: tf.Tensor) => {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
};

test('vanilla: sigmoid cross-entropy against hand-computed values', () => {
  const before = tf.memory().numTensors;
  const logits = tf.tensor1d([0, 2, -3]);
  // Real target: mean of log(1 + e^-x) = (ln 2 + ln(1 + e^-2) + 3 + ln(1 + e^-3)) / 3.
  close(value(ganLoss(logits, true, 'vanilla')), (0.6931472 + 0.1269280 + 3.0485874) / 3);
  // Fake target: mean of log(1 + e^x) = (ln 2 + 2 + ln(1 + e^-2) + ln(1 + e^-3)) / 3.
  close(value(ganLoss(logits, false, 'vanilla')), (0.6931472 + 2.1269280 + 0.0485874) / 3);
  logits.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('vanilla stays finite and exact for large logits', () => {
  const logits = tf.tensor1d([100, -100]);
  // Real target: log(1 + e^-100) ≈ 0 and log(1 + e^100) ≈ 100; the naive formula overflows exp(100) in float32.
  close(value(ganLoss(logits, true, 'vanilla')), 50, 1e-4);
  close(value(ganLoss(logits, false, 'vanilla')), 50, 1e-4);
  logits.dispose();
});

test('vanilla gradient is (sigmoid(x) − z) / N, also at x = 0', () => {
  const x = tf.tensor1d([0, 2, -3]);
  const gReal = tf.grad((l: tf.Tensor) => ganLoss(l, true, 'vanilla'))(x).arraySync() as number[];
  const gFake = tf.grad((l: tf.Tensor) => ganLoss(l, false, 'vanilla'))(x).arraySync() as number[];
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  [0, 2, -3].forEach((v, i) => {
    close(gReal[i], (sig(v) - 1) / 3);
    close(gFake[i], sig(v) / 3);
  });
  // Finite differences on the value agree with the explicit gradient away from 0.
  const f = (v: number) => value(tf.tidy(() => tf.sum(sigmoidCrossEntropyWithLogits(tf.tensor1d([v]), 1))));
  const h = 1e-2;
  close((f(2 + h) - f(2 - h)) / (2 * h), sig(2) - 1, 1e-3);
  x.dispose();
});

test('lsgan: mean squared error to 1 and 0', () => {
  const logits = tf.tensor1d([0.5, 2]);
  close(value(ganLoss(logits, true, 'lsgan')), (0.25 + 1) / 2);
  close(value(ganLoss(logits, false, 'lsgan')), (0.25 + 4) / 2);
  close(value(generatorGanLoss(logits, 'lsgan')), 0.625);
  logits.dispose();
});

test('discriminator form: total = (real + fake) × 0.5', () => {
  const real = tf.tensor1d([0.5, 2]);
  const fake = tf.tensor1d([0, -1]);
  const d = discriminatorGanLoss(real, fake, 'lsgan');
  close(value(d.real), 0.625);
  close(value(d.fake), (0 + 1) / 2);
  close(value(d.total), (0.625 + 0.5) / 2);
  tf.dispose([real, fake]);
});

test('an unknown mode names the mode and the allowed ones', () => {
  assert.throws(() => assertGanMode('wgan'), /ganMode: unknown GAN mode "wgan"; expected one of 'vanilla', 'lsgan'/);
  const x = tf.scalar(1);
  assert.throws(() => ganLoss(x, true, 'hinge' as never), /unknown GAN mode "hinge"/);
  x.dispose();
});
