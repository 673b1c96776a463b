import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from './rng';

test('mulberry32 reproduces its published first outputs for seed 42', () => {
  // Reference values computed from the mulberry32 definition (Tommy Ettinger, public domain).
  const rng = new Rng(42);
  assert.equal(rng.next(), 0.6011037519201636);
  assert.equal(rng.next(), 0.44829055899754167);
});

test('state round-trips exactly and streams diverge by seed', () => {
  const a = new Rng(7);
  a.next();
  const b = Rng.fromState(a.state);
  for (let i = 0; i < 5; i++) assert.equal(a.next(), b.next());
  assert.notEqual(new Rng(1).next(), new Rng(2).next());
});

test('int stays in range and normal has mean ≈ 0, sd ≈ 1', () => {
  const rng = new Rng(3);
  const counts = [0, 0, 0];
  for (let i = 0; i < 3000; i++) counts[rng.int(3)]++;
  for (const c of counts) assert.ok(c > 900 && c < 1100, `bucket count ${c}`);
  let s = 0;
  let s2 = 0;
  const n = 20000;
  for (let i = 0; i < n; i++) {
    const x = rng.normal();
    s += x;
    s2 += x * x;
  }
  assert.ok(Math.abs(s / n) < 0.03);
  assert.ok(Math.abs(Math.sqrt(s2 / n - (s / n) ** 2) - 1) < 0.03);
});

test('a non-finite seed is rejected', () => {
  assert.throws(() => new Rng(Number.NaN), /Rng seed must be a finite number, got NaN/);
});
