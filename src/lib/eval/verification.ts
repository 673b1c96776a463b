/**
 * Verification (one-to-one) metrics from genuine scores (same subject) and impostor scores
 * (different subjects): the ROC curve, TAR at a fixed FAR, the equal error rate and the ROC's area.
 * A pair is accepted when its score is ≥ the threshold; higher scores mean more alike.
 */
import { checkScoreMatrix, ScoreMatrix, SubjectId } from './score_matrix';

export interface GenuineImpostorScores {
  genuine: number[];
  impostor: number[];
}

/** ROC points in order of decreasing threshold, from (FAR 0, TAR 0) at +Infinity to (1, 1). */
export interface RocCurve {
  /** Accept when score ≥ threshold; the first threshold is +Infinity (accept nothing). */
  thresholds: number[];
  /** False accept rate: fraction of impostor scores ≥ threshold. */
  far: number[];
  /** True accept rate: fraction of genuine scores ≥ threshold. */
  tar: number[];
  genuineCount: number;
  impostorCount: number;
}

export interface TarAtFar {
  /** The FAR asked for. */
  targetFar: number;
  /** TAR at the lowest threshold whose FAR ≤ targetFar. */
  tar: number;
  threshold: number;
  /** The FAR actually reached at that threshold (≤ targetFar). */
  far: number;
  /**
   * False when there are fewer than 1 / targetFar impostor scores: then no impostor may be
   * accepted and `tar` is really the TAR at FAR 0, so the number says little about targetFar.
   */
  resolvable: boolean;
}

export interface EqualErrorRate {
  /** The error rate where FAR and FRR (= 1 − TAR) are equal, interpolated between ROC points. */
  eer: number;
  /** The first ROC threshold (going down) at which FAR ≥ FRR. */
  threshold: number;
}

export interface VerificationResult {
  genuineCount: number;
  impostorCount: number;
  tarAtFar: TarAtFar[];
  eer: number;
  eerThreshold: number;
  /** Area under the ROC curve (trapezoids; equals P(genuine > impostor) + ½ P(equal)). */
  auc: number;
  roc: RocCurve;
}

/**
 * Splits a probe × gallery similarity matrix into genuine scores (probe and gallery item of the
 * same subject) and impostor scores (different subjects), each in row-major order.
 *
 * @example
 * genuineImpostorScores([[0.9, 0.2], [0.4, 0.8]], ['a', 'b'], ['a', 'b']);
 * // { genuine: [0.9, 0.8], impostor: [0.2, 0.4] }
 */
export function genuineImpostorScores(
  similarity: ScoreMatrix,
  probeSubjects: readonly SubjectId[],
  gallerySubjects: readonly SubjectId[],
): GenuineImpostorScores {
  checkScoreMatrix('genuineImpostorScores', similarity, probeSubjects, gallerySubjects);
  const genuine: number[] = [];
  const impostor: number[] = [];
  similarity.forEach((row, i) => {
    for (let j = 0; j < row.length; j++) (probeSubjects[i] === gallerySubjects[j] ? genuine : impostor).push(row[j]);
  });
  return { genuine, impostor };
}

function sortedDescending(fn: string, name: string, scores: readonly number[]): Float64Array {
  if (scores.length === 0) throw new Error(`${fn}: ${name} is empty; expected at least one score`);
  scores.forEach((s, i) => {
    if (!Number.isFinite(s)) throw new Error(`${fn}: ${name}[${i}] is ${s}; expected finite scores`);
  });
  return Float64Array.from(scores).sort().reverse();
}

/**
 * The ROC curve: one point per distinct score (as threshold), plus the +Infinity start. Equal
 * genuine and impostor scores share a point, so ties appear as diagonal steps.
 *
 * @example
 * rocCurve([0.9, 0.6], [0.6, 0.1]);
 * // thresholds [Infinity, 0.9, 0.6, 0.1], far [0, 0, 0.5, 1], tar [0, 0.5, 1, 1]
 */
export function rocCurve(genuine: readonly number[], impostor: readonly number[]): RocCurve {
  const g = sortedDescending('rocCurve', 'genuine', genuine);
  const im = sortedDescending('rocCurve', 'impostor', impostor);
  const roc: RocCurve = { thresholds: [Infinity], far: [0], tar: [0], genuineCount: g.length, impostorCount: im.length };
  let gi = 0;
  let ii = 0;
  while (gi < g.length || ii < im.length) {
    const t = Math.max(gi < g.length ? g[gi] : -Infinity, ii < im.length ? im[ii] : -Infinity);
    while (gi < g.length && g[gi] === t) gi++;
    while (ii < im.length && im[ii] === t) ii++;
    roc.thresholds.push(t);
    roc.far.push(ii / im.length);
    roc.tar.push(gi / g.length);
  }
  return roc;
}

/**
 * TAR at the lowest observed-score threshold whose FAR does not exceed `targetFar`. No
 * interpolation: the threshold is always a real score (or +Infinity), so the FAR reached can be
 * below the target; `resolvable` is false when too few impostor scores exist to measure it.
 *
 * @example
 * tarAtFar(rocCurve([0.9, 0.8, 0.3], [0.85, 0.5, 0.1, 0.05]), 0.25);
 * // { targetFar: 0.25, tar: 0.6667, threshold: 0.8, far: 0.25, resolvable: true }
 */
export function tarAtFar(roc: RocCurve, targetFar: number): TarAtFar {
  if (!(targetFar > 0 && targetFar <= 1)) throw new Error(`tarAtFar: targetFar is ${targetFar}; expected a number in (0, 1]`);
  // FAR grows along the curve; a relative slack keeps e.g. 3/300 from failing 0.01 by rounding.
  const limit = targetFar * (1 + 1e-12);
  let k = 0;
  while (k + 1 < roc.far.length && roc.far[k + 1] <= limit) k++;
  return {
    targetFar,
    tar: roc.tar[k],
    threshold: roc.thresholds[k],
    far: roc.far[k],
    resolvable: roc.impostorCount * targetFar >= 1 - 1e-9,
  };
}

/**
 * The equal error rate: walking down the thresholds, FAR rises and FRR = 1 − TAR falls; between the
 * two ROC points where FAR − FRR changes sign both move linearly, and the EER is the value where
 * they meet on that segment (exact when a point has FAR = FRR).
 *
 * @example
 * equalErrorRate(rocCurve([2, 3], [1, 2.5, 4]));   // { eer: 0.5, threshold: 2.5 }
 */
export function equalErrorRate(roc: RocCurve): EqualErrorRate {
  const gap = (k: number) => 1 - roc.tar[k] - roc.far[k]; // FRR − FAR: 1 at +Infinity, −1 at the lowest score
  let k = 0;
  while (gap(k) > 0) k++;
  if (gap(k) === 0) return { eer: roc.far[k], threshold: roc.thresholds[k] };
  const alpha = gap(k - 1) / (gap(k - 1) - gap(k));
  return { eer: roc.far[k - 1] + alpha * (roc.far[k] - roc.far[k - 1]), threshold: roc.thresholds[k] };
}

/**
 * Area under the ROC curve by trapezoids.
 *
 * @example
 * rocArea(rocCurve([2, 3], [1, 2.5, 4]));   // 0.5
 */
export function rocArea(roc: RocCurve): number {
  let area = 0;
  for (let k = 1; k < roc.far.length; k++) area += ((roc.far[k] - roc.far[k - 1]) * (roc.tar[k] + roc.tar[k - 1])) / 2;
  return area;
}

/** The FARs reported by default (1 % and 0.1 %). */
export const DEFAULT_FARS = [1e-2, 1e-3] as const;

/**
 * All verification numbers from genuine and impostor scores: TAR at each FAR in `fars` (default
 * 1e-2 and 1e-3), EER, ROC area and the ROC points for plotting.
 *
 * @example
 * const { genuine, impostor } = genuineImpostorScores(similarity, subjects, subjects);
 * const v = verify(genuine, impostor);
 * v.tarAtFar[0].tar;   // TAR at FAR = 1e-2
 * v.eer;
 */
export function verify(
  genuine: readonly number[],
  impostor: readonly number[],
  options: { fars?: readonly number[] } = {},
): VerificationResult {
  const roc = rocCurve(genuine, impostor);
  const { eer, threshold } = equalErrorRate(roc);
  return {
    genuineCount: roc.genuineCount,
    impostorCount: roc.impostorCount,
    tarAtFar: (options.fars ?? DEFAULT_FARS).map((f) => tarAtFar(roc, f)),
    eer,
    eerThreshold: threshold,
    auc: rocArea(roc),
    roc,
  };
}
