import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../util/rng';
import { applyJitter, augmentPair, drawJitter, jitterLoadSize, preparePair } from './augment';
import { resizeRgb } from './resize';
import { createRgb, RgbImage } from './rgb_image';
import { patternRgb } from './test_images';

/** A `background` image with one bright 1-px marker at (mx, my). */
function marked(size: number, mx: number, my: number, background: number): RgbImage {
  const img = createRgb(size, size, background);
  img.data.fill(1, (my * size + mx) * 3, (my * size + mx) * 3 + 3);
  return img;
}

/** Column and row of the brightest pixel (first channel). */
function argmax(img: RgbImage): [number, number] {
  let best = 0;
  for (let i = 1; i < img.width * img.height; i++) if (img.data[i * 3] > img.data[best * 3]) best = i;
  return [best % img.width, Math.floor(best / img.width)];
}

test('the load size is round(size·286/256)', () => {
  assert.deepEqual([256, 128, 64, 16].map(jitterLoadSize), [286, 143, 72, 18]);
  assert.throws(() => jitterLoadSize(0), /size: got 0; expected a positive integer/);
});

test('jitter draws are deterministic for a seed, cover every offset, and mirror half the time', () => {
  const rng = new Rng(11);
  const params = Array.from({ length: 2000 }, () => drawJitter(64, rng));
  const again = new Rng(11);
  assert.deepEqual(params.slice(0, 20), Array.from({ length: 20 }, () => drawJitter(64, again)));
  const xs = new Set(params.map((p) => p.x));
  const ys = new Set(params.map((p) => p.y));
  assert.deepEqual([...xs].sort((a, b) => a - b), Array.from({ length: 9 }, (_, i) => i)); // 0..72−64
  assert.equal(ys.size, 9);
  const flips = params.filter((p) => p.flip).length / params.length;
  assert.ok(Math.abs(flips - 0.5) < 0.05, `flip rate ${flips}`);
});

test('the same transform goes to both images: identical inputs stay identical', () => {
  const img = patternRgb(64, 64);
  const rng = new Rng(3);
  for (let i = 0; i < 10; i++) {
    const out = augmentPair({ ear: img, face: { ...img, data: img.data.slice() } }, 64, rng);
    assert.deepEqual(out.ear.data, out.face.data);
    assert.deepEqual([out.ear.width, out.ear.height], [64, 64]);
  }
});

test('a marker pixel moves to where the drawn scale, crop and mirror put it, in ear and face alike', () => {
  const size = 64;
  const [mx, my] = [20, 41];
  const ear = marked(size, mx, my, -1);
  const face = marked(size, mx, my, -0.5); // a different picture, the marker in the same place
  const rng = new Rng(8);
  let flipped = 0;
  for (let i = 0; i < 12; i++) {
    const out = augmentPair({ ear, face }, size, rng);
    const p = out.params;
    const scale = p.loadSize / size;
    let ex = Math.round((mx + 0.5) * scale - 0.5) - p.x;
    const ey = Math.round((my + 0.5) * scale - 0.5) - p.y;
    if (p.flip) ex = size - 1 - ex;
    flipped += p.flip ? 1 : 0;
    assert.deepEqual(argmax(out.ear), [ex, ey], `draw ${i}: ${JSON.stringify(p)}`);
    assert.deepEqual(argmax(out.face), [ex, ey]);
  }
  assert.ok(flipped > 0 && flipped < 12, 'both mirrored and unmirrored draws were checked');
});

test('applyJitter with no crop offset and no mirror is the top-left of the enlarged image', () => {
  const img = patternRgb(32, 32);
  const out = applyJitter(img, 32, { loadSize: 36, x: 0, y: 0, flip: false });
  const big = resizeRgb(img, 36, 36);
  for (let y = 0; y < 32; y++) assert.deepEqual(out.data.subarray(y * 96, (y + 1) * 96), big.data.subarray(y * 108, y * 108 + 96));
});

test('evaluation only resizes, with nothing random', () => {
  const pair = { ear: patternRgb(80, 60), face: patternRgb(50, 50, 1) };
  const a = preparePair(pair, 32);
  assert.deepEqual(a, preparePair(pair, 32));
  assert.deepEqual(a.ear, resizeRgb(pair.ear, 32, 32));
  assert.deepEqual([a.face.width, a.face.height], [32, 32]);
});
