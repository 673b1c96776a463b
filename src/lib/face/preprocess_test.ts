import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { faceNetInput, squareResize } from './preprocess';

before(async () => {
  await initBackend({ backend: 'wasm' });
});

function close(actual: ArrayLike<number>, expected: number[], tol = 1e-6): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `[${i}]: ${actual[i]} vs ${expected[i]}`);
}

test('a 150×150 batch passes the resize unchanged and is normalised as (pixel − mean) / 255', () => {
  const n0 = tf.memory().numTensors;
  const x = tf.randomUniform([2, 150, 150, 3], -1, 1, 'float32', 7) as tf.Tensor4D;
  const same = squareResize(x, 150);
  assert.deepEqual(Array.from(same.dataSync()), Array.from(x.dataSync()));
  const corners = tf.tensor4d([-1, -1, -1, 1, 1, 1, 0, 0, 0, 0.5, -0.5, 0.25], [1, 2, 2, 3]);
  const big = tf.image.resizeNearestNeighbor(corners, [150, 150]) as tf.Tensor4D; // 75×75 blocks of each pixel
  const input = faceNetInput(big);
  assert.deepEqual(input.shape, [1, 150, 150, 3]);
  const px = (r: number, c: number) => Array.from(tf.tidy(() => input.slice([0, r, c, 0], [1, 1, 1, 3]).dataSync() as Float32Array));
  const mean = [122.782, 117.001, 104.298];
  close(px(0, 0), mean.map((m) => (0 - m) / 255));
  close(px(0, 149), mean.map((m) => (255 - m) / 255));
  close(px(149, 0), mean.map((m) => (127.5 - m) / 255));
  close(px(149, 149), [191.25, 63.75, 159.375].map((v, i) => (v - mean[i]) / 255));
  tf.dispose([x, same, corners, big, input]);
  assert.equal(tf.memory().numTensors, n0);
});

test('bilinear resize without aligned corners: source = destination × in/out, clamped at the edge', () => {
  // One channel shown; 1-D weights for 2 → 4: out = [in0, (in0+in1)/2, in1, in1].
  const x = tf.tensor4d([0, 0, 0, 4, 4, 4, 8, 8, 8, 12, 12, 12], [1, 2, 2, 3]);
  const y = squareResize(x, 4);
  const red = Array.from(y.slice([0, 0, 0, 0], [1, 4, 4, 1]).dataSync());
  // rows: [0,4] → [0,2,4,4]; [8,12] → [8,10,12,12]; row weights the same way.
  close(red, [0, 2, 4, 4, 4, 6, 8, 8, 8, 10, 12, 12, 8, 10, 12, 12]);
  tf.dispose([x, y]);
});

test('the resize gradient spreads each output pixel over its sources (hand-computed)', () => {
  const x = tf.zeros([1, 2, 2, 3]) as tf.Tensor4D;
  const g = tf.grad((t: tf.Tensor) => tf.sum(squareResize(t as tf.Tensor4D, 4)))(x);
  // 1-D weights received: in0 gets 1 + ½, in1 gets ½ + 1 + 1; 2-D is the outer product.
  const red = Array.from(g.slice([0, 0, 0, 0], [1, 2, 2, 1]).dataSync());
  close(red, [2.25, 3.75, 3.75, 6.25]);
  const gNorm = tf.grad((t: tf.Tensor) => tf.sum(faceNetInput(t as tf.Tensor4D)))(tf.zeros([1, 150, 150, 3]) as tf.Tensor4D);
  const values = gNorm.dataSync();
  assert.ok(values.every((v) => Math.abs(v - 0.5) < 1e-7), 'd(input)/d(image) = 127.5 / 255');
  tf.dispose([x, g, gNorm]);
});

test('a non-square batch is padded to a square with black, the odd pixel after the image', () => {
  const wide = tf.ones([1, 2, 5, 3]) as tf.Tensor4D; // 3 rows missing: 1 above, 2 below
  const sq = squareResize(wide, 5);
  const rowMeans = Array.from(tf.tidy(() => tf.mean(sq, [0, 2, 3])).dataSync());
  assert.deepEqual(rowMeans, [-1, 1, 1, -1, -1]);
  const tall = tf.ones([1, 4, 1, 3]) as tf.Tensor4D; // 3 columns missing: 1 left, 2 right
  const sq2 = squareResize(tall, 4);
  const colMeans = Array.from(tf.tidy(() => tf.mean(sq2, [0, 1, 3])).dataSync());
  assert.deepEqual(colMeans, [-1, 1, -1, -1]);
  assert.deepEqual(faceNetInput(tall).shape, [1, 150, 150, 3]);
  tf.dispose([wide, sq, tall, sq2]);
});

test('images that are not [N, H, W, 3] and bad sizes are refused', () => {
  const bad: Array<[number[], RegExp]> = [
    [[150, 150, 3], /faceNetInput: images has shape \[150,150,3\]; expected \[N, H, W, 3\]/],
    [[1, 150, 150, 1], /images has shape \[1,150,150,1\]; expected \[N, H, W, 3\]/],
    [[1, 0, 150, 3], /images has shape \[1,0,150,3\]/],
  ];
  for (const [shape, re] of bad) {
    const t = tf.zeros(shape);
    assert.throws(() => faceNetInput(t as tf.Tensor4D), re);
    t.dispose();
  }
  const ok = tf.zeros([1, 4, 4, 3]) as tf.Tensor4D;
  assert.throws(() => squareResize(ok, 0), /squareResize: size is 0; expected a positive integer/);
  ok.dispose();
});
