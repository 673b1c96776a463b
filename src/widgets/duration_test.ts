import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration } from './duration';

test('formatDuration picks seconds, minutes or hours', () => {
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(59.4), '59s');
  assert.equal(formatDuration(106), '1m 46s');
  assert.equal(formatDuration(3599), '59m 59s');
  assert.equal(formatDuration(7380), '2h 03m');
  assert.equal(formatDuration(-1), '?');
  assert.equal(formatDuration(Infinity), '?');
});
