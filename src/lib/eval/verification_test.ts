import { test } from 'node:test';
import assert from 'node:assert/strict';
import { equalErrorRate, genuineImpostorScores, rocArea, rocCurve, tarAtFar, verify } from './verification';

const close = (actual: number, expected: number, tolerance = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} vs ${expected}`);

test('genuine and impostor scores come from the matrix and the subject ids', () => {
  const s = [
    [0.9, 0.8, 0.1],
    [0.2, 0.3, 0.7],
  ];
  const scores = genuineImpostorScores(s, ['a', 'b'], ['a', 'a', 'b']);
  assert.deepEqual(scores, { genuine: [0.9, 0.8, 0.7], impostor: [0.1, 0.2, 0.3] });
});

test('the ROC walks the distinct scores from +Infinity down, ties on one point', () => {
  const roc = rocCurve([0.9, 0.6], [0.6, 0.1]);
  assert.deepEqual(roc.thresholds, [Infinity, 0.9, 0.6, 0.1]);
  assert.deepEqual(roc.far, [0, 0, 0.5, 1]);
  assert.deepEqual(roc.tar, [0, 0.5, 1, 1]);
  assert.equal(roc.genuineCount, 2);
  assert.equal(roc.impostorCount, 2);
});

test('perfectly separated scores: EER 0, TAR 1 at every FAR, AUC 1', () => {
  const v = verify([0.9, 0.8, 0.95], [0.1, 0.2, 0.5, 0.3]);
  assert.equal(v.eer, 0);
  assert.equal(v.eerThreshold, 0.8);
  assert.equal(v.auc, 1);
  assert.deepEqual(v.tarAtFar.map((t) => [t.targetFar, t.tar, t.threshold, t.far]), [[1e-2, 1, 0.8, 0], [1e-3, 1, 0.8, 0]]);
  assert.deepEqual(v.tarAtFar.map((t) => t.resolvable), [false, false]);
});

test('identical distributions: EER 0.5, AUC 0.5', () => {
  const v = verify([1, 2, 3, 4], [4, 3, 2, 1]);
  assert.equal(v.eer, 0.5);
  assert.equal(v.eerThreshold, 3);
  assert.equal(v.auc, 0.5);
  // Any accepted score accepts an impostor too, so at FAR ≤ 1 % nothing is accepted.
  assert.equal(v.tarAtFar[0].tar, 0);
  assert.equal(v.tarAtFar[0].threshold, Infinity);
});

test('EER interpolates where FAR and FRR cross between ROC points', () => {
  // Thresholds ∞, 4, 3, 2.5, 2, 1: (FAR, FRR) = (0,1), (1/3,1), (1/3,1/2), (2/3,1/2), ...
  // FRR − FAR goes 1/6 → −1/6 between 3 and 2.5, so they meet halfway: FAR = FRR = 1/2.
  const e = equalErrorRate(rocCurve([2, 3], [1, 2.5, 4]));
  close(e.eer, 0.5);
  assert.equal(e.threshold, 2.5);
  // Unequal gaps: (FAR, FRR) is (0, 2/3) at threshold 5 and (1/2, 0) at 1, so FRR − FAR goes
  // 2/3 → −1/2; they meet at α = (2/3)/(7/6) = 4/7 of the segment: FAR = FRR = 4/7 · 1/2 = 2/7.
  const f = equalErrorRate(rocCurve([5, 1, 1], [1, 0]));
  close(f.eer, 2 / 7);
  assert.equal(f.threshold, 1);
});

test('integer scores with known FAR, TAR, EER and AUC', () => {
  // Impostors 0 … 999, genuines 500 … 1499: FAR(t) = (1000 − t)/1000 and FRR(t) = (t − 500)/1000 for
  // t in [500, 999]; they meet at t = 750 with EER 0.25.
  const impostor = Array.from({ length: 1000 }, (_, i) => i);
  const genuine = impostor.map((i) => 500 + i);
  const v = verify(genuine, impostor);
  assert.equal(v.eer, 0.25);
  assert.equal(v.eerThreshold, 750);
  // FAR ≤ 1 % first at t = 990 (10 impostors): genuines ≥ 990 are 500 + 490 … → 510 of them.
  assert.deepEqual(v.tarAtFar[0], { targetFar: 1e-2, tar: 0.51, threshold: 990, far: 0.01, resolvable: true });
  assert.deepEqual(v.tarAtFar[1], { targetFar: 1e-3, tar: 0.501, threshold: 999, far: 0.001, resolvable: true });
  // P(genuine > impostor) + ½ P(equal) = (874750 + 250) / 10⁶.
  close(v.auc, 0.875);
  close(rocArea(v.roc), v.auc);
});

test('a FAR between achievable values takes the lower one (no interpolation)', () => {
  const roc = rocCurve([0.9, 0.8, 0.3], [0.85, 0.5, 0.1, 0.05]);
  const t = tarAtFar(roc, 0.3);
  assert.deepEqual(t, { targetFar: 0.3, tar: 2 / 3, threshold: 0.8, far: 0.25, resolvable: true });
  assert.equal(tarAtFar(roc, 1).tar, 1);
  // 3 accepted impostors of 300 is FAR 0.01 exactly, despite 3/300 rounding above 0.01.
  const impostor = Array.from({ length: 300 }, (_, i) => i);
  assert.equal(tarAtFar(rocCurve([1000], impostor), 0.01).threshold, 297);
});

test('bad input is refused with a clear message', () => {
  assert.throws(() => rocCurve([], [1]), /rocCurve: genuine is empty; expected at least one score/);
  assert.throws(() => rocCurve([1], []), /rocCurve: impostor is empty; expected at least one score/);
  assert.throws(() => verify([0.5, NaN], [0.1]), /rocCurve: genuine\[1\] is NaN; expected finite scores/);
  assert.throws(() => verify([0.5], [Infinity]), /rocCurve: impostor\[0\] is Infinity; expected finite scores/);
  assert.throws(() => tarAtFar(rocCurve([1], [0]), 0), /tarAtFar: targetFar is 0; expected a number in \(0, 1\]/);
  assert.throws(() => genuineImpostorScores([[1, 0]], ['a', 'b'], ['a', 'b']), /genuineImpostorScores: similarity has 1 rows but probeSubjects has 2 entries/);
  assert.throws(() => genuineImpostorScores([[1, NaN]], ['a'], ['a', 'b']), /similarity\[0\]\[1\] is NaN/);
});
