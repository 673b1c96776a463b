import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downsample, earVisibleOnly, meanAbs, syntheticBaselines } from './baselines';
import { identityFor } from './identity';

test('from ear pixels alone the nearest ears beat the mean face, but nothing reaches zero', () => {
  const r = syntheticBaselines({ seed: 0, size: 64, subjects: 60, perSubject: 3, heldOutFraction: 0.2 });
  assert.equal(r.trainPairs, 144);
  assert.equal(r.testPairs, 36);
  // Signal: the faces of the nearest training ears are closer to the truth than the mean face.
  assert.ok(r.kNearestEars < 0.9 * r.meanFace, `k-NN ${r.kNearestEars} vs mean ${r.meanFace}`);
  assert.ok(r.nearestEar < r.meanFace, `1-NN ${r.nearestEar} vs mean ${r.meanFace}`);
  // Headroom: knowing the ear-visible parameters exactly does better still …
  assert.ok(r.earOracle < 0.85 * r.kNearestEars, `ear oracle ${r.earOracle} vs k-NN ${r.kNearestEars}`);
  // … and noise: even the true person without the picture's jitter is far from zero error, and
  // face-only parameters cost a little more.
  assert.ok(r.identityOracle > 0.04, `identity oracle ${r.identityOracle}`);
  assert.ok(r.identityOracle < r.earOracle);
});

test('downsample averages blocks; meanAbs is the mean absolute difference', () => {
  const img = { width: 2, height: 2, data: Float32Array.from([1, 1, 1, -1, -1, -1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]) };
  assert.deepEqual([...downsample(img, 1)], [0.25, 0.25, 0.25]);
  assert.throws(() => downsample(img, 3), /downsample: size 2 is not a multiple of 3/);
  assert.equal(meanAbs(Float32Array.from([1, -1]), Float32Array.from([0, 1])), 1.5);
});

test('earVisibleOnly keeps ear-visible parameters and sets face-only ones to the middle', () => {
  const id = identityFor(0, 3);
  const e = earVisibleOnly(id);
  assert.equal(e.earSize, id.earSize);
  assert.equal(e.lobe, id.lobe);
  assert.equal(e.eyeSpacing, 0.5);
  assert.equal(e.eyeColour, 'brown');
});
