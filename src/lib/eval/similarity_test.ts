import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { cosineSimilarityMatrix, identityCosine } from './similarity';

before(async () => {
  await initBackend({ backend: 'wasm' });
});

const close = (actual: number, expected: number, tolerance = 1e-6) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} vs ${expected}`);

test('the cosine matrix of plain rows against hand-computed values', () => {
  const s = cosineSimilarityMatrix([[1, 0], [1, 1], [3, 4]], [[2, 0], [0, 3], [-1, 0]]);
  const r = Math.SQRT1_2;
  const expected = [[1, 0, -1], [r, r, -r], [0.6, 0.8, -0.6]];
  assert.equal(s.length, 3);
  s.forEach((row, i) => {
    assert.equal(row.length, 3);
    row.forEach((v, j) => close(v, expected[i][j]));
  });
});

test('tensors and typed-array rows give the same matrix, and nothing leaks', () => {
  const start = tf.memory().numTensors;
  const a = tf.tensor2d([[0.5, -1, 2], [1, 1, 1]]);
  const b = tf.tensor2d([[2, 0, 1]]);
  const fromTensors = cosineSimilarityMatrix(a, b);
  const fromRows = cosineSimilarityMatrix([Float32Array.from([0.5, -1, 2]), Float32Array.from([1, 1, 1])], [[2, 0, 1]]);
  close(fromTensors[0][0], 3 / (Math.sqrt(5.25) * Math.sqrt(5)));
  close(fromTensors[1][0], 3 / (Math.sqrt(3) * Math.sqrt(5)));
  assert.deepEqual(fromTensors, fromRows);
  tf.dispose([a, b]);
  assert.equal(tf.memory().numTensors, start);
});

test('identityCosine scores matched rows only', () => {
  const values = identityCosine([[1, 0], [1, 1], [0, 2]], [[3, 0], [-1, 0], [0, -0.5]]);
  assert.equal(values.length, 3);
  close(values[0], 1);
  close(values[1], -Math.SQRT1_2);
  close(values[2], -1);
});

test('bad input is refused with a clear message, without leaking tensors', () => {
  const start = tf.memory().numTensors;
  assert.throws(() => cosineSimilarityMatrix([[1, 2, 3]], [[1, 2]]), /cosineSimilarityMatrix: a has descriptors of length 3 but b has length 2; expected equal lengths/);
  assert.throws(() => identityCosine([[1, 2]], [[1, 2, 3, 4]]), /identityCosine: a has descriptors of length 2 but b has length 4/);
  assert.throws(() => identityCosine([[1, 2], [3, 4]], [[1, 2]]), /identityCosine: a has 2 rows but b has 1; expected matched pairs/);
  assert.throws(() => cosineSimilarityMatrix([], [[1]]), /cosineSimilarityMatrix: a has no rows; expected at least one descriptor/);
  assert.throws(() => cosineSimilarityMatrix([[1, 2], [3]], [[1, 2]]), /a row 1 has length 1 but row 0 has length 2; expected equal lengths/);
  assert.throws(() => cosineSimilarityMatrix([[1, 2], [0, 0]], [[1, 2]]), /cosineSimilarityMatrix: a row 1 is a zero vector; cosine similarity is undefined for it/);
  assert.throws(() => identityCosine([[1, 2]], [[NaN, 1]]), /identityCosine: b row 0 contains NaN or infinite values/);
  const flat = tf.zeros([4]);
  assert.throws(() => cosineSimilarityMatrix(flat, [[1]]), /cosineSimilarityMatrix: a has shape \[4\]; expected descriptors \[N, D\]/);
  const empty = tf.zeros([0, 8]);
  assert.throws(() => cosineSimilarityMatrix([[1]], empty), /b has shape \[0,8\]; expected at least one descriptor/);
  const zeroRow = tf.tensor2d([[1, 1], [0, 0]]);
  assert.throws(() => cosineSimilarityMatrix([[1, 0]], zeroRow), /b row 1 is a zero vector/);
  tf.dispose([flat, empty, zeroRow]);
  assert.equal(tf.memory().numTensors, start);
});
