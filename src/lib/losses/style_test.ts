import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { assertKnownLayers, gramDistance, styleDistanceByLayer, styleLoss } from './style';
import { identityExtractor, tinyExtractor } from './extractor_test_util';

before(async () => {
  await initBackend({ backend: 'wasm' });
});

const close = (a: number, b: number, tol = 1e-5) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `expected ${b}, got ${a}`);

// Positions (1, 2), (3, 4), (0, 1), (−1, 0): Gram [[11, 14], [14, 21]] / 8; squared entries give
// positions (1, 4), (9, 16), (0, 1), (1, 0): Gram [[83, 148], [148, 273]] / 8.
const MAP = [1, 2, 3, 4, 0, 1, -1, 0];
const IMAGE_DISTANCE = (11 ** 2 + 2 * 14 ** 2 + 21 ** 2) / 64 / 4; // vs an all-zero Gram: 3.7265625
const SQUARE_DISTANCE = (83 ** 2 + 2 * 148 ** 2 + 273 ** 2) / 64 / 4; // 489.1640625

test('gramDistance is the mean squared difference of the entries', () => {
  const a = tf.tensor3d([[[1, 0], [0, 1]]]);
  const b = tf.tensor3d([[[1, 2], [2, 1]]]);
  const d = gramDistance(a, b);
  close(d.dataSync()[0], 2);
  tf.dispose([a, b, d]);
});

test('styleLoss sums the per-layer Gram distances, by hand', () => {
  const image = tf.tensor4d(MAP, [1, 2, 2, 2]);
  const fake = { image, square: tf.square(image) as tf.Tensor4D };
  const real = { image: tf.zeros([1, 2, 2, 2]), square: tf.zeros([1, 2, 2, 2]) };
  const start = tf.memory().numTensors;
  const one = styleLoss(fake, real, ['image']);
  const both = styleLoss(fake, real, ['image', 'square']);
  close(one.dataSync()[0], IMAGE_DISTANCE);
  close(both.dataSync()[0], IMAGE_DISTANCE + SQUARE_DISTANCE);
  tf.dispose([one, both]);
  assert.equal(tf.memory().numTensors, start);
  tf.dispose([...Object.values(fake), ...Object.values(real)]);
});

test('styleDistanceByLayer reads the same numbers through an extractor', () => {
  const net = identityExtractor();
  const a = tf.tensor4d(MAP, [1, 2, 2, 2]);
  const b = tf.zeros([1, 2, 2, 2]) as tf.Tensor4D;
  const start = tf.memory().numTensors;
  const byLayer = styleDistanceByLayer(net, a, b);
  assert.deepEqual(Object.keys(byLayer), ['image', 'square']);
  close(byLayer.image, IMAGE_DISTANCE);
  close(byLayer.square, SQUARE_DISTANCE);
  assert.deepEqual(Object.keys(styleDistanceByLayer(net, a, b, ['square'])), ['square']);
  close(styleDistanceByLayer(net, a, a).image, 0);
  assert.equal(tf.memory().numTensors, start);
  tf.dispose([a, b]);
});

test('the style loss gradient matches central finite differences', () => {
  const start = tf.memory().numTensors;
  const fake = tf.randomNormal([1, 2, 2, 3], 0, 1, 'float32', 21) as tf.Tensor4D;
  const real = tf.randomNormal([1, 2, 2, 3], 0, 1, 'float32', 22) as tf.Tensor4D;
  const loss = (f: tf.Tensor) => styleLoss({ l: f }, { l: real }, ['l']);
  const gradient = tf.grad(loss)(fake);
  const analytic = gradient.dataSync() as Float32Array;
  const x = fake.dataSync().slice() as Float32Array;
  const h = 1e-2;
  // In double precision from the formula, so rounding in float32 does not blur the check.
  const exact = (values: Float32Array | number[]) => {
    const c = 3;
    const gram = (m: ArrayLike<number>) =>
      Array.from({ length: c * c }, (_, k) => {
        let s = 0;
        for (let p = 0; p < 4; p++) s += m[p * c + Math.floor(k / c)] * m[p * c + (k % c)];
        return s / (c * 4);
      });
    const gf = gram(values);
    const gr = gram(real.dataSync());
    return gf.reduce((s, v, k) => s + (v - gr[k]) ** 2, 0) / (c * c);
  };
  close(tf.tidy(() => loss(fake).dataSync()[0]), exact(x), 1e-5);
  x.forEach((_, i) => {
    const plus = Array.from(x);
    const minus = Array.from(x);
    plus[i] += h;
    minus[i] -= h;
    const numeric = (exact(plus) - exact(minus)) / (2 * h);
    // The loss is quartic: central differences are off by O(h²).
    assert.ok(Math.abs(analytic[i] - numeric) <= 1e-3 + 1e-3 * Math.abs(numeric), `d/dF[${i}]: finite differences ${numeric}, gradient ${analytic[i]}`);
  });
  tf.dispose([fake, real, gradient]);
  assert.equal(tf.memory().numTensors, start);
});

test('bad input: maps of different shapes, wrong rank, missing or unknown layers', () => {
  const a = tf.zeros([1, 4, 4, 8]);
  const b = tf.zeros([1, 4, 4, 4]);
  const flat = tf.zeros([1, 8]);
  assert.throws(() => styleLoss({ c: a }, { c: b }, ['c']), /styleLoss: layer "c": fake map has shape \[1,4,4,8\] but real map has shape \[1,4,4,4\]; expected equal shapes/);
  assert.throws(() => styleLoss({ c: flat }, { c: flat }, ['c']), /styleLoss: fake map of layer "c" has shape \[1,8\] \(rank 2\); expected a rank-4 NHWC map/);
  assert.throws(() => styleLoss({ c: a }, {}, ['c']), /styleLoss: real map of layer "c" is undefined; expected a rank-4 NHWC tensor/);
  assert.throws(() => styleLoss({ c: a }, { c: a }, []), /styleLoss: layers is \[\]; expected at least one layer name/);
  const g1 = tf.zeros([1, 8, 8]);
  const g2 = tf.zeros([1, 4, 4]);
  const notSquare = tf.zeros([1, 4, 5]);
  assert.throws(() => gramDistance(g1 as tf.Tensor3D, g2 as tf.Tensor3D), /gramDistance: a has shape \[1,8,8\] but b has shape \[1,4,4\]; expected equal shapes/);
  assert.throws(() => gramDistance(notSquare as tf.Tensor3D, notSquare as tf.Tensor3D), /gramDistance: a has shape \[1,4,5\]; expected a batch of square Gram matrices \[N, C, C\]/);
  const net = tinyExtractor();
  const image = tf.zeros([1, 16, 16, 3]) as tf.Tensor4D;
  const two = tf.zeros([2, 16, 16, 3]) as tf.Tensor4D;
  assert.throws(() => styleDistanceByLayer(net, image, image, ['conv9']), /styleDistanceByLayer: layers: unknown layer "conv9"; known layers of tiny-test: conv1, conv2/);
  assert.throws(() => styleDistanceByLayer(net, image, two), /styleDistanceByLayer: imageA has shape \[1,16,16,3\] but imageB has shape \[2,16,16,3\]; expected the same batch size/);
  assert.throws(() => styleDistanceByLayer(net, flat as tf.Tensor4D, image), /styleDistanceByLayer: imageA has shape \[1,8\] \(rank 2\)/);
  assert.throws(() => assertKnownLayers(net, ['conv1', 'conv1'], 'styleLayers'), /styleLayers: layer "conv1" is listed twice/);
  assert.throws(() => assertKnownLayers(net, [], 'styleLayers'), /styleLayers: got \[\]; expected a non-empty list of layer names from conv1, conv2/);
  net.dispose();
  tf.dispose([a, b, flat, g1, g2, notSquare, image, two]);
});
