import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { gaussianWindow1d, ssim, ssimPerImage, SSIM_WINDOW } from './ssim';
import { recipeImage } from './reference_images';
import { loadReferenceFixture } from './reference_fixture';

before(async () => {
  await initBackend({ backend: 'wasm' });
});

const close = (actual: number, expected: number, tolerance: number, what = '') =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} ${actual} vs ${expected}`);

function recipePair(index: number): [tf.Tensor4D, tf.Tensor4D] {
  const c = loadReferenceFixture().cases[index];
  const shape: [number, number, number, number] = [1, c.height, c.width, c.channels];
  return [
    tf.tensor4d(recipeImage(c.height, c.width, c.channels, c.a), shape),
    tf.tensor4d(recipeImage(c.height, c.width, c.channels, c.b), shape),
  ];
}

test('the window is an 11-tap normalised Gaussian of σ = 1.5', () => {
  const taps = gaussianWindow1d(1.5, 5);
  assert.equal(taps.length, 11);
  assert.equal(SSIM_WINDOW, 11);
  close(taps.reduce((s, v) => s + v, 0), 1, 1e-12);
  close(taps[6] / taps[5], Math.exp(-0.5 / 2.25), 1e-12);
  close(taps[0], taps[10], 0);
});

test('matches scikit-image structural_similarity on the reference images within 1e-4', () => {
  const fixture = loadReferenceFixture();
  let worst = 0;
  for (let i = 0; i < fixture.cases.length; i++) {
    const [a, b] = recipePair(i);
    const value = ssim(a, b).mean;
    worst = Math.max(worst, Math.abs(value - fixture.cases[i].ssim));
    close(value, fixture.cases[i].ssim, 1e-4, fixture.cases[i].name);
    tf.dispose([a, b]);
  }
  console.log(`# largest |SSIM − scikit-image| over ${fixture.cases.length} cases: ${worst.toExponential(2)}`);
});

test('SSIM(x, x) = 1 and SSIM is symmetric', () => {
  const [a, b] = recipePair(2);
  close(ssim(a, a).mean, 1, 1e-5);
  close(ssim(b, b).mean, 1, 1e-5);
  close(ssim(a, b).mean, ssim(b, a).mean, 1e-6);
  tf.dispose([a, b]);
});

test('constant images give (2μxμy + C1) / (μx² + μy² + C1)', () => {
  const c1 = (0.01 * 2) ** 2;
  for (const [mx, my] of [[0, 0.5], [-0.3, 0.7], [0.9, 0.9], [-1, 1]]) {
    const a = tf.fill([1, 12, 14, 3], mx);
    const b = tf.fill([1, 12, 14, 3], my);
    const expected = (2 * mx * my + c1) / (mx * mx + my * my + c1);
    close(ssim(a, b).mean, expected, 1e-5, `μx ${mx}, μy ${my}`);
    tf.dispose([a, b]);
  }
});

test('a batch gives each pair its own value, in order, and their mean', () => {
  const start = tf.memory().numTensors;
  const [a0, b0] = recipePair(0);
  const [a1, b1] = recipePair(1);
  const a = tf.concat([a0, a1]);
  const b = tf.concat([b0, b1]);
  const batch = ssim(a, b);
  const fixture = loadReferenceFixture();
  close(batch.perImage[0], fixture.cases[0].ssim, 1e-4);
  close(batch.perImage[1], fixture.cases[1].ssim, 1e-4);
  close(batch.mean, (batch.perImage[0] + batch.perImage[1]) / 2, 1e-12);
  const tensor = ssimPerImage(a, b);
  assert.deepEqual(tensor.shape, [2]);
  tf.dispose([a0, b0, a1, b1, a, b, tensor]);
  assert.equal(tf.memory().numTensors, start);
});

test('bad input is refused with a clear message', () => {
  const start = tf.memory().numTensors;
  const small = tf.zeros([1, 10, 12, 3]);
  assert.throws(() => ssim(small, small), /ssim: images are 10×12 pixels \(shape \[1,10,12,3\]\); the 11×11 Gaussian window needs images of at least 11×11/);
  const a = tf.zeros([1, 16, 16, 3]);
  const b = tf.zeros([1, 16, 17, 3]);
  assert.throws(() => ssim(a, b), /ssim: a has shape \[1,16,16,3\] but b has shape \[1,16,17,3\]; expected equal shapes/);
  const empty = tf.zeros([0, 16, 16, 3]);
  assert.throws(() => ssim(empty, empty), /ssim: a and b have shape \[0,16,16,3\], which holds no pixels/);
  const nan = tf.tidy(() => tf.concat([tf.zeros([1, 16, 16, 3]), tf.fill([1, 16, 16, 3], NaN)]));
  const zeros = tf.zeros([2, 16, 16, 3]);
  assert.throws(() => ssim(zeros, nan), /ssim: image 1 gives NaN; a or b contains NaN or infinite pixel values/);
  assert.throws(() => ssim(a, a, { dataRange: -2 }), /ssim: dataRange is -2; expected a positive finite number/);
  tf.dispose([small, a, b, empty, nan, zeros]);
  assert.equal(tf.memory().numTensors, start);
});

test('the pure-JS cpu backend gives the same values (tf ops only, no backend-specific kernel)', async () => {
  const fixture = loadReferenceFixture();
  const onCpu: number[] = [];
  await initBackend({ backend: 'cpu' });
  try {
    for (let i = 0; i < fixture.cases.length; i++) {
      const [a, b] = recipePair(i);
      onCpu.push(ssim(a, b).mean);
      tf.dispose([a, b]);
    }
  } finally {
    await initBackend({ backend: 'wasm' });
  }
  onCpu.forEach((v, i) => close(v, fixture.cases[i].ssim, 1e-4, `cpu ${fixture.cases[i].name}`));
});
