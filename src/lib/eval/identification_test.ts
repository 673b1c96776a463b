import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chanceRankAccuracy, cmcCurve, identificationRanks, identify, rankAccuracy } from './identification';

test('ranks of a hand-made matrix with one image per subject', () => {
  const subjects = ['a', 'b', 'c', 'd'];
  const s = [
    [0.9, 0.1, 0.2, 0.3], // a: best → rank 1
    [0.8, 0.5, 0.6, 0.1], // b: a and c higher → rank 3
    [0.1, 0.2, 0.3, 0.4], // c: d higher → rank 2
    [0.4, 0.3, 0.2, 0.1], // d: last → rank 4
  ];
  assert.deepEqual(identificationRanks(s, subjects, subjects), [1, 3, 2, 4]);
  const result = identify(s, subjects, subjects);
  assert.deepEqual(result.cmc, [0.25, 0.5, 0.75, 1]);
  assert.equal(result.rank1, 0.25);
  assert.equal(result.rank5, 1);
  assert.equal(result.rank10, 1);
  assert.equal(result.identities, 4);
  assert.equal(result.probes, 4);
  assert.deepEqual(result.chance, { rank1: 0.25, rank5: 1, rank10: 1 });
});

test('ties count pessimistically: equal-scoring wrong identities rank ahead', () => {
  const subjects = ['a', 'b', 'c'];
  const s = [
    [0.5, 0.5, 0.5], // all equal → both others ahead → rank 3
    [0.7, 0.7, 0.1], // tie with a → rank 2
    [0.2, 0.1, 0.3], // clear winner → rank 1
  ];
  assert.deepEqual(identificationRanks(s, subjects, subjects), [3, 2, 1]);
});

test('several gallery images per subject merge into one identity (max by default, or mean)', () => {
  const gallery = ['a', 'a', 'b', 'b', 'b', 'c'];
  const probes = ['a', 'b', 'c', 'b'];
  const s = [
    [0.1, 0.9, 0.5, 0.5, 0.5, 0.8], // a: max 0.9 beats c 0.8 → 1; mean 0.5 ties b (0.5) and loses to c → 3
    [0.6, 0.2, 0.7, 0.0, 0.0, 0.65], // b: max 0.7 → 1; mean 0.233 below a 0.4 and c 0.65 → 3
    [0.3, 0.3, 0.9, 0.1, 0.1, 0.4], // c: max: b 0.9 ahead → 2; mean: a 0.3, b 0.367 → 1
    [0.2, 0.2, 0.2, 0.2, 0.2, 0.2], // all equal → 3 either way
  ];
  assert.deepEqual(identificationRanks(s, probes, gallery), [1, 1, 2, 3]);
  assert.deepEqual(identificationRanks(s, probes, gallery, { aggregate: 'mean' }), [3, 3, 1, 3]);
  const result = identify(s, probes, gallery);
  assert.equal(result.identities, 3);
  assert.deepEqual(result.cmc, [0.5, 0.75, 1]);
  assert.equal(result.rank1, 0.5);
});

test('numeric subject ids work the same as strings', () => {
  assert.deepEqual(identificationRanks([[0.1, 0.9], [0.3, 0.2]], [1, 2], [1, 2]), [2, 2]);
});

test('Rank-k accuracy, CMC and chance level', () => {
  assert.equal(rankAccuracy([1, 3, 2, 7], 2), 0.5);
  assert.equal(rankAccuracy([1, 3, 2, 7], 100), 1);
  assert.deepEqual(cmcCurve([1, 3, 2, 1], 4), [0.5, 0.75, 1, 1]);
  assert.equal(chanceRankAccuracy(10, 55), 10 / 55);
  assert.equal(chanceRankAccuracy(1, 55), 1 / 55);
  assert.equal(chanceRankAccuracy(20, 5), 1);
});

test('a 12-identity matrix gives the documented Rank-1/5/10', () => {
  // Probe i's true score is beaten by exactly i wrong identities, so its rank is i + 1.
  const n = 12;
  const subjects = Array.from({ length: n }, (_, i) => `s${i}`);
  const s = subjects.map((_, i) => subjects.map((__, j) => (j === i ? 0.5 : j < i ? 0.9 : 0.1)));
  const result = identify(s, subjects, subjects);
  assert.deepEqual(result.ranks, subjects.map((_, i) => i + 1));
  assert.equal(result.rank1, 1 / 12);
  assert.equal(result.rank5, 5 / 12);
  assert.equal(result.rank10, 10 / 12);
  assert.equal(result.chance.rank10, 10 / 12);
});

test('bad input is refused with a clear message', () => {
  const ids = ['a', 'b'];
  assert.throws(() => identify([[1, 0]], ids, ids), /identificationRanks: similarity has 1 rows but probeSubjects has 2 entries; expected one row per probe/);
  assert.throws(() => identify([[1, 0, 0], [0, 1, 0]], ids, ids), /similarity row 0 has 3 columns but gallerySubjects has 2 entries; expected one column per gallery item/);
  assert.throws(() => identify([], [], ids), /probeSubjects is empty; expected at least one probe/);
  assert.throws(() => identify([[]], ['a'], []), /gallerySubjects is empty; expected at least one gallery item/);
  assert.throws(() => identify([[1, NaN], [0, 1]], ids, ids), /similarity\[0\]\[1\] is NaN; expected finite scores/);
  assert.throws(() => identify([[1, 0], [0, 1]], ['a', 'z'], ids), /probe 1 has subject "z", which has no gallery image; closed-set identification/);
  assert.throws(() => identify([[1, 0], [0, 1]], ids, ids, { aggregate: 'median' as 'max' }), /aggregate is "median"; expected 'max' or 'mean'/);
  assert.throws(() => rankAccuracy([], 1), /rankAccuracy: ranks is empty/);
  assert.throws(() => rankAccuracy([1], 0), /rankAccuracy: k is 0; expected an integer ≥ 1/);
  assert.throws(() => cmcCurve([1, 5], 4), /cmcCurve: ranks\[1\] is 5; expected an integer in \[1, 4\]/);
  assert.throws(() => chanceRankAccuracy(1, 0), /chanceRankAccuracy: identities is 0; expected an integer ≥ 1/);
});
