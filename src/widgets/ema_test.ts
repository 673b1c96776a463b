import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emaSmooth } from './ema';

test('emaSmooth starts at the first value and mixes in each new one with weight 1 − smoothing', () => {
  // 0.6·1 + 0.4·2 = 1.4; 0.6·1.4 + 0.4·4 = 2.44
  const s = emaSmooth([1, 2, 4], 0.6);
  assert.equal(s[0], 1);
  assert.ok(Math.abs(s[1] - 1.4) < 1e-12);
  assert.ok(Math.abs(s[2] - 2.44) < 1e-12);
  assert.deepEqual(emaSmooth([3, 1, 2], 0), [3, 1, 2]);
});

test('emaSmooth gives NaN for non-finite values and carries the average over them', () => {
  const s = emaSmooth([NaN, 2, Infinity, 4], 0.5);
  assert.ok(Number.isNaN(s[0]));
  assert.equal(s[1], 2);
  assert.ok(Number.isNaN(s[2]));
  assert.equal(s[3], 3);
  assert.deepEqual(emaSmooth([], 0.5), []);
});

test('emaSmooth rejects smoothing outside [0, 0.99]', () => {
  for (const bad of [-0.1, 1, NaN]) assert.throws(() => emaSmooth([1], bad), /emaSmooth: smoothing is .*; expected a number in \[0, 0.99\]/);
});
