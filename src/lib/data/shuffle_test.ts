import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../util/rng';
import { mixSeed, shuffled } from './shuffle';

test('shuffled is a permutation, the same for a seed, and leaves the input alone', () => {
  const items = Array.from({ length: 50 }, (_, i) => i);
  const a = shuffled(items, new Rng(3));
  assert.deepEqual([...a].sort((x, y) => x - y), items);
  assert.deepEqual(shuffled(items, new Rng(3)), a);
  assert.notDeepEqual(shuffled(items, new Rng(4)), a);
  assert.deepEqual(items, Array.from({ length: 50 }, (_, i) => i));
});

test('every position is equally likely (Fisher–Yates is unbiased)', () => {
  const rng = new Rng(1);
  const firstCounts = [0, 0, 0, 0];
  for (let i = 0; i < 8000; i++) firstCounts[shuffled([0, 1, 2, 3], rng)[0]]++;
  for (const c of firstCounts) assert.ok(Math.abs(c - 2000) < 150, `counts ${firstCounts}`);
});

test('mixSeed gives different seeds for neighbouring inputs and depends on order', () => {
  const seeds = new Set<number>();
  for (let e = 0; e < 100; e++) seeds.add(mixSeed(7, e));
  assert.equal(seeds.size, 100);
  assert.notEqual(mixSeed(1, 2), mixSeed(2, 1));
  assert.equal(mixSeed(1, 2), mixSeed(1, 2));
});
