import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EYE_COLOURS, HAIR_COLOURS, IDENTITY_PARAMETERS, identityFor, LOBES, randomIdentity } from './identity';
import { mixSeed, sessionBrightness } from './seeds';
import { Rng } from '../../util/rng';

test('every identity field is a documented parameter, and the other way round', () => {
  const id = identityFor(0, 0);
  assert.deepEqual(Object.keys(id).sort(), IDENTITY_PARAMETERS.map((p) => p.name).sort());
  assert.ok(IDENTITY_PARAMETERS.some((p) => p.visibleInEar) && IDENTITY_PARAMETERS.some((p) => !p.visibleInEar));
  assert.deepEqual(IDENTITY_PARAMETERS.find((p) => p.name === 'hairColour')?.values, Object.keys(HAIR_COLOURS));
  assert.deepEqual(IDENTITY_PARAMETERS.find((p) => p.name === 'eyeColour')?.values, Object.keys(EYE_COLOURS));
  assert.deepEqual(IDENTITY_PARAMETERS.find((p) => p.name === 'lobe')?.values, LOBES);
});

test('identities are deterministic per (seed, subject) and differ across both', () => {
  assert.deepEqual(identityFor(7, 3), identityFor(7, 3));
  assert.notDeepEqual(identityFor(7, 3), identityFor(7, 4));
  assert.notDeepEqual(identityFor(7, 3), identityFor(8, 3));
  assert.deepEqual(randomIdentity(new Rng(5)), randomIdentity(new Rng(5)));
});

test('parameters cover their ranges evenly', () => {
  const ids = Array.from({ length: 600 }, (_, i) => identityFor(1, i));
  for (const p of IDENTITY_PARAMETERS) {
    const values = ids.map((id) => id[p.name]);
    if (p.values === 'unit') {
      const nums = values as number[];
      assert.ok(nums.every((v) => v >= 0 && v < 1), p.name);
      const mean = nums.reduce((a, b) => a + b, 0) / nums.length;
      assert.ok(Math.abs(mean - 0.5) < 0.04, `${p.name} mean ${mean}`);
    } else {
      for (const name of p.values) {
        const share = values.filter((v) => v === name).length / values.length;
        assert.ok(Math.abs(share - 1 / p.values.length) < 0.07, `${p.name} ${name}: ${share}`);
      }
    }
  }
});

test('mixSeed separates streams: order and every part matter', () => {
  const seen = new Set<number>();
  for (let a = 0; a < 20; a++) for (let b = 0; b < 20; b++) seen.add(mixSeed(1, a, b));
  assert.equal(seen.size, 400);
  assert.notEqual(mixSeed(1, 2, 3), mixSeed(1, 3, 2));
  assert.ok(Number.isInteger(mixSeed(9)) && mixSeed(9) >= 0 && mixSeed(9) < 2 ** 32);
});

test('session brightness is shared per pair and within ±10 %', () => {
  const values = Array.from({ length: 200 }, (_, i) => sessionBrightness(3, i, 0));
  assert.ok(values.every((v) => v >= 0.9 && v <= 1.1));
  assert.ok(Math.max(...values) > 1.08 && Math.min(...values) < 0.92);
  assert.equal(sessionBrightness(3, 5, 1), sessionBrightness(3, 5, 1));
});
