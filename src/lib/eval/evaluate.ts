/**
 * The whole evaluation of generated faces against their real counterparts in one call: image
 * quality (PSNR, SSIM), identity similarity of matched pairs, Rank-k identification in descriptor
 * space and in pixel space, and verification (TAR at FAR, EER) — the numbers a results table or a
 * widget shows.
 */
import { tf } from '../backend/tf';
import { ImageScores } from './image_pairs';
import { psnr } from './psnr';
import { ssim } from './ssim';
import { cosineSimilarityMatrix, Descriptors, identityCosine } from './similarity';
import { identify, IdentificationResult } from './identification';
import { genuineImpostorScores, verify, VerificationResult } from './verification';
import { SubjectId } from './score_matrix';

export interface EvaluatePairsInput {
  /** Faces generated from the ears, [N, H, W, C] in [−1, 1]. */
  generated: tf.Tensor;
  /** The real faces, same shape and order: pair i is (generated[i], real[i]). */
  real: tf.Tensor;
  /** Subject of pair i; subjects may repeat (several pairs per subject). */
  subjects: readonly SubjectId[];
  /** Identity descriptors of the generated faces [N, D]; give both descriptor sets or neither. */
  descriptorsGenerated?: Descriptors;
  /** Identity descriptors of the real faces [N, D]. */
  descriptorsReal?: Descriptors;
  /** FARs for TAR at FAR (default 1e-2 and 1e-3). */
  fars?: readonly number[];
}

/** Flat numbers for one row of a results table (all accuracies and rates are fractions in [0, 1]). */
export interface EvaluationSummary {
  pairs: number;
  identities: number;
  psnr: number;
  ssim: number;
  /** Rank-k identification with cosine similarity of raw pixels (generated vs real). */
  pixelRank1: number;
  pixelRank5: number;
  pixelRank10: number;
  chanceRank1: number;
  chanceRank5: number;
  chanceRank10: number;
  /** Present when descriptors are given. */
  identityCosine?: number;
  rank1?: number;
  rank5?: number;
  rank10?: number;
  /** TAR at each requested FAR, keyed like 'tarAtFar0.01'. */
  tarAtFar?: Record<string, number>;
  eer?: number;
}

export interface PairEvaluation {
  summary: EvaluationSummary;
  psnr: ImageScores;
  ssim: ImageScores;
  /** Identification with probes = generated images, gallery = real images, in pixel space. */
  pixel: IdentificationResult;
  /** Descriptor-space results, when descriptors are given. */
  descriptor?: {
    /** Cosine similarity of each generated descriptor with its own real descriptor. */
    identityCosine: ImageScores;
    identification: IdentificationResult;
    verification: VerificationResult;
    /** The N × N cosine matrix: row i = generated face i, column j = real face j. */
    similarity: number[][];
  };
}

/**
 * Evaluates N generated faces against their N real faces. Identification ranks each generated
 * face against all real faces (gallery identities = distinct subjects; several real faces of one
 * subject score as the best of them, ties count against the probe). Verification uses every
 * (generated, real) pair of the descriptor matrix: same subject = genuine, else impostor.
 * The inputs are not disposed and no tensors are left behind.
 *
 * @example
 * const result = evaluatePairs({ generated, real, subjects, descriptorsGenerated, descriptorsReal });
 * result.summary;   // { pairs: 55, identities: 55, psnr: 17.2, ssim: 0.41, rank10: 0.9, eer: 0.12, ... }
 */
export function evaluatePairs(input: EvaluatePairsInput): PairEvaluation {
  const fn = 'evaluatePairs';
  const { generated, real, subjects, descriptorsGenerated, descriptorsReal } = input;
  const quality = { psnr: psnr(generated, real), ssim: ssim(generated, real) };
  const n = quality.psnr.perImage.length;
  if (subjects.length !== n) {
    throw new Error(`${fn}: subjects has ${subjects.length} entries but generated has ${n} images; expected one subject per pair`);
  }
  if ((descriptorsGenerated === undefined) !== (descriptorsReal === undefined)) {
    throw new Error(`${fn}: only one of descriptorsGenerated and descriptorsReal was given; expected both or neither`);
  }
  if (new Set(subjects).size < 2) {
    throw new Error(`${fn}: every pair has the same subject; identification and verification need at least two subjects`);
  }
  const flat = (t: tf.Tensor) => t.reshape([n, t.size / n]);
  const pixelSimilarity = tf.tidy(() => cosineSimilarityMatrix(flat(generated), flat(real)));
  const pixel = identify(pixelSimilarity, subjects, subjects);
  const summary: EvaluationSummary = {
    pairs: n,
    identities: pixel.identities,
    psnr: quality.psnr.mean,
    ssim: quality.ssim.mean,
    pixelRank1: pixel.rank1,
    pixelRank5: pixel.rank5,
    pixelRank10: pixel.rank10,
    chanceRank1: pixel.chance.rank1,
    chanceRank5: pixel.chance.rank5,
    chanceRank10: pixel.chance.rank10,
  };
  const result: PairEvaluation = { summary, psnr: quality.psnr, ssim: quality.ssim, pixel };
  if (descriptorsGenerated !== undefined && descriptorsReal !== undefined) {
    const rows = (d: Descriptors) => (d instanceof tf.Tensor ? d.shape[0] : d.length);
    for (const [name, d] of [['descriptorsGenerated', descriptorsGenerated], ['descriptorsReal', descriptorsReal]] as const) {
      if (rows(d) !== n) throw new Error(`${fn}: ${name} has ${rows(d)} rows but there are ${n} image pairs; expected one descriptor per image`);
    }
    const similarity = cosineSimilarityMatrix(descriptorsGenerated, descriptorsReal);
    const cosines = identityCosine(descriptorsGenerated, descriptorsReal);
    const identification = identify(similarity, subjects, subjects);
    const { genuine, impostor } = genuineImpostorScores(similarity, subjects, subjects);
    const verification = verify(genuine, impostor, { fars: input.fars });
    result.descriptor = {
      identityCosine: { perImage: cosines, mean: cosines.reduce((s, v) => s + v, 0) / n },
      identification,
      verification,
      similarity,
    };
    Object.assign(summary, {
      identityCosine: result.descriptor.identityCosine.mean,
      rank1: identification.rank1,
      rank5: identification.rank5,
      rank10: identification.rank10,
      tarAtFar: Object.fromEntries(verification.tarAtFar.map((t) => [`tarAtFar${t.targetFar}`, t.tar])),
      eer: verification.eer,
    });
  }
  return result;
}
