import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { psnr } from './psnr';
import { recipeImage } from './reference_images';
import { loadReferenceFixture } from './reference_fixture';

before(async () => {
  await initBackend({ backend: 'wasm' });
});

const close = (actual: number, expected: number, tolerance: number, what = '') =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} ${actual} vs ${expected}`);

test('per-image PSNR and mean against hand-computed values', () => {
  const start = tf.memory().numTensors;
  const a = tf.zeros([3, 4, 4, 3]);
  // Image 0 differs by 0.2 everywhere (MSE 0.04 → 10·log10(4/0.04) = 20 dB), image 1 by 0.02 (40 dB),
  // image 2 by 0.2 in half of its pixels (MSE 0.02 → 10·log10(200) ≈ 23.0103 dB).
  const b = tf.tidy(() => {
    const half = tf.concat([tf.fill([1, 2, 4, 3], 0.2), tf.zeros([1, 2, 4, 3])], 1);
    return tf.concat([tf.fill([1, 4, 4, 3], 0.2), tf.fill([1, 4, 4, 3], -0.02), half]);
  });
  const result = psnr(a, b);
  close(result.perImage[0], 20, 1e-4);
  close(result.perImage[1], 40, 1e-4);
  close(result.perImage[2], 10 * Math.log10(200), 1e-4);
  close(result.mean, (60 + 10 * Math.log10(200)) / 3, 1e-4);
  tf.dispose([a, b]);
  assert.equal(tf.memory().numTensors, start);
});

test('a data range of 1 shifts PSNR by 20·log10(2)', () => {
  const a = tf.zeros([1, 2, 2, 1]);
  const b = tf.fill([1, 2, 2, 1], 0.1);
  close(psnr(a, b, { dataRange: 1 }).mean, 20, 1e-4);
  close(psnr(a, b).mean, 20 + 20 * Math.log10(2), 1e-4);
  tf.dispose([a, b]);
});

test('identical images give +Infinity, and so does the mean', () => {
  const a = tf.tensor4d([0.1, -0.5, 0.9, 0.3], [1, 2, 2, 1]);
  const b = tf.tidy(() => tf.concat([a, tf.zeros([1, 2, 2, 1])]));
  const c = tf.concat([a, a]);
  const result = psnr(c, b);
  assert.equal(result.perImage[0], Infinity);
  assert.ok(Number.isFinite(result.perImage[1]));
  assert.equal(result.mean, Infinity);
  tf.dispose([a, b, c]);
});

test('a single HWC image counts as a batch of one', () => {
  const a = tf.zeros([4, 4, 3]);
  const b = tf.fill([4, 4, 3], 0.2);
  assert.equal(psnr(a, b).perImage.length, 1);
  close(psnr(a, b).mean, 20, 1e-4);
  tf.dispose([a, b]);
});

test('matches scikit-image peak_signal_noise_ratio on the reference images', () => {
  const fixture = loadReferenceFixture();
  let worst = 0;
  for (const c of fixture.cases) {
    const shape: [number, number, number, number] = [1, c.height, c.width, c.channels];
    const a = tf.tensor4d(recipeImage(c.height, c.width, c.channels, c.a), shape);
    const b = tf.tensor4d(recipeImage(c.height, c.width, c.channels, c.b), shape);
    const value = psnr(a, b).mean;
    worst = Math.max(worst, Math.abs(value - c.psnr));
    close(value, c.psnr, 1e-4, c.name);
    tf.dispose([a, b]);
  }
  assert.ok(worst < 1e-4);
});

test('bad input is refused with a clear message', () => {
  const start = tf.memory().numTensors;
  const a = tf.zeros([1, 8, 8, 3]);
  const b = tf.zeros([1, 8, 9, 3]);
  assert.throws(() => psnr(a, b), /psnr: a has shape \[1,8,8,3\] but b has shape \[1,8,9,3\]; expected equal shapes/);
  const empty = tf.zeros([0, 8, 8, 3]);
  assert.throws(() => psnr(empty, empty), /psnr: a and b have shape \[0,8,8,3\], which holds no pixels/);
  const flat = tf.zeros([4, 4]);
  assert.throws(() => psnr(flat, flat), /psnr: a has shape \[4,4\] \(rank 2\); expected an image/);
  const nan = tf.tensor4d([0, NaN, 0, 0], [1, 2, 2, 1]);
  const zeros = tf.zeros([1, 2, 2, 1]);
  assert.throws(() => psnr(nan, zeros), /psnr: image 0 gives NaN; a or b contains NaN or infinite pixel values/);
  const inf = tf.tensor4d([0, Infinity, 0, 0], [1, 2, 2, 1]);
  assert.throws(() => psnr(zeros, inf), /psnr: image 0 gives -Infinity/);
  assert.throws(() => psnr(zeros, zeros, { dataRange: 0 }), /psnr: dataRange is 0; expected a positive finite number/);
  tf.dispose([a, b, empty, flat, nan, zeros, inf]);
  assert.equal(tf.memory().numTensors, start);
});
