import { test, before } from 'node:test';
import { initBackend } from '../backend/select';
import assert from 'node:assert/strict';
import { generatePairs, pairsToBatch } from './generated_pairs';
import { tf } from '../backend/tf';


before(() => initBackend({ backend: 'wasm' }));

test('generated pairs are deterministic for a seed and differ across seeds', () => {
  const a = generatePairs({ size: 32, subjects: 3, perSubject: 2, seed: 5 });
  const b = generatePairs({ size: 32, subjects: 3, perSubject: 2, seed: 5 });
  const c = generatePairs({ size: 32, subjects: 3, perSubject: 2, seed: 6 });
  assert.equal(a.length, 6);
  assert.deepEqual(a.map((p) => p.subject), [0, 0, 1, 1, 2, 2]);
  assert.deepEqual(a[3].face.data, b[3].face.data);
  assert.notDeepEqual(a[3].face.data, c[3].face.data);
});

test('pixels are in [-1, 1] and the same person looks alike, other people less so', () => {
  const p = generatePairs({ size: 32, subjects: 2, perSubject: 2, seed: 1 });
  for (const q of p) for (const v of q.face.data) assert.ok(v >= -1 && v <= 1);
  const dist = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + Math.abs(v - y[i]), 0);
  assert.ok(dist(p[0].face.data, p[1].face.data) < dist(p[0].face.data, p[2].face.data));
});

test('pairsToBatch stacks into [B, S, S, 3] tensors', () => {
  const p = generatePairs({ size: 16, subjects: 1, perSubject: 3, seed: 1 });
  const { ear, face } = pairsToBatch(p);
  assert.deepEqual(ear.shape, [3, 16, 16, 3]);
  assert.deepEqual(Array.from(face.dataSync().slice(16 * 16 * 3, 16 * 16 * 3 + 3)), Array.from(p[1].face.data.slice(0, 3)));
  tf.dispose([ear, face]);
});

test('bad sizes are rejected by name', () => {
  assert.throws(() => generatePairs({ size: 0, subjects: 1, perSubject: 1, seed: 1 }), /size must be a positive integer, got 0/);
});
