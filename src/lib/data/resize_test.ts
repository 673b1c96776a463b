import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../backend/select';
import { tf } from '../backend/tf';
import { resampleWindow, resizeRgb } from './resize';
import type { RgbImage } from './rgb_image';
import { maxDiff, patternRgb } from './test_images';

before(() => initBackend({ backend: 'wasm' }));

/** An image whose every channel is the column index x (a horizontal ramp). */
function rampX(width: number, height: number): RgbImage {
  const data = new Float32Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.fill(i % width, i * 3, i * 3 + 3);
  return { width, height, data };
}

test('the same size is an exact copy', () => {
  const img = patternRgb(7, 5);
  const out = resizeRgb(img, 7, 5);
  assert.deepEqual(out, img);
  assert.notEqual(out.data, img.data);
  assert.deepEqual(resampleWindow(img, { scaledWidth: 7, scaledHeight: 5, x: 0, y: 0, width: 7, height: 5 }), img);
});

test('enlarging matches tf.image.resizeBilinear with half-pixel centres', () => {
  const img = patternRgb(16, 12);
  const ours = resizeRgb(img, 29, 17);
  const ref = tf.tidy(() => tf.image.resizeBilinear(tf.tensor3d(img.data, [12, 16, 3]), [17, 29], false, true).dataSync());
  assert.ok(maxDiff(ours, { width: 29, height: 17, data: Float32Array.from(ref) }) < 1e-5);
});

test('halving averages with weights 1/8, 3/8, 3/8, 1/8: a ramp stays a ramp at the new centres', () => {
  const out = resizeRgb(rampX(16, 2), 8, 1);
  // Output pixel i covers source centre 2i + 0.5; the edges repeat the border pixel.
  assert.equal(out.data[0], (0 * 1 + 0 * 3 + 1 * 3 + 2 * 1) / 8);
  for (let i = 1; i < 7; i++) assert.ok(Math.abs(out.data[i * 3] - (2 * i + 0.5)) < 1e-5, `pixel ${i}: ${out.data[i * 3]}`);
  const flat = resizeRgb({ width: 9, height: 9, data: new Float32Array(243).fill(0.25) }, 4, 3);
  assert.ok(flat.data.every((v) => Math.abs(v - 0.25) < 1e-6));
});

test('a window is the crop of the full resize, and flip mirrors it', () => {
  const img = patternRgb(20, 20);
  const full = resizeRgb(img, 23, 23);
  const win = resampleWindow(img, { scaledWidth: 23, scaledHeight: 23, x: 2, y: 3, width: 20, height: 20 });
  const flipped = resampleWindow(img, { scaledWidth: 23, scaledHeight: 23, x: 2, y: 3, width: 20, height: 20, flip: true });
  for (let y = 0; y < 20; y++) {
    for (let x = 0; x < 20; x++) {
      for (let k = 0; k < 3; k++) {
        const f = full.data[((y + 3) * 23 + x + 2) * 3 + k];
        assert.ok(Math.abs(win.data[(y * 20 + x) * 3 + k] - f) < 1e-6);
        assert.ok(Math.abs(flipped.data[(y * 20 + 19 - x) * 3 + k] - f) < 1e-6);
      }
    }
  }
});

test('a window that does not fit is refused by name', () => {
  const img = patternRgb(4, 4);
  assert.throws(() => resampleWindow(img, { scaledWidth: 5, scaledHeight: 5, x: 2, y: 0, width: 4, height: 4 }), /resampleWindow: window 4×4 at \(2, 0\) does not fit in the 5×5 resized image/);
  assert.throws(() => resizeRgb(img, 0, 3), /window\.scaledWidth is 0; expected a positive integer/);
  assert.throws(() => resizeRgb({ width: 4, height: 4, data: new Float32Array(3) }, 2, 2), /data has 3 values; expected 4×4×3 = 48/);
});
