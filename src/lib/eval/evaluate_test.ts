import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { evaluatePairs } from './evaluate';
import { psnr } from './psnr';
import { ssim } from './ssim';
import { recipeImage } from './reference_images';
import { verify } from './verification';

before(async () => {
  await initBackend({ backend: 'wasm' });
});

const size = 12;

/** Four distinct real faces and generated ones at half contrast (same direction in pixel space). */
function images(): { real: tf.Tensor4D; generated: tf.Tensor4D } {
  const pixels = [0, 1, 2, 3].map((i) => recipeImage(size, size, 3, { phase: 0.9 * i, gain: 1, offset: 0, noise: 0.3, seed: i + 1 }));
  const flat = new Float32Array(4 * size * size * 3);
  pixels.forEach((p, i) => flat.set(p, i * p.length));
  const real = tf.tensor4d(flat, [4, size, size, 3]);
  return { real, generated: tf.mul(real, 0.5) as tf.Tensor4D };
}

const subjects = ['a', 'a', 'b', 'c'];
const r = Math.SQRT1_2;
const descriptorsReal = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]];
// Generated 0 matches a; 1 matches b's image; 2 sits between b and c; 3 matches c.
const descriptorsGenerated = [[1, 0, 0, 0], [0, 0, 1, 0], [0, 0, r, r], [0, 0, 0, 1]];

test('pixel-space results and image quality without descriptors', () => {
  const start = tf.memory().numTensors;
  const { real, generated } = images();
  const result = evaluatePairs({ generated, real, subjects });
  assert.deepEqual(result.psnr, psnr(generated, real));
  assert.deepEqual(result.ssim, ssim(generated, real));
  // Generated i is real i scaled, so its pixel cosine with real i is 1 and the best.
  assert.deepEqual(result.pixel.ranks, [1, 1, 1, 1]);
  assert.equal(result.summary.pixelRank1, 1);
  assert.equal(result.summary.identities, 3);
  assert.equal(result.summary.chanceRank1, 1 / 3);
  assert.equal(result.descriptor, undefined);
  assert.equal(result.summary.rank1, undefined);
  tf.dispose([real, generated]);
  assert.equal(tf.memory().numTensors, start);
});

test('descriptor-space identification, identity cosine and verification', () => {
  const start = tf.memory().numTensors;
  const { real, generated } = images();
  const descGen = tf.tensor2d(descriptorsGenerated);
  const result = evaluatePairs({ generated, real, subjects, descriptorsGenerated: descGen, descriptorsReal });
  const d = result.descriptor;
  assert.ok(d);
  // Probe 1 (a) scores 0 for a, 1 for b and 0 for c: b is ahead and c ties, so rank 3.
  // Probe 2 (b) ties b with c at 0.707: rank 2.
  assert.deepEqual(d.identification.ranks, [1, 3, 2, 1]);
  assert.equal(result.summary.rank1, 0.5);
  assert.equal(result.summary.rank5, 1);
  const expectedCosine = (1 + 0 + r + 1) / 4;
  assert.ok(Math.abs((result.summary.identityCosine as number) - expectedCosine) < 1e-6);
  assert.equal(d.verification.genuineCount, 6);
  assert.equal(d.verification.impostorCount, 10);
  const rounded = (xs: number[]) => xs.map((x) => Math.round(x * 1e6) / 1e6);
  const direct = verify(rounded([1, 0, 0, 0, r, 1]), rounded([0, 0, 1, 0, 0, 0, r, 0, 0, 0]));
  assert.ok(Math.abs(d.verification.eer - direct.eer) < 1e-9);
  assert.deepEqual(result.summary.tarAtFar, { 'tarAtFar0.01': direct.tarAtFar[0].tar, 'tarAtFar0.001': direct.tarAtFar[1].tar });
  assert.equal(result.summary.eer, d.verification.eer);
  tf.dispose([real, generated, descGen]);
  assert.equal(tf.memory().numTensors, start);
});

test('bad input is refused with a clear message', () => {
  const start = tf.memory().numTensors;
  const { real, generated } = images();
  assert.throws(() => evaluatePairs({ generated, real, subjects: ['a', 'b'] }), /evaluatePairs: subjects has 2 entries but generated has 4 images; expected one subject per pair/);
  assert.throws(() => evaluatePairs({ generated, real, subjects: ['a', 'a', 'a', 'a'] }), /evaluatePairs: every pair has the same subject/);
  assert.throws(
    () => evaluatePairs({ generated, real, subjects, descriptorsGenerated }),
    /evaluatePairs: only one of descriptorsGenerated and descriptorsReal was given; expected both or neither/,
  );
  assert.throws(
    () => evaluatePairs({ generated, real, subjects, descriptorsGenerated: descriptorsGenerated.slice(1), descriptorsReal }),
    /evaluatePairs: descriptorsGenerated has 3 rows but there are 4 image pairs/,
  );
  assert.throws(
    () => evaluatePairs({ generated, real, subjects, descriptorsGenerated, descriptorsReal: descriptorsReal.map((row) => row.slice(1)) }),
    /cosineSimilarityMatrix: a has descriptors of length 4 but b has length 3; expected equal lengths/,
  );
  const smaller = tf.slice(real, [0, 0, 0, 0], [4, 11, 12, 3]);
  assert.throws(() => evaluatePairs({ generated, real: smaller, subjects }), /psnr: a has shape \[4,12,12,3\] but b has shape \[4,11,12,3\]; expected equal shapes/);
  tf.dispose([real, generated, smaller]);
  assert.equal(tf.memory().numTensors, start);
});
