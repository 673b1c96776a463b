import { test, before } from 'node:test';
import { initBackend } from '../backend/select';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { composeGrid, decodeImage, encodePng, tensorToRgb, type RgbImage } from './image_io';


before(() => initBackend({ backend: 'wasm' }));

const solid = (w: number, h: number, v: number): RgbImage => ({ width: w, height: h, data: new Float32Array(w * h * 3).fill(v) });

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

test('PNG encode → decode round-trips to 8-bit precision', async () => {
  const img: RgbImage = { width: 3, height: 2, data: Float32Array.from({ length: 18 }, (_, i) => -1 + (2 * i) / 17) };
  const back = await decodeImage(await encodePng(img));
  assert.equal(back.width, 3);
  assert.equal(back.height, 2);
  for (let i = 0; i < 18; i++) assert.ok(Math.abs(back.data[i] - img.data[i]) <= 1 / 127.5 + 1e-6, `pixel ${i}`);
});

test('tensorToRgb accepts [H,W,3] and [1,H,W,3] and rejects other shapes by name', () => {
  const t = tf.zeros([1, 4, 5, 3]);
  const r = tensorToRgb(t);
  assert.deepEqual([r.height, r.width], [4, 5]);
  assert.throws(() => tensorToRgb(tf.zeros([4, 5, 1])), /expected an image tensor of shape \[H, W, 3\] or \[1, H, W, 3\], got \[4, 5, 1\]/);
});

test('bytes that are not an image give an error naming the image', async () => {
  await assert.rejects(decodeImage(Buffer.from('not a png at all'), 'ears/001.png'), /ears\/001\.png: not a readable image/);
});
