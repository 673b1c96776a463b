import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { gramMatrix } from './gram';

before(async () => {
  await initBackend({ backend: 'wasm' });
});

const closeAll = (actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string) => {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `${what}[${i}]: expected ${expected[i]}, got ${actual[i]}`);
  }
};

test('Gram of a 1×2×2×2 map by hand: Σ over positions of xxᵀ, / (C·H·W = 8)', () => {
  const start = tf.memory().numTensors;
  // Positions (x, y): (1, 2), (3, 4), (0, 1), (−1, 0).
  const map = tf.tensor4d([1, 2, 3, 4, 0, 1, -1, 0], [1, 2, 2, 2]);
  const g = gramMatrix(map);
  assert.deepEqual(g.shape, [1, 2, 2]);
  // Σx² = 1 + 9 + 0 + 1 = 11, Σxy = 2 + 12 + 0 + 0 = 14, Σy² = 4 + 16 + 1 + 0 = 21.
  closeAll(g.dataSync(), [11 / 8, 14 / 8, 14 / 8, 21 / 8], 1e-6, 'gram');
  tf.dispose([map, g]);
  assert.equal(tf.memory().numTensors, start);
});

test('each image of a batch gets its own Gram; normalisation uses C·H·W of the map', () => {
  // Image 0: a single position 1×1 with channels (1, 2, 3) → xxᵀ / 3. Image 1: (−1, 0, 2).
  const map = tf.tensor4d([1, 2, 3, -1, 0, 2], [2, 1, 1, 3]);
  const g = gramMatrix(map);
  const outer = (v: number[]) => v.flatMap((a) => v.map((b) => (a * b) / 3));
  closeAll(g.dataSync(), [...outer([1, 2, 3]), ...outer([-1, 0, 2])], 1e-6, 'gram');
  tf.dispose([map, g]);
});

test('agrees with the plain formula matMul(Fᵀ, F) / (C·H·W) on a random 2×5×3×4 map', () => {
  const map = tf.randomNormal([2, 5, 3, 4], 0, 1, 'float32', 3) as tf.Tensor4D;
  const ours = gramMatrix(map);
  const reference = tf.tidy(() => {
    const rows = tf.reshape(map, [2, 15, 4]);
    return tf.div(tf.matMul(rows, rows, true, false), 4 * 15);
  });
  closeAll(ours.dataSync(), reference.dataSync(), 1e-5, 'gram');
  tf.dispose([map, ours, reference]);
});

test('the custom gradient matches central finite differences and the automatic gradient', () => {
  const start = tf.memory().numTensors;
  const map = tf.randomNormal([1, 2, 3, 2], 0, 1, 'float32', 11) as tf.Tensor4D;
  // A non-symmetric weighting, so the gradient must use dG + dGᵀ.
  const weights = tf.tensor3d([0.3, -1.2, 0.7, 2.0], [1, 2, 2]);
  const loss = (m: tf.Tensor) => tf.sum(tf.mul(gramMatrix(m as tf.Tensor4D), weights)) as tf.Scalar;
  const analytic = tf.grad(loss)(map);
  const automatic = tf.grad((m: tf.Tensor) => {
    const rows = tf.reshape(m, [1, 6, 2]);
    return tf.sum(tf.mul(tf.div(tf.matMul(rows, rows, true, false), 12), weights)) as tf.Scalar;
  })(map);
  const x = map.dataSync().slice();
  const h = 1e-2;
  const numeric = Array.from(x, (_, i) => {
    const at = (delta: number) => {
      const shifted = x.slice();
      shifted[i] += delta;
      return tf.tidy(() => loss(tf.tensor4d(shifted, map.shape)).dataSync()[0]);
    };
    return (at(h) - at(-h)) / (2 * h);
  });
  // The loss is quadratic in the map, so central differences are exact up to float32 rounding.
  closeAll(analytic.dataSync(), numeric, 2e-3, 'd/dF vs finite differences');
  closeAll(analytic.dataSync(), automatic.dataSync(), 1e-6, 'd/dF vs automatic gradient');
  tf.dispose([map, weights, analytic, automatic]);
  assert.equal(tf.memory().numTensors, start);
});

test('bad input: wrong rank, empty map, integer dtype, not a tensor', () => {
  const rank3 = tf.zeros([4, 4, 8]);
  const empty = tf.zeros([1, 0, 4, 8]);
  const ints = tf.zeros([1, 2, 2, 2], 'int32');
  assert.throws(() => gramMatrix(rank3 as tf.Tensor4D), /gramMatrix: featureMap has shape \[4,4,8\] \(rank 3\); expected a rank-4 NHWC map \[N, H, W, C\]/);
  assert.throws(() => gramMatrix(empty as tf.Tensor4D), /gramMatrix: featureMap has shape \[1,0,4,8\]; expected no zero-sized dimension/);
  assert.throws(() => gramMatrix(ints as tf.Tensor4D), /gramMatrix: featureMap has dtype int32; expected float32/);
  assert.throws(() => gramMatrix([1, 2] as unknown as tf.Tensor4D), /gramMatrix: featureMap is object; expected a rank-4 NHWC tensor/);
  tf.dispose([rank3, empty, ints]);
});
