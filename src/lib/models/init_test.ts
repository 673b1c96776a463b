import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { Rng } from '../util/rng';
import { countParameters, createParameters, initialValues, normalValues, parameterSeed, type ParameterSpec } from './init';

function stats(a: Float32Array): { mean: number; std: number } {
  let s = 0;
  for (const v of a) s += v;
  const mean = s / a.length;
  let q = 0;
  for (const v of a) q += (v - mean) ** 2;
  return { mean, std: Math.sqrt(q / a.length) };
}

const kernel: ParameterSpec = { name: 'enc3/conv/kernel', shape: [4, 4, 32, 64], init: 'conv', trainable: true };

test('normalValues: mean and std of 200k samples match the request', () => {
  const { mean, std } = stats(normalValues(200_001, 1, 0.02, new Rng(3)));
  // standard errors: 0.02/√2e5 ≈ 4.5e-5 for the mean, ≈ 3.2e-5 for the std
  assert.ok(Math.abs(mean - 1) < 3e-4, `mean ${mean}`);
  assert.ok(Math.abs(std - 0.02) < 3e-4, `std ${std}`);
});

test('normalValues: the shape is normal (68.3% within 1σ, 95.4% within 2σ, 99.7% within 3σ)', () => {
  const a = normalValues(100_000, 0, 0.02, new Rng(4));
  const within = (k: number) => a.filter((v) => Math.abs(v) < k * 0.02).length / a.length;
  // binomial standard errors ≤ 0.0015
  assert.ok(Math.abs(within(1) - 0.6827) < 0.006, `1σ: ${within(1)}`);
  assert.ok(Math.abs(within(2) - 0.9545) < 0.004, `2σ: ${within(2)}`);
  assert.ok(Math.abs(within(3) - 0.9973) < 0.0015, `3σ: ${within(3)}`);
});

test('initialValues: conv N(0, 0.02), gamma N(1, 0.02), zeros, ones', () => {
  const conv = stats(initialValues(kernel, 5));
  assert.ok(Math.abs(conv.mean) < 1e-3 && Math.abs(conv.std - 0.02) < 5e-4, JSON.stringify(conv));
  const gamma = stats(initialValues({ name: 'g', shape: [20000], init: 'gamma', trainable: true }, 5));
  assert.ok(Math.abs(gamma.mean - 1) < 1e-3 && Math.abs(gamma.std - 0.02) < 1e-3, JSON.stringify(gamma));
  assert.deepEqual(Array.from(initialValues({ name: 'z', shape: [3], init: 'zeros', trainable: true }, 5)), [0, 0, 0]);
  assert.deepEqual(Array.from(initialValues({ name: 'o', shape: [2], init: 'ones', trainable: false }, 5)), [1, 1]);
});

test('initialValues: the same seed and name repeat, another seed or name differs', () => {
  const a = initialValues(kernel, 11);
  assert.deepEqual(initialValues(kernel, 11), a);
  const otherSeed = initialValues(kernel, 12);
  const otherName = initialValues({ ...kernel, name: 'enc4/conv/kernel' }, 11);
  assert.ok(a.some((v, i) => v !== otherSeed[i]));
  assert.ok(a.some((v, i) => v !== otherName[i]));
  assert.notEqual(parameterSeed(1, 'a'), parameterSeed(2, 'a'));
  assert.notEqual(parameterSeed(1, 'ab'), parameterSeed(1, 'ba'));
});

test('countParameters counts trainable scalars only', () => {
  const specs: ParameterSpec[] = [
    kernel,
    { name: 'b', shape: [64], init: 'zeros', trainable: true },
    { name: 'm', shape: [64], init: 'zeros', trainable: false },
  ];
  assert.equal(countParameters(specs), 4 * 4 * 32 * 64 + 64);
});

test('createParameters: weights and buffers by name, exact values, no tensor left behind', async () => {
  await initBackend({ backend: 'wasm' });
  const before = tf.memory().numTensors;
  const specs: ParameterSpec[] = [kernel, { name: 'm', shape: [64], init: 'zeros', trainable: false }];
  const a = createParameters(specs, 9);
  const b = createParameters(specs, 9); // same names twice: tf variable names must not clash
  assert.deepEqual(Object.keys(a.weights), ['enc3/conv/kernel']);
  assert.deepEqual(Object.keys(a.buffers), ['m']);
  assert.equal(a.weights['enc3/conv/kernel'].trainable, true);
  assert.equal(a.buffers['m'].trainable, false);
  assert.deepEqual(a.weights['enc3/conv/kernel'].dataSync(), initialValues(kernel, 9));
  assert.deepEqual(b.weights['enc3/conv/kernel'].dataSync(), a.weights['enc3/conv/kernel'].dataSync());
  assert.equal(tf.memory().numTensors, before + 4);
  for (const v of [...Object.values(a.weights), ...Object.values(a.buffers), ...Object.values(b.weights), ...Object.values(b.buffers)]) v.dispose();
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => createParameters([kernel, kernel], 1), /duplicate parameter name 'enc3\/conv\/kernel'/);
  assert.throws(() => createParameters(specs, NaN), /seed must be a finite number, got NaN/);
});
