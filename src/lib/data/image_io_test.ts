import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../backend/select';
import { tf } from '../backend/tf';
import {
  batchToRgbs, composeGrid, createRgb, decodeImage, encodePng, rgbsToBatch, rgbToTensor, tensorToRgb, writePng, type RgbImage,
} from './image_io';
import { tempFolder } from './test_images';

before(() => initBackend({ backend: 'wasm' }));

const solid = (w: number, h: number, v: number): RgbImage => createRgb(w, h, v);

test('composeGrid places each image at gap + index·(cell + gap)', () => {
  const g = composeGrid([[solid(2, 2, -1), solid(2, 2, 0)]], 1, 1);
  assert.equal(g.width, 2 * 2 + 3 * 1);
  assert.equal(g.height, 2 + 2 * 1);
  const at = (x: number, y: number) => g.data[(y * g.width + x) * 3];
  assert.equal(at(0, 0), 1); // gap
  assert.equal(at(1, 1), -1); // first image
  assert.equal(at(3, 1), 1); // gap between
  assert.equal(at(4, 2), 0); // second image
});

test('composeGrid centres smaller images in their cells and leaves short rows empty', () => {
  // Cells are 4×4 (the largest image); a 2×2 image sits at offset (1, 1) inside its cell.
  const g = composeGrid([[solid(4, 4, -1), solid(2, 2, 0)], [solid(2, 4, 0.5)]], 0, 1);
  assert.deepEqual([g.width, g.height], [8, 8]);
  const at = (x: number, y: number) => g.data[(y * g.width + x) * 3];
  assert.equal(at(4, 0), 1);
  assert.equal(at(5, 1), 0);
  assert.equal(at(6, 2), 0);
  assert.equal(at(7, 3), 1);
  assert.equal(at(0, 4), 1); // 2-wide image centred in a 4-wide cell: columns 1..2
  assert.equal(at(1, 4), 0.5);
  assert.equal(at(2, 7), 0.5);
  assert.equal(at(3, 4), 1);
  assert.equal(at(5, 5), 1); // the empty second cell of the short row
});

test('composeGrid names a broken image and bad arguments', () => {
  assert.throws(() => composeGrid([[solid(2, 2, 0), { width: 3, height: 2, data: new Float32Array(12) }]]), /composeGrid: rows\[0\]\[1\]: data has 12 values; expected 3×2×3 = 18/);
  assert.throws(() => composeGrid([[solid(2, 2, 0)], []]), /expected at least one image in every row/);
  assert.throws(() => composeGrid([[solid(2, 2, 0)]], -1), /composeGrid: gap -1; expected a non-negative integer/);
});

test('PNG encode → decode round-trips to 8-bit precision, and writePng creates the folder', async () => {
  const img: RgbImage = { width: 3, height: 2, data: Float32Array.from({ length: 18 }, (_, i) => -1 + (2 * i) / 17) };
  const back = await decodeImage(await encodePng(img));
  assert.deepEqual([back.width, back.height], [3, 2]);
  for (let i = 0; i < 18; i++) assert.ok(Math.abs(back.data[i] - img.data[i]) <= 1 / 127.5 + 1e-6, `pixel ${i}`);
  const tmp = tempFolder('io');
  try {
    const path = join(tmp.dir, 'a/b/c.png');
    await writePng(img, path);
    assert.deepEqual((await decodeImage(readFileSync(path))).data, back.data);
  } finally {
    tmp.remove();
  }
});

test('tensorToRgb accepts [H,W,3] and [1,H,W,3] and rejects other shapes by name', () => {
  const before = tf.memory().numTensors;
  const t = tf.zeros([1, 4, 5, 3]);
  const r = tensorToRgb(t);
  assert.deepEqual([r.height, r.width], [4, 5]);
  const bad = tf.zeros([4, 5, 1]);
  assert.throws(() => tensorToRgb(bad), /expected an image tensor of shape \[H, W, 3\] or \[1, H, W, 3\], got \[4, 5, 1\]/);
  tf.dispose([t, bad]);
  assert.equal(tf.memory().numTensors, before);
});

test('rgbToTensor, rgbsToBatch and batchToRgbs round-trip and check sizes', () => {
  const before = tf.memory().numTensors;
  const a: RgbImage = { width: 2, height: 1, data: Float32Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6) };
  const b: RgbImage = { width: 2, height: 1, data: Float32Array.of(-0.1, -0.2, -0.3, -0.4, -0.5, -0.6) };
  const t = rgbToTensor(a);
  assert.deepEqual(t.shape, [1, 2, 3]);
  const batch = rgbsToBatch([a, b]);
  assert.deepEqual(batch.shape, [2, 1, 2, 3]);
  const [a2, b2] = batchToRgbs(batch);
  assert.deepEqual(a2, a);
  assert.deepEqual(b2, b);
  assert.throws(() => rgbsToBatch([a, createRgb(1, 2)]), /rgbsToBatch: imgs\[1\] is 1×2 but imgs\[0\] is 2×1; expected equal sizes/);
  assert.throws(() => rgbsToBatch([]), /expected at least one/);
  tf.dispose([t, batch]);
  assert.equal(tf.memory().numTensors, before);
});
