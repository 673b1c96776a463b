import { test } from 'node:test';
import assert from 'node:assert/strict';
import { categoryAxis, linearAxis, logAxis, paramAxis } from './parallel_coordinates_axis';

test('a λ axis plots log10 of the values, ticks at each value labelled with the real value', () => {
  const axis = logAxis('λ style', [10, 1000, 100, 1000]);
  assert.deepEqual(axis.values, [1, 3, 2, 3]);
  assert.deepEqual(axis.tickvals, [1, 2, 3]);
  assert.deepEqual(axis.ticktext, ['10', '100', '1000']);
  assert.equal(axis.range, undefined);
});

test('λ = 0 (term off) sits one decade below the smallest positive λ on a tick labelled off', () => {
  const axis = logAxis('λ feature', [0, 100, 0, 300]);
  const off = Math.log10(100) - 1;
  assert.equal(off, 1);
  assert.deepEqual(axis.values, [1, 2, 1, Math.log10(300)]);
  assert.deepEqual(axis.tickvals, [1, 2, Math.log10(300)]);
  assert.deepEqual(axis.ticktext, ['off', '100', '300']);
  // Small learning rates keep a compact label; 'off' is a decade below 2e-4.
  const lr = logAxis('lr', [0, 2e-4]);
  assert.ok(Math.abs(lr.values[0] - (Math.log10(2e-4) - 1)) < 1e-12);
  assert.deepEqual(lr.ticktext, ['off', '2e-4']);
});

test('a λ axis of one value or all off gets a range around it', () => {
  assert.deepEqual(logAxis('λ l1', [100, 100]).range, [1, 3]);
  assert.deepEqual(logAxis('λ l1', [0, 0]), { label: 'λ l1', values: [0, 0], tickvals: [0], ticktext: ['off'], range: [-1, 1] });
});

test('many distinct λ get one tick per decade instead of one per value', () => {
  const values = Array.from({ length: 12 }, (_, i) => 10 ** (i / 4)); // 1 … 10^2.75
  const axis = logAxis('λ style', [0, ...values]);
  assert.deepEqual(axis.tickvals, [-1, 0, 1, 2, 3]);
  assert.deepEqual(axis.ticktext, ['off', '1', '10', '100', '1000']);
  assert.throws(() => logAxis('λ x', [1, -1]), /logAxis: λ x: got \[1,-1\]; expected finite values ≥ 0/);
});

test('a categorical parameter becomes labelled integers in sorted order, names escaped', () => {
  const axis = categoryAxis('ganMode', ['vanilla', 'hinge', '<b>x</b>', 'hinge']);
  assert.deepEqual(axis.values, [2, 1, 0, 1]);
  assert.deepEqual(axis.tickvals, [0, 1, 2]);
  assert.deepEqual(axis.ticktext, ['&lt;b&gt;x&lt;/b&gt;', 'hinge', 'vanilla']);
  assert.deepEqual(axis.range, [-0.5, 2.5]);
});

test('paramAxis: weights and lr on log axes, text on categories, other numbers linear', () => {
  assert.deepEqual(paramAxis('weights.feature', 'λ feature', [0, 100]).ticktext, ['off', '100']);
  assert.deepEqual(paramAxis('lr', 'lr', [1e-4, 1e-3]).values, [-4, -3]);
  assert.deepEqual(paramAxis('ganMode', 'ganMode', ['lsgan', 'hinge']).values, [1, 0]);
  assert.deepEqual(paramAxis('seed', 'seed', [3, 1, 2]), linearAxis('seed', [3, 1, 2]));
  assert.deepEqual(linearAxis('seed', [3, 1, 2]), { label: 'seed', values: [3, 1, 2], tickvals: [1, 2, 3], ticktext: ['1', '2', '3'] });
  // A mixed parameter falls back to categories; labels are escaped.
  const mixed = paramAxis('weights.style', 'λ <style>', [0, 'auto']);
  assert.equal(mixed.label, 'λ &lt;style&gt;');
  assert.deepEqual(mixed.ticktext, ['0', 'auto']);
});
