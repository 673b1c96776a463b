import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lcgUniforms, recipeImage } from './reference_images';

// Expected values printed by scripts/reference/ssim_reference.py's own functions.

test('the LCG matches the Python generator', () => {
  assert.deepEqual(lcgUniforms(12345, 3), [0.02040268573909998, 0.01654784823767841, 0.5431557944975793]);
});

test('a noisy recipe image matches the Python pixels', () => {
  const img = recipeImage(11, 13, 3, { phase: 1, gain: 1, offset: 0, noise: 0.4, seed: 99 });
  assert.equal(img.length, 11 * 13 * 3);
  assert.equal(img[0], 0.1367061734199524);
  assert.equal(img[img.length - 1], -0.06566121429204941);
  const sum = img.reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(sum - -65.79180170540349) < 1e-9, `sum ${sum}`);
});
