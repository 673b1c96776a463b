import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { assertGanMode, discriminatorGanLoss, ganLoss, generatorGanLoss, sigmoidCrossEntropyWithLogits } from './adversarial';
import { Trainer } from '../train/trainer';
import { defaultTrainConfig } from '../train/config';
import { randomPairs } from '../train/test_fixtures';

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

test('hinge: D gets mean(relu(1 − x)) on real and mean(relu(1 + x)) on fake, G gets −mean(x)', () => {
  const start = tf.memory().numTensors;
  const real = tf.tensor1d([0.5, 2, -1, 1]);
  const fake = tf.tensor1d([-2, 0, 0.5, -0.25]);
  // relu(1 − x) on real: 0.5, 0, 2, 0 → 2.5 / 4.
  close(value(ganLoss(real, true, 'hinge')), 0.625);
  // relu(1 + x) on fake: 0, 1, 1.5, 0.75 → 3.25 / 4.
  close(value(ganLoss(fake, false, 'hinge')), 0.8125);
  const d = discriminatorGanLoss(real, fake, 'hinge');
  close(value(d.real), 0.625);
  close(value(d.fake), 0.8125);
  close(value(d.total), (0.625 + 0.8125) / 2);
  // G: −(−2 + 0 + 0.5 − 0.25) / 4; unbounded below, unlike the other modes.
  close(value(generatorGanLoss(fake, 'hinge')), 0.4375);
  close(value(ganLoss(fake, true, 'hinge', 'generator')), 0.4375);
  tf.dispose([real, fake]);
  assert.equal(tf.memory().numTensors, start);
});

test('hinge gradients: −1/N where x < 1 on real, 1/N where x > −1 on fake, −1/N everywhere for G', () => {
  const x = tf.tensor1d([0.5, 2, -1.5, -0.5]);
  const gReal = tf.grad((l: tf.Tensor) => ganLoss(l, true, 'hinge'))(x);
  const gFake = tf.grad((l: tf.Tensor) => ganLoss(l, false, 'hinge'))(x);
  const gGen = tf.grad((l: tf.Tensor) => generatorGanLoss(l, 'hinge'))(x);
  const read = (t: tf.Tensor) => Array.from(t.dataSync(), (v) => v + 0); // −0 → 0
  assert.deepEqual(read(gReal), [-0.25, 0, -0.25, -0.25]);
  assert.deepEqual(read(gFake), [0.25, 0.25, 0, 0.25]);
  assert.deepEqual(read(gGen), [-0.25, -0.25, -0.25, -0.25]);
  tf.dispose([x, gReal, gFake, gGen]);
});

test('an unknown mode names the mode and the allowed ones; bad roles are refused', () => {
  assert.throws(() => assertGanMode('wgan'), /ganMode: unknown GAN mode "wgan"; expected one of 'vanilla', 'lsgan', 'hinge'/);
  const x = tf.scalar(1);
  assert.throws(() => ganLoss(x, true, 'wgan-gp' as never), /mode: unknown GAN mode "wgan-gp"/);
  assert.throws(() => ganLoss(x, true, 'lsgan', 'critic' as never), /ganLoss: role is "critic"; expected 'discriminator' or 'generator'/);
  assert.throws(() => ganLoss(x, false, 'hinge', 'generator'), /ganLoss: the hinge generator loss has only a real target/);
  x.dispose();
});

test("the trainer runs with ganMode 'hinge' (pix2pix 64², ngf = ndf = 4): D's hinge loss falls on a fixed pair", () => {
  const config = defaultTrainConfig({ imageSize: 64, ngf: 4, ndf: 4, seed: 4, ganMode: 'hinge' });
  assert.equal(config.ganMode, 'hinge');
  const trainer = Trainer.create(config);
  const [batch] = randomPairs(1);
  const start = tf.memory().numTensors;
  const records = Array.from({ length: 6 }, () => trainer.step(batch).terms);
  for (const r of records) {
    assert.ok(r['d/real'] >= 0 && r['d/fake'] >= 0, 'hinge parts are ≥ 0');
    close(r['d/total'], (r['d/real'] + r['d/fake']) / 2, 1e-6);
    close(r['g/total'], r['g/adv'] + 100 * r['g/l1'], 1e-4);
  }
  const first = records[0]['d/total'];
  const last = records[records.length - 1]['d/total'];
  assert.ok(last < first, `d/total went from ${first} to ${last}`);
  trainer.dispose();
  assert.ok(tf.memory().numTensors < start);
  tf.dispose([batch.ear, batch.face]);
});
