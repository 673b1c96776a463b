import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heldOutSubjects } from './split';
import { subjectId } from './pair';

test('holds out round(fraction·subjects) subjects, at least 1 and never all, deterministically', () => {
  assert.equal(heldOutSubjects(50, 0.1, 7).length, 5);
  assert.equal(heldOutSubjects(3, 0.1, 7).length, 1);
  assert.equal(heldOutSubjects(2, 0.9, 7).length, 1);
  assert.equal(heldOutSubjects(10, 0.25, 7).length, 3); // round(2.5) = 3
  assert.deepEqual(heldOutSubjects(50, 0.1, 7), heldOutSubjects(50, 0.1, 7));
  assert.notDeepEqual(heldOutSubjects(50, 0.1, 7), heldOutSubjects(50, 0.1, 8));
});

test('held-out subjects are sorted, distinct, real subjects; the rest are the training subjects', () => {
  const held = heldOutSubjects(40, 0.2, 3);
  assert.deepEqual([...held].sort(), held);
  assert.equal(new Set(held).size, held.length);
  const all = Array.from({ length: 40 }, (_, i) => subjectId(i));
  assert.ok(held.every((s) => all.includes(s)));
  const train = all.filter((s) => !held.includes(s));
  assert.equal(train.length + held.length, 40);
  assert.ok(!train.some((s) => held.includes(s)));
});

test('every subject is held out about equally often across seeds', () => {
  const counts = new Array(10).fill(0);
  for (let seed = 0; seed < 2000; seed++) for (const s of heldOutSubjects(10, 0.1, seed)) counts[Number(s.slice(1)) - 1]++;
  for (const c of counts) assert.ok(c > 140 && c < 260, `counts ${counts}`);
});

test('bad arguments are errors naming them', () => {
  assert.throws(() => heldOutSubjects(1, 0.1, 0), /heldOutSubjects: subjects 1; expected an integer of at least 2/);
  assert.throws(() => heldOutSubjects(10, 0, 0), /heldOutSubjects: fraction 0; expected a number between 0 and 1/);
  assert.throws(() => heldOutSubjects(10, 1, 0), /fraction 1/);
});
