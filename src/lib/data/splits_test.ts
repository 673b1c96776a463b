import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PairIndex } from './paired_dataset';
import type { PairItem } from './pair_item';
import { splitIndex, splitSubjectDependent, splitSubjectIndependent } from './splits';

/** `perSubject[i]` items for subject s<i>. */
function items(perSubject: number[]): PairItem[] {
  return perSubject.flatMap((n, s) =>
    Array.from({ length: n }, (_, k) => ({ id: `s${s}_${k}`, subject: `s${String(s).padStart(2, '0')}`, ear: `e${s}_${k}`, face: `f${s}_${k}`, aligned: false })),
  );
}
const subjectsOf = (list: PairItem[]) => new Set(list.map((i) => i.subject));

test('subject-independent: deterministic, 10% of subjects by default, none of them in train', () => {
  const all = items(Array.from({ length: 40 }, (_, i) => 1 + (i % 4)));
  const a = splitSubjectIndependent(all, { seed: 5 });
  const b = splitSubjectIndependent(all, { seed: 5 });
  assert.deepEqual(a, b);
  assert.equal(a.heldOutSubjects.length, 4); // round(0.1 · 40)
  assert.notDeepEqual(splitSubjectIndependent(all, { seed: 6 }).heldOutSubjects, a.heldOutSubjects);
  const trainSubjects = subjectsOf(a.train);
  for (const s of a.heldOutSubjects) assert.ok(!trainSubjects.has(s), s);
  assert.deepEqual([...subjectsOf(a.test)].sort(), a.heldOutSubjects);
  assert.equal(a.train.length + a.test.length, all.length);
  assert.equal(splitSubjectIndependent(all, { fraction: 0.25, seed: 1 }).heldOutSubjects.length, 10);
});

test('subject-independent: at least one subject held out and one kept; fewer than 2 subjects is an error', () => {
  assert.equal(splitSubjectIndependent(items([3, 3, 3]), { fraction: 0.01 }).heldOutSubjects.length, 1);
  assert.equal(splitSubjectIndependent(items([3, 3, 3]), { fraction: 0.99 }).heldOutSubjects.length, 2);
  const two = splitSubjectIndependent(items([2, 5]));
  assert.equal(two.heldOutSubjects.length, 1);
  assert.equal(subjectsOf(two.train).size, 1);
  assert.throws(() => splitSubjectIndependent(items([4])), /splitSubjectIndependent: the items show 1 subject \(s00\); holding people out needs at least 2 subjects/);
  assert.throws(() => splitSubjectIndependent([]), /items is empty/);
  assert.throws(() => splitSubjectIndependent(items([1, 1]), { fraction: 1 }), /fraction 1; expected a number between 0 and 1/);
});

test('subject-independent: given held-out subjects are used as they are, and checked', () => {
  const all = items([2, 2, 2, 2]);
  const s = splitSubjectIndependent(all, { heldOutSubjects: ['s02'] });
  assert.deepEqual(s.heldOutSubjects, ['s02']);
  assert.equal(s.source, 'given');
  assert.deepEqual(s.test.map((i) => i.id), ['s2_0', 's2_1']);
  assert.throws(() => splitSubjectIndependent(all, { heldOutSubjects: ['s09'] }), /heldOutSubjects \["s09"\] is not among the 4 subjects/);
  assert.throws(() => splitSubjectIndependent(all, { heldOutSubjects: ['s00', 's01', 's02', 's03'] }), /holds 4 of 4 subjects; expected at least 1 and not all/);
});

test('subject-dependent: every test subject is in train, each keeps an image, the fraction is respected', () => {
  const all = items([10, 10, 5, 3, 1, 20]);
  const s = splitSubjectDependent(all, { fraction: 0.2, seed: 3 });
  assert.deepEqual(splitSubjectDependent(all, { fraction: 0.2, seed: 3 }), s);
  assert.equal(s.test.length, Math.round(0.2 * all.length)); // 10 of 49
  const train = subjectsOf(s.train);
  for (const subject of subjectsOf(s.test)) assert.ok(train.has(subject), subject);
  assert.equal(train.size, 6); // nobody loses all images, the single-image subject included
  // Per subject: floor or ceil of its share (10 → 2, 20 → 4, 5 → 1).
  const taken = (subject: string) => s.test.filter((i) => i.subject === subject).length;
  assert.equal(taken('s00'), 2);
  assert.equal(taken('s05'), 4);
  assert.ok(taken('s02') === 1, `s02 ${taken('s02')}`);
  assert.equal(taken('s04'), 0);
  assert.equal(new Set([...s.train, ...s.test]).size, all.length);
});

test('subject-dependent: two images per subject at 10% spreads the held-out images over subjects', () => {
  const all = items(Array.from({ length: 30 }, () => 2));
  const s = splitSubjectDependent(all, { seed: 0 });
  assert.equal(s.test.length, 6); // round(0.1 · 60)
  assert.equal(subjectsOf(s.test).size, 6);
});

test('subject-dependent: tiny datasets give a defined split or a clear error', () => {
  const one = splitSubjectDependent(items([5]), { fraction: 0.4 });
  assert.deepEqual([one.train.length, one.test.length], [3, 2]);
  assert.deepEqual(splitSubjectDependent(items([2]), { fraction: 0.9 }).test.length, 1); // never the last image
  assert.throws(() => splitSubjectDependent(items([1, 1, 1])), /every one of the 3 subjects has a single image; holding out images needs subjects with at least 2/);
  assert.throws(() => splitSubjectDependent(items([2, 2]), { fraction: 0.1 }), /fraction 0\.1 of 4 images rounds to 0 test images; expected a larger fraction/);
});

test('splitIndex takes the manifest\'s held-out subjects unless asked for a fresh draw', () => {
  const index = { items: items([2, 2, 2, 2, 2]), split: { heldOutSubjects: ['s03'], seed: 9 } } as unknown as PairIndex;
  assert.deepEqual(splitIndex(index, 'subject-independent').heldOutSubjects, ['s03']);
  const drawn = splitIndex(index, 'subject-independent', { seed: 1 });
  assert.equal(drawn.source, 'seed');
  assert.deepEqual(drawn, splitSubjectIndependent(index.items, { seed: 1 }));
  assert.deepEqual(splitIndex(index, 'subject-dependent', { fraction: 0.3 }), splitSubjectDependent(index.items, { fraction: 0.3, seed: 9 }));
  assert.throws(() => splitIndex(index, 'random' as never), /splitIndex: protocol "random"; expected 'subject-dependent' or 'subject-independent'/);
});
