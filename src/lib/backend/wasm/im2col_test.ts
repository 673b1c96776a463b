import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../tf';
import { initBackend } from '../select';
import { convGeometry, trimUnusedTaps, validOutputRange } from './conv_geometry';
import { im2colColumns, im2colRows } from './im2col';
import { col2imColumns, col2imRows } from './col2im';
import { transposeMatrix } from './transpose_rows';

before(async () => {
  await initBackend({ backend: 'wasm' });
});

const image = () => tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 2, 3, 1]); // [[1,2,3],[4,5,6]]

test('im2col rows and columns hold the padded 2x2 patches, hand-computed', () => {
  // 2x2 filter, stride 2, pad 'same' on 2x3 → 1x2 outputs; pad right 1 (tfjs puts the odd pad after).
  const g = convGeometry([1, 2, 3, 1], [2, 2, 1, 1], 2, 1, 'same');
  assert.deepEqual([g.outHeight, g.outWidth, g.padTop, g.padLeft], [1, 2, 0, 0]);
  const rows = im2colRows(image(), g);
  assert.deepEqual(rows.arraySync(), [
    [1, 2, 4, 5],
    [3, 0, 6, 0],
  ]);
  const cols = im2colColumns(image(), g);
  assert.deepEqual(cols.arraySync(), [
    [1, 3],
    [2, 0],
    [4, 6],
    [5, 0],
  ]);
  tf.dispose([rows, cols]);
});

test('col2im adds overlapping patch entries back and drops padding, hand-computed', () => {
  // 1x2 filter, stride 1, valid, on a 1x3 row: patches [a,b] at x=0 and [c,d] at x=1 → [a, b+c, d].
  const g = convGeometry([1, 1, 3, 1], [1, 2, 1, 1], 1, 1, 'valid');
  const fromRows = col2imRows(tf.tensor2d([[1, 2], [30, 40]]), g);
  assert.deepEqual(fromRows.dataSync(), new Float32Array([1, 32, 40]));
  const fromCols = col2imColumns(tf.tensor2d([[1, 30], [2, 40]]), g);
  assert.deepEqual(fromCols.dataSync(), new Float32Array([1, 32, 40]));
  // With padding: 3-wide filter, pad 1 on a 1x2 row; the entries that read padding are dropped.
  const gp = convGeometry([1, 1, 2, 1], [1, 3, 1, 1], 1, 1, 'same');
  const padded = col2imRows(tf.tensor2d([[100, 1, 2], [3, 4, 200]]), gp);
  assert.deepEqual(padded.dataSync(), new Float32Array([1 + 3, 2 + 4]));
  tf.dispose([fromRows, fromCols, padded]);
});

test('col2im is the adjoint of im2col: <im2col(x), c> = <x, col2im(c)>', () => {
  const g = convGeometry([2, 5, 4, 3], [3, 3, 3, 1], 2, 1, [[0, 0], [1, 2], [2, 0], [0, 0]]);
  const x = tf.randomNormal([2, 5, 4, 3]) as tf.Tensor4D;
  const c = tf.randomNormal([g.rows, g.patch]) as tf.Tensor2D;
  const lhs = tf.sum(tf.mul(im2colRows(x, g), c)).dataSync()[0];
  const rhs = tf.sum(tf.mul(x, col2imRows(c, g))).dataSync()[0];
  assert.ok(Math.abs(lhs - rhs) <= 1e-4 * Math.max(1, Math.abs(lhs)), `${lhs} vs ${rhs}`);
  const cT = transposeMatrix(c, g.rows);
  const rhsT = tf.sum(tf.mul(x, col2imColumns(cT, g))).dataSync()[0];
  assert.ok(Math.abs(lhs - rhsT) <= 1e-4 * Math.max(1, Math.abs(lhs)), `${lhs} vs ${rhsT}`);
});

test('transposeMatrix matches tf.transpose on a non-square matrix bigger than one block', () => {
  const m = tf.randomNormal([37, 70]);
  const t = transposeMatrix(m, 37);
  assert.deepEqual(t.shape, [70, 37]);
  assert.deepEqual(t.dataSync(), tf.transpose(m).dataSync());
  assert.throws(() => transposeMatrix(m, 3), /rows must divide the tensor size 2590, got 3/);
});

test('taps that only read padding are trimmed, others kept', () => {
  // 2x2 → 1x1 with a 4x4 stride-2 pad-1 filter reads only the central 2x2 taps.
  const t = trimUnusedTaps(convGeometry([1, 2, 2, 8], [4, 4, 8, 8], 2, 1, 1));
  assert.equal(t.trimmed, true);
  assert.deepEqual(
    [t.firstRow, t.firstColumn, t.geometry.filterHeight, t.geometry.filterWidth, t.geometry.padTop, t.geometry.patch],
    [1, 1, 2, 2, 0, 32],
  );
  assert.equal(trimUnusedTaps(convGeometry([1, 8, 8, 8], [4, 4, 8, 8], 2, 1, 1)).trimmed, false);
  assert.deepEqual(validOutputRange(0, 2, 1, 1, 4, 2), [1, 2]);
});
