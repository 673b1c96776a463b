/**
 * Closed-set identification as in the Ear2Face evaluation (Yaman et al. 2020): each probe (a face
 * generated from an ear) is compared with the gallery of real faces, gallery identities are sorted
 * by score, and the rank of the probe's true identity gives Rank-k accuracy and the CMC curve.
 */
import { checkScoreMatrix, ScoreMatrix, SubjectId } from './score_matrix';

/** How the scores of one identity's several gallery images become that identity's score. */
export type GalleryAggregate = 'max' | 'mean';

export interface IdentificationOptions {
  /** 'max' (default): an identity scores as its best-matching gallery image; 'mean': the average. */
  aggregate?: GalleryAggregate;
}

export interface IdentificationResult {
  /** 1-based rank of the true identity for each probe. */
  ranks: number[];
  /** `cmc[k − 1]` = fraction of probes whose true identity is within the top k, k = 1 … identities. */
  cmc: number[];
  rank1: number;
  rank5: number;
  rank10: number;
  /** Distinct gallery identities (the number of candidates each probe is ranked against). */
  identities: number;
  probes: number;
  /** Rank-k accuracy of guessing uniformly at random, for the same k. */
  chance: { rank1: number; rank5: number; rank10: number };
}

/**
 * The 1-based rank of each probe's true identity among the gallery identities, ranked by score
 * (higher first). Several gallery images of one subject are merged into one identity score
 * (`aggregate`, default 'max'). Ties count pessimistically: every other identity whose score equals
 * the true identity's score ranks ahead of it, so equal scores never flatter the result.
 * Each probe's subject must have at least one gallery image (closed set).
 *
 * @example
 * identificationRanks([[0.9, 0.2, 0.5], [0.3, 0.3, 0.1]], ['a', 'b'], ['a', 'b', 'c']);
 * // [1, 2]  (probe b ties with a at 0.3, and the tie ranks a first)
 */
export function identificationRanks(
  similarity: ScoreMatrix,
  probeSubjects: readonly SubjectId[],
  gallerySubjects: readonly SubjectId[],
  options: IdentificationOptions = {},
): number[] {
  const fn = 'identificationRanks';
  checkScoreMatrix(fn, similarity, probeSubjects, gallerySubjects);
  const aggregate = options.aggregate ?? 'max';
  if (aggregate !== 'max' && aggregate !== 'mean') {
    throw new Error(`${fn}: aggregate is ${JSON.stringify(aggregate)}; expected 'max' or 'mean'`);
  }
  const identityOf = new Map<SubjectId, number>();
  const column = gallerySubjects.map((s) => {
    if (!identityOf.has(s)) identityOf.set(s, identityOf.size);
    return identityOf.get(s) as number;
  });
  const identities = identityOf.size;
  const imagesPer = new Array<number>(identities).fill(0);
  for (const id of column) imagesPer[id]++;

  return probeSubjects.map((subject, i) => {
    const truth = identityOf.get(subject);
    if (truth === undefined) {
      throw new Error(
        `${fn}: probe ${i} has subject ${JSON.stringify(subject)}, which has no gallery image; closed-set identification needs every probe's subject in gallerySubjects`,
      );
    }
    const scores = new Array<number>(identities).fill(aggregate === 'max' ? -Infinity : 0);
    const row = similarity[i];
    for (let j = 0; j < column.length; j++) {
      const id = column[j];
      scores[id] = aggregate === 'max' ? Math.max(scores[id], row[j]) : scores[id] + row[j] / imagesPer[id];
    }
    let ahead = 0;
    for (let id = 0; id < identities; id++) if (id !== truth && scores[id] >= scores[truth]) ahead++;
    return ahead + 1;
  });
}

/**
 * Fraction of ranks ≤ k (Rank-k accuracy). k beyond the number of identities gives 1.
 *
 * @example
 * rankAccuracy([1, 3, 2, 7], 2);   // 0.5
 */
export function rankAccuracy(ranks: readonly number[], k: number): number {
  if (ranks.length === 0) throw new Error('rankAccuracy: ranks is empty; expected at least one rank');
  if (!Number.isInteger(k) || k < 1) throw new Error(`rankAccuracy: k is ${k}; expected an integer ≥ 1`);
  return ranks.filter((r) => r <= k).length / ranks.length;
}

/**
 * The cumulative match characteristic: entry k − 1 is the Rank-k accuracy, for k = 1 … identities.
 *
 * @example
 * cmcCurve([1, 3, 2, 1], 4);   // [0.5, 0.75, 1, 1]
 */
export function cmcCurve(ranks: readonly number[], identities: number): number[] {
  if (ranks.length === 0) throw new Error('cmcCurve: ranks is empty; expected at least one rank');
  if (!Number.isInteger(identities) || identities < 1) {
    throw new Error(`cmcCurve: identities is ${identities}; expected an integer ≥ 1`);
  }
  const counts = new Array<number>(identities).fill(0);
  ranks.forEach((r, i) => {
    if (!Number.isInteger(r) || r < 1 || r > identities) {
      throw new Error(`cmcCurve: ranks[${i}] is ${r}; expected an integer in [1, ${identities}]`);
    }
    counts[r - 1]++;
  });
  let within = 0;
  return counts.map((c) => (within += c) / ranks.length);
}

/**
 * Rank-k accuracy of a random ordering of `identities` candidates: min(k, identities) / identities.
 * The paper's baseline for judging Rank-k numbers (e.g. Rank-10 chance is 10/55 ≈ 18% on FERET's
 * 55 subjects).
 *
 * @example
 * chanceRankAccuracy(10, 55);   // 0.18181818181818182
 */
export function chanceRankAccuracy(k: number, identities: number): number {
  if (!Number.isInteger(k) || k < 1) throw new Error(`chanceRankAccuracy: k is ${k}; expected an integer ≥ 1`);
  if (!Number.isInteger(identities) || identities < 1) {
    throw new Error(`chanceRankAccuracy: identities is ${identities}; expected an integer ≥ 1`);
  }
  return Math.min(k, identities) / identities;
}

/**
 * Ranks, CMC curve, Rank-1/5/10 accuracy and their chance levels for a probe × gallery similarity
 * matrix (see {@link identificationRanks} for ties and several images per subject).
 *
 * @example
 * const result = identify(cosineSimilarityMatrix(generatedDescriptors, realDescriptors), subjects, subjects);
 * result.rank1;   // e.g. 0.42
 */
export function identify(
  similarity: ScoreMatrix,
  probeSubjects: readonly SubjectId[],
  gallerySubjects: readonly SubjectId[],
  options: IdentificationOptions = {},
): IdentificationResult {
  const ranks = identificationRanks(similarity, probeSubjects, gallerySubjects, options);
  const identities = new Set(gallerySubjects).size;
  const cmc = cmcCurve(ranks, identities);
  const at = (k: number) => cmc[Math.min(k, identities) - 1];
  return {
    ranks,
    cmc,
    rank1: at(1),
    rank5: at(5),
    rank10: at(10),
    identities,
    probes: ranks.length,
    chance: {
      rank1: chanceRankAccuracy(1, identities),
      rank5: chanceRankAccuracy(5, identities),
      rank10: chanceRankAccuracy(10, identities),
    },
  };
}
