import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { Rng } from '../util/rng';
import { batchNorm, instanceNorm, NORM_EPSILON, type BatchNormVariables } from './norm';

const EPS = NORM_EPSILON;

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what = ''): void {
  assert.equal(actual.length, expected.length, what);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  assert.ok(worst < tol, `${what} max |difference| ${worst} ≥ ${tol}`);
}

function random(shape: number[], rng: Rng, scale = 1, offset = 0): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => offset + scale * (rng.next() * 2 - 1)), shape);
}

function variables(gamma: number[], beta: number[]): BatchNormVariables {
  const c = gamma.length;
  return {
    gamma: tf.variable(tf.tensor1d(gamma)),
    beta: tf.variable(tf.tensor1d(beta)),
    runningMean: tf.variable(tf.zeros([c]), false),
    runningVar: tf.variable(tf.ones([c]), false),
  };
}

// x [2, 1, 2, 2]: channel 0 holds 1, 3, 5, 7 (mean 4, biased variance 5, unbiased 20/3);
// channel 1 holds 0, 0, 0, 4 (mean 1, biased variance 3, unbiased 4).
const X = [1, 0, 3, 0, 5, 0, 7, 4];
const GAMMA = [2, 0.5];
const BETA = [1, -1];
function expectedBatchNorm(mean: number[], variance: number[]): number[] {
  return X.map((v, i) => {
    const c = i % 2;
    return ((v - mean[c]) / Math.sqrt(variance[c] + EPS)) * GAMMA[c] + BETA[c];
  });
}

for (const backend of ['wasm', 'cpu'] as const) {
  test(`batchNorm on ${backend}: training normalises by batch statistics and moves the running ones`, async () => {
    await initBackend({ backend });
    const x = tf.tensor4d(X, [2, 1, 2, 2]);
    const v = variables(GAMMA, BETA);
    const y = batchNorm(x, v, { training: true });
    // channel 0, x = 1: (1 − 4)/√5 · 2 + 1 = −1.683282…
    assertClose(y.dataSync(), expectedBatchNorm([4, 1], [5, 3]), 1e-5, 'output');
    assert.ok(Math.abs(y.dataSync()[0] - (1 - 6 / Math.sqrt(5 + EPS))) < 1e-5);
    // momentum 0.1: mean 0.9·0 + 0.1·[4, 1]; variance 0.9·1 + 0.1·[20/3, 4] (unbiased, as PyTorch)
    assertClose(v.runningMean.dataSync(), [0.4, 0.1], 1e-6, 'running mean');
    assertClose(v.runningVar.dataSync(), [0.9 + 2 / 3, 1.3], 1e-6, 'running var');
    tf.dispose([x, y, v.gamma, v.beta, v.runningMean, v.runningVar]);
  });
}

test('batchNorm, training false: batch statistics as pix2pix at test time, buffers untouched', async () => {
  await initBackend({ backend: 'wasm' });
  const x = tf.tensor4d(X, [2, 1, 2, 2]);
  const v = variables(GAMMA, BETA);
  const y = batchNorm(x, v, { training: false });
  assertClose(y.dataSync(), expectedBatchNorm([4, 1], [5, 3]), 1e-5);
  assert.deepEqual(Array.from(v.runningMean.dataSync()), [0, 0]);
  assert.deepEqual(Array.from(v.runningVar.dataSync()), [1, 1]);
  tf.dispose([x, y, v.gamma, v.beta, v.runningMean, v.runningVar]);
});

test('batchNorm, runningStats: normalises by the running buffers (PyTorch eval)', async () => {
  await initBackend({ backend: 'wasm' });
  const x = tf.tensor4d(X, [2, 1, 2, 2]);
  const v = variables(GAMMA, BETA);
  v.runningMean.assign(tf.tensor1d([2, -1]));
  v.runningVar.assign(tf.tensor1d([4, 0.25]));
  const y = batchNorm(x, v, { training: false, runningStats: true });
  assertClose(y.dataSync(), expectedBatchNorm([2, -1], [4, 0.25]), 1e-5);
  // runningStats is ignored while training: batch statistics again
  const yt = batchNorm(x, v, { training: true, runningStats: true });
  assertClose(yt.dataSync(), expectedBatchNorm([4, 1], [5, 3]), 1e-5);
  tf.dispose([x, y, yt, v.gamma, v.beta, v.runningMean, v.runningVar]);
});

test('instanceNorm: per sample and channel over H, W, no affine', async () => {
  await initBackend({ backend: 'wasm' });
  // sample 0: channel 0 = 1, 3 (mean 2, var 1), channel 1 = 0, 0 (var 0 → output 0)
  // sample 1: channel 0 = 5, 7 (mean 6, var 1), channel 1 = 0, 4 (mean 2, var 4)
  const x = tf.tensor4d(X, [2, 1, 2, 2]);
  const y = instanceNorm(x);
  const a = 1 / Math.sqrt(1 + EPS);
  const b = 2 / Math.sqrt(4 + EPS);
  assertClose(y.dataSync(), [-a, 0, a, 0, -a, -b, a, b], 1e-5);
  const one = instanceNorm(tf.tensor4d([1, 0, 3, 0], [1, 1, 2, 2])); // batch 1 takes the per-channel path
  assertClose(one.dataSync(), [-a, 0, a, 0], 1e-5);
  tf.dispose([x, y, one]);
});

/** The same normalisation from plain differentiable ops: the reference for the custom gradient. */
function reference(x: tf.Tensor4D, axes: number[], gamma?: tf.Tensor, beta?: tf.Tensor): tf.Tensor {
  const mean = tf.mean(x, axes, true);
  const variance = tf.mean(tf.square(tf.sub(x, mean)), axes, true);
  let y = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, EPS)));
  if (gamma) y = tf.mul(y, gamma);
  if (beta) y = tf.add(y, beta);
  return y;
}

test('batchNorm gradients (x, gamma, beta) equal autodiff of the plain formula (cpu)', async () => {
  await initBackend({ backend: 'cpu' });
  const rng = new Rng(4);
  const x = random([2, 3, 3, 4], rng, 2, 0.5) as tf.Tensor4D;
  const w = random([2, 3, 3, 4], rng);
  const gamma = random([4], rng, 0.5, 1);
  const beta = random([4], rng);
  const v: BatchNormVariables = {
    gamma: tf.variable(gamma), beta: tf.variable(beta),
    runningMean: tf.variable(tf.zeros([4]), false), runningVar: tf.variable(tf.ones([4]), false),
  };
  const loss = (y: tf.Tensor) => tf.sum(tf.mul(y, w)) as tf.Scalar;
  const custom = tf.grads((xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
    loss(batchNorm(xi as tf.Tensor4D, { ...v, gamma: g as tf.Variable, beta: b as tf.Variable }, { training: true })));
  const plain = tf.grads((xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => loss(reference(xi as tf.Tensor4D, [0, 1, 2], g, b)));
  const got = custom([x, gamma, beta]);
  const want = plain([x, gamma, beta]);
  for (let i = 0; i < 3; i++) assertClose(got[i].dataSync(), want[i].dataSync(), 1e-4, ['dx', 'dgamma', 'dbeta'][i]);
  // and against a central finite difference for one input element
  const h = 1e-2;
  const at = (delta: number) => {
    const xv = x.dataSync().slice();
    xv[5] += delta;
    return loss(reference(tf.tensor4d(xv, x.shape), [0, 1, 2], gamma, beta)).dataSync()[0];
  };
  const numeric = (at(h) - at(-h)) / (2 * h);
  assert.ok(Math.abs(got[0].dataSync()[5] - numeric) < 2e-3, `${got[0].dataSync()[5]} vs ${numeric}`);
});

for (const batch of [1, 3]) {
  test(`instanceNorm gradient equals autodiff of the plain formula, batch ${batch} (cpu)`, async () => {
    await initBackend({ backend: 'cpu' });
    const rng = new Rng(5 + batch);
    const x = random([batch, 4, 3, 2], rng, 3, -1) as tf.Tensor4D;
    const w = random([batch, 4, 3, 2], rng);
    const got = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(instanceNorm(xi as tf.Tensor4D), w)))(x);
    const want = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(reference(xi as tf.Tensor4D, [1, 2]), w)))(x);
    assertClose(got.dataSync(), want.dataSync(), 1e-4);
  });
}

test('norms agree between wasm and cpu and leak no tensors, also under a gradient', async () => {
  const rng = new Rng(8);
  const xs = Array.from(random([2, 5, 5, 3], rng, 2, 1).dataSync());
  const outputs: Record<string, number[]> = {};
  for (const backend of ['wasm', 'cpu'] as const) {
    await initBackend({ backend });
    const x = tf.tensor4d(xs, [2, 5, 5, 3]);
    const v = variables([1.5, 0.5, -1], [0.1, 0.2, 0.3]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      tf.tidy(() => {
        batchNorm(x, v, { training: true });
        instanceNorm(x);
      });
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(batchNorm(x, v, { training: true }))) as tf.Scalar, [v.gamma, v.beta]);
      tf.dispose([value, ...Object.values(grads)]);
    }
    assert.equal(tf.memory().numTensors, before, `${backend}: tensors leaked`);
    outputs[backend] = [
      ...Array.from(tf.tidy(() => batchNorm(x, v, { training: false })).dataSync()),
      ...Array.from(tf.tidy(() => instanceNorm(x)).dataSync()),
      ...Array.from(v.runningMean.dataSync()),
      ...Array.from(v.runningVar.dataSync()),
    ];
  }
  assertClose(outputs.wasm, outputs.cpu, 1e-5);
});
