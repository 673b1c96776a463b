import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { gramChannelOrder, gramRows, orderGram, permuteGram } from './gram_order';
import { Rng } from '../util/rng';

before(async () => {
  await initBackend({ backend: 'wasm' });
});

/**
 * Gram of 9 channels in three groups that fire on disjoint positions, shuffled: group A = {7, 0, 4}
 * (strong, energy 4), B = {2, 8, 5} (energy 2), C = {1, 6, 3} (weak, energy 1). Within a group the
 * channels are near copies (cosine 0.9–1), across groups they barely overlap (cosine ≤ 0.1).
 */
function blockGram(): { gram: number[][]; groups: number[][] } {
  const groups = [[7, 0, 4], [2, 8, 5], [1, 6, 3]];
  const energy = [4, 2, 1];
  const rng = new Rng(5);
  const group = (c: number) => groups.findIndex((g) => g.includes(c));
  const cos: number[][] = Array.from({ length: 9 }, () => new Array(9).fill(0));
  for (let i = 0; i < 9; i++) {
    for (let j = i; j < 9; j++) {
      const value = i === j ? 1 : group(i) === group(j) ? 0.9 + 0.1 * rng.next() : 0.1 * rng.next();
      cos[i][j] = value;
      cos[j][i] = value;
    }
  }
  const gram = cos.map((row, i) => row.map((v, j) => v * Math.sqrt(energy[group(i)] * energy[group(j)])));
  return { gram, groups };
}

test('a shuffled three-block Gram is ordered into contiguous blocks, strongest first', () => {
  const { gram, groups } = blockGram();
  const order = gramChannelOrder(gram);
  assert.deepEqual([...order].sort(), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  const blocks = [order.slice(0, 3), order.slice(3, 6), order.slice(6, 9)].map((b) => [...b].sort());
  assert.deepEqual(blocks, groups.map((g) => [...g].sort()));
  // The permuted matrix shows the blocks: every within-block cosine beats every cross-block one.
  const { matrix } = orderGram(gram);
  const cosine = (i: number, j: number) => matrix[i][j] / Math.sqrt(matrix[i][i] * matrix[j][j]);
  for (let i = 0; i < 9; i++) {
    for (let j = 0; j < 9; j++) {
      if (Math.floor(i / 3) === Math.floor(j / 3)) assert.ok(cosine(i, j) >= 0.9, `(${i}, ${j}) in a block`);
      else assert.ok(cosine(i, j) <= 0.1, `(${i}, ${j}) across blocks`);
    }
  }
});

test('deterministic, the same from a tensor, and identity on an already ordered block matrix', () => {
  const { gram } = blockGram();
  const t = tf.tensor3d([gram]);
  assert.deepEqual(gramChannelOrder(t), gramChannelOrder(gram));
  assert.deepEqual(gramChannelOrder(gram), gramChannelOrder(gram));
  assert.deepEqual(gramChannelOrder([[4, 0, 4, 0], [0, 1, 0, 1], [4, 0, 4, 0], [0, 1, 0, 1]]), [0, 2, 1, 3]);
  assert.deepEqual(gramChannelOrder([[2, 2, 0], [2, 2, 0], [0, 0, 1]]), [0, 1, 2]);
  // A channel that never fires is at distance 1 from all, and goes last.
  assert.deepEqual(gramChannelOrder([[0, 0, 0], [0, 3, 3], [0, 3, 3]]), [1, 2, 0]);
  assert.deepEqual(gramChannelOrder([[5]]), [0]);
  t.dispose();
});

test('permuteGram puts rows and columns in the given order', () => {
  const g = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];
  assert.deepEqual(permuteGram(g, [2, 0, 1]), [[9, 7, 8], [3, 1, 2], [6, 4, 5]]);
  assert.deepEqual(permuteGram(g, [0, 1, 2]), g);
  const { order, matrix } = orderGram(blockGram().gram);
  assert.deepEqual(matrix, permuteGram(blockGram().gram, order));
});

test('bad input is named', () => {
  const notSquare = tf.zeros([2, 3]);
  const batch = tf.zeros([2, 3, 3]);
  assert.throws(() => gramChannelOrder(notSquare), /gramChannelOrder: gram has shape \[2,3\]; expected one square Gram matrix \[C, C\] or \[1, C, C\]/);
  assert.throws(() => orderGram(batch), /orderGram: gram has shape \[2,3,3\]; expected one square Gram matrix/);
  assert.throws(() => gramChannelOrder([[1, 2], [3]]), /gramChannelOrder: gram: row 1 has 1 entries; expected 2/);
  assert.throws(() => gramChannelOrder([[1, NaN], [0, 1]]), /gramChannelOrder: gram\[0\]\[1\] is NaN; expected a finite number/);
  assert.throws(() => gramChannelOrder([]), /gramChannelOrder: gram is empty/);
  assert.throws(() => permuteGram([[1, 0], [0, 1]], [0, 0]), /permuteGram: order \[0,0\] is not a permutation of 0\.\.1/);
  assert.throws(() => permuteGram([[1, 0], [0, 1]], [0]), /permuteGram: order \[0\] is not a permutation/);
  assert.throws(() => gramRows('x' as never), /gram is string; expected a \[C, C\] tensor or rows of numbers/);
  tf.dispose([notSquare, batch]);
});
