import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../tf';
import { initBackend } from '../select';
import { Rng } from '../../util/rng';
import { randomValues, scaledError, valuesOn } from './conv_cases_test_util';
import { tanhViaSigmoid } from './tanh';

// Forward and gradient of every op a pix2pix training step uses, on wasm against the cpu backend:
// a kernel missing on wasm throws "not registered for backend 'wasm'" here.

before(async () => {
  await initBackend({ backend: 'wasm' });
});

const SHAPE: [number, number, number, number] = [2, 6, 5, 4];

const ops: Record<string, (x: tf.Tensor4D) => tf.Tensor> = {
  'conv2d 4x4 s2 p1': (x) => tf.conv2d(x, tf.reshape(tf.range(0, 4 * 4 * 4 * 3), [4, 4, 4, 3]).div(100) as tf.Tensor4D, 2, 1),
  'conv2dTranspose 4x4 s2 p1': (x) =>
    tf.conv2dTranspose(x, tf.reshape(tf.range(0, 4 * 4 * 3 * 4), [4, 4, 3, 4]).div(100) as tf.Tensor4D, [2, 12, 10, 3], 2, 1),
  'leakyRelu 0.2': (x) => tf.leakyRelu(x, 0.2),
  relu: (x) => tf.relu(x),
  tanh: (x) => tf.tanh(x),
  sigmoid: (x) => tf.sigmoid(x),
  'batch norm (moments)': (x) => {
    const { mean, variance } = tf.moments(x, [0, 1, 2], true);
    return tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5)));
  },
  'instance norm (moments)': (x) => {
    const { mean, variance } = tf.moments(x, [1, 2], true);
    return tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5)));
  },
  'avgPool statistics': (x) => tf.sub(x, tf.avgPool(x, [6, 5], 1, 'valid')),
  'concat on channels': (x) => tf.concat([x, tf.mul(x, 3)], 3),
  dropout: (x) => tf.dropout(x, 0.5, undefined, 11),
  'sigmoid cross-entropy with logits': (x) => {
    const z = tf.onesLike(x);
    return tf.add(tf.sub(tf.maximum(x, 0), tf.mul(x, z)), tf.log1p(tf.exp(tf.neg(tf.abs(x)))));
  },
  'abs then mean': (x) => tf.mean(tf.abs(x)),
  'squared difference': (x) => tf.squaredDifference(x, tf.mul(x, -0.5)),
  pad: (x) => tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]),
  slice: (x) => tf.slice(x, [0, 1, 1, 1], [2, 4, 3, 2]),
  'step mask (custom leakyRelu)': (x) => tf.mul(x, tf.step(x, 0.2)),
};

test('forward and gradient of every training op run on wasm and match the cpu backend', async () => {
  const rng = new Rng(3);
  const xv = randomValues(rng, SHAPE.reduce((a, b) => a * b, 1)).map((v) => 3 * v);
  for (const [name, op] of Object.entries(ops)) {
    const run = () => {
      const x = tf.tensor4d(xv, SHAPE);
      const y = tf.tidy(() => op(x));
      const r = tf.tidy(() => tf.sin(tf.range(0, y.size)).reshape(y.shape));
      const dx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(op(a as tf.Tensor4D), r)))(x);
      tf.dispose([x, r]);
      return [y, dx];
    };
    const want = await valuesOn('cpu', run);
    const got = await valuesOn('wasm', run);
    assert.ok(scaledError(got[0], want[0]) <= 1e-5, `${name}: forward differs from cpu`);
    assert.ok(scaledError(got[1], want[1]) <= 1e-5, `${name}: gradient differs from cpu`);
  }
});

test("Adam's update matches the cpu backend", async () => {
  const rng = new Rng(5);
  const w = randomValues(rng, 64);
  const g = randomValues(rng, 64);
  const run = () => {
    const init = tf.tensor1d(w);
    const v = tf.variable(init);
    init.dispose();
    const opt = tf.train.adam(2e-4, 0.5, 0.999);
    const grad = tf.tensor1d(g);
    for (let i = 0; i < 3; i++) opt.applyGradients([{ name: v.name, tensor: grad }]);
    const out = tf.clone(v);
    opt.dispose();
    tf.dispose([v, grad]);
    return [out];
  };
  const want = await valuesOn('cpu', run);
  const got = await valuesOn('wasm', run);
  assert.ok(scaledError(got[0], want[0]) <= 1e-6);
});

test('tanh through the sigmoid identity is within 1e-6 of Math.tanh, saturates, and keeps NaN', async () => {
  await tf.setBackend('wasm');
  const xs = [0, 1e-6, -1e-3, 0.5, -1, 2, 5, -9, 20, -50, 88, NaN];
  const got = tanhViaSigmoid(tf.tensor1d(xs)).dataSync();
  xs.forEach((x, i) => {
    if (Number.isNaN(x)) assert.ok(Number.isNaN(got[i]));
    else assert.ok(Math.abs(got[i] - Math.tanh(x)) <= 1e-6, `tanh(${x}) = ${got[i]}, want ${Math.tanh(x)}`);
  });
  assert.deepEqual(Array.from(tf.tanh(tf.tensor1d([-50, 50])).dataSync()), [-1, 1]);
});

test('Tile and broadcastTo match the cpu backend for float32 and int32 (random shapes and reps)', async () => {
  const rng = new Rng(17);
  for (let i = 0; i < 25; i++) {
    const rank = 1 + rng.int(4);
    const shape = Array.from({ length: rank }, () => 1 + rng.int(4));
    const reps = Array.from({ length: rank }, () => rng.int(4)); // 0 included: empty output
    const size = shape.reduce((a, b) => a * b, 1);
    const floats = randomValues(rng, size);
    const ints = Int32Array.from(floats, (v) => Math.round(v * 2 ** 30));
    const run = () => tf.tidy(() => [tf.tile(tf.tensor(floats, shape), reps), tf.tile(tf.tensor(ints, shape, 'int32'), reps)]);
    const want = await valuesOn('cpu', run);
    const got = await valuesOn('wasm', run);
    assert.deepEqual(got[0], want[0], `float32 tile of [${shape}] by [${reps}]`);
    assert.deepEqual(got[1], want[1], `int32 tile of [${shape}] by [${reps}]`);
  }
  const b = await valuesOn('wasm', () => tf.tidy(() => [tf.broadcastTo(tf.tensor([1, 2, 3], [1, 1, 3]), [2, 2, 3])]));
  assert.deepEqual(Array.from(b[0]), [1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3]);
});
