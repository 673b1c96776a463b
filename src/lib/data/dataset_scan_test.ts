import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subjectFromName } from './dataset_scan';
import { isInside, resolveInside } from './dataset_paths';

test('subjectFromName: group 1, else the whole match; null when it does not match', () => {
  assert.equal(subjectFromName('s0001_03'), 's0001');
  assert.equal(subjectFromName('a_b_c'), 'a');
  assert.equal(subjectFromName('_x'), null);
  assert.equal(subjectFromName('plain'), null);
  assert.equal(subjectFromName('0042-left', /^(\d+)-/), '0042');
  assert.equal(subjectFromName('0042-left', /^\d+/), '0042');
  const global = /^([a-z]+)/g;
  assert.equal(subjectFromName('abc1', global), 'abc');
  assert.equal(subjectFromName('abc1', global), 'abc'); // a /g pattern's state does not carry over
});

test('isInside compares whole path segments, and backslashes count as separators', () => {
  assert.ok(isInside('/data/pairs', '/data/pairs'));
  assert.ok(!isInside('/data/pairs', '/data/pairs-old/a.png'));
  assert.ok(!isInside('/data/pairs', '/data'));
  assert.throws(() => resolveInside('/data/pairs', '..\\outside.png', 'row 1'), /row 1: path "\.\.\\\\outside\.png" leads outside the dataset folder \/data\/pairs/);
  assert.throws(() => resolveInside('/data/pairs', 'C:\\x.png', 'row 2'), /is absolute/);
  assert.throws(() => resolveInside('/data/pairs', 'a\0.png', 'row 3'), /contains a NUL byte/);
});
