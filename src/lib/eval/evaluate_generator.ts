/**
 * A generator evaluated on dataset pairs in one call: the ears are read in order, turned into
 * faces with fixed dropout noise (so the same weights always give the same numbers), described by
 * the face network when one is given, and scored against the real faces with {@link evaluatePairs}.
 */
import { tf } from '../backend/tf';
import { createPairLoader } from '../data/loader';
import type { PairItem } from '../data/pair_item';
import { batchToRgbs } from '../data/image_tensor';
import type { RgbImage } from '../data/rgb_image';
import { DESCRIPTOR, type FeatureExtractor } from '../face/extractor';
import type { Network } from '../models/network';
import { evaluatePairs, type PairEvaluation } from './evaluate';

/**
 * Faces for a batch of ears [N, S, S, 3] in [−1, 1], generated one at a time in inference mode
 * with dropout masks from `noiseSeed`. One at a time because batch norm at inference uses the
 * statistics of the batch it is given (as pix2pix tests, at batch 1): a face must not depend on
 * which other ears share its batch. The caller owns the result.
 *
 * @example
 * const faces = generateFaces(trainer.generator, ears, 0);   // [N, S, S, 3]
 */
export function generateFaces(generator: Network, ears: tf.Tensor4D, noiseSeed = 0): tf.Tensor4D {
  if (ears.rank !== 4 || ears.shape[0] < 1) throw new Error(`generateFaces: ears has shape [${ears.shape}]; expected a batch [N, H, W, 3] with N ≥ 1`);
  return tf.tidy(() => {
    const faces = tf.split(ears, ears.shape[0]).map((ear) => generator.apply(ear as tf.Tensor4D, { training: false, noiseSeed }));
    return faces.length === 1 ? faces[0] : (tf.concat(faces) as tf.Tensor4D);
  });
}

export interface EvaluateGeneratorOptions {
  /** Side the pairs are resized to: the generator's training size. */
  imageSize: number;
  /** Face network for the descriptor-space numbers (identity cosine, Rank-k, TAR@FAR, EER); without it only pixel-space ones. */
  faceNet?: FeatureExtractor;
  /** Pairs read and described at once (default 8). */
  batchSize?: number;
  /** Seed of the generator's dropout noise (default 0), the same for every ear. */
  noiseSeed?: number;
  /** Also return the generated faces as images (default false). */
  keepGenerated?: boolean;
  /** FARs for TAR at FAR (default 1e-2 and 1e-3). */
  fars?: readonly number[];
  /** Called after each batch with the pairs done so far. */
  onProgress?: (done: number, total: number) => void;
}

export interface GeneratorEvaluation {
  evaluation: PairEvaluation;
  /** Subject of each evaluated pair, in order. */
  subjects: string[];
  /** The generated faces in pair order, when `keepGenerated` was set. */
  generated?: RgbImage[];
}

/**
 * Faces for a batch of ears: `ears` [n, S, S, 3] are pairs `first` … `first + n − 1` of the items
 * being evaluated. The caller of {@link evaluateFaceSource} disposes the result.
 */
export type FaceSource = (ears: tf.Tensor4D, first: number) => tf.Tensor4D;

/**
 * Evaluates `generator` on `items` (every pair, in order; at least two subjects): PSNR, SSIM,
 * Rank-k in pixel space, and with `faceNet` the identity cosine, Rank-k in descriptor space,
 * TAR@FAR and EER. Pairs are loaded in evaluation mode (resized, no jitter). Leaves no tensors
 * behind; the generator and the face network are only read.
 *
 * @example
 * const { evaluation } = await evaluateGenerator(trainer.generator, split.test, { imageSize: 64, faceNet: net });
 * evaluation.summary;   // { pairs: 20, identities: 5, psnr: 17.9, ssim: 0.52, rank1: 0.4, eer: 0.21, … }
 */
export async function evaluateGenerator(generator: Network, items: readonly PairItem[], options: EvaluateGeneratorOptions): Promise<GeneratorEvaluation> {
  const noiseSeed = options.noiseSeed ?? 0;
  return evaluateFaceSource((ears) => generateFaces(generator, ears, noiseSeed), items, options, 'evaluateGenerator');
}

/**
 * The same evaluation as {@link evaluateGenerator} for faces from anywhere — a baseline such as
 * the mean face or the nearest training ear's face — given pair by pair by `source`.
 *
 * @example
 * const mean = await meanFaceBaseline(split.train, 64);
 * const { evaluation } = await evaluateFaceSource((ears) => tileFace(mean, ears.shape[0]), split.test, { imageSize: 64, faceNet: net });
 */
export async function evaluateFaceSource(
  source: FaceSource,
  items: readonly PairItem[],
  options: EvaluateGeneratorOptions,
  fn = 'evaluateFaceSource',
): Promise<GeneratorEvaluation> {
  const { imageSize, faceNet, batchSize = 8, keepGenerated = false, fars, onProgress } = options;
  if (!Array.isArray(items) || items.length === 0) throw new Error(`${fn}: items is empty; expected the pairs to evaluate`);
  const subjectCount = new Set(items.map((i) => i.subject)).size;
  if (subjectCount < 2) {
    throw new Error(`${fn}: the ${items.length} pairs show ${subjectCount} subject; Rank-k identification and verification need pairs of at least 2 subjects`);
  }
  const describe = (faces: tf.Tensor4D): tf.Tensor2D => tf.tidy(() => faceNet!.extract(faces, [DESCRIPTOR])[DESCRIPTOR] as tf.Tensor2D);
  const parts: { generated: tf.Tensor4D[]; real: tf.Tensor4D[]; dGenerated: tf.Tensor2D[]; dReal: tf.Tensor2D[] } = { generated: [], real: [], dGenerated: [], dReal: [] };
  const subjects: string[] = [];
  const kept: tf.Tensor[] = [];
  const loader = createPairLoader(items, { imageSize, mode: 'eval', batchSize });
  try {
    for await (const batch of loader) {
      kept.push(batch.face);
      try {
        const fake = source(batch.ear, subjects.length);
        kept.push(fake);
        parts.generated.push(fake);
        parts.real.push(batch.face);
        if (faceNet !== undefined) {
          const dg = describe(fake);
          kept.push(dg);
          const dr = describe(batch.face);
          kept.push(dr);
          parts.dGenerated.push(dg);
          parts.dReal.push(dr);
        }
      } finally {
        batch.ear.dispose();
      }
      subjects.push(...batch.subjects);
      onProgress?.(subjects.length, items.length);
    }
    const all = tf.tidy(() => ({
      generated: tf.concat(parts.generated) as tf.Tensor4D,
      real: tf.concat(parts.real) as tf.Tensor4D,
      dGenerated: faceNet !== undefined ? (tf.concat(parts.dGenerated) as tf.Tensor2D) : undefined,
      dReal: faceNet !== undefined ? (tf.concat(parts.dReal) as tf.Tensor2D) : undefined,
    }));
    kept.push(all.generated, all.real);
    if (all.dGenerated !== undefined && all.dReal !== undefined) kept.push(all.dGenerated, all.dReal);
    const evaluation = evaluatePairs({
      generated: all.generated,
      real: all.real,
      subjects,
      descriptorsGenerated: all.dGenerated,
      descriptorsReal: all.dReal,
      fars,
    });
    const result: GeneratorEvaluation = { evaluation, subjects };
    if (keepGenerated) result.generated = batchToRgbs(all.generated);
    return result;
  } finally {
    await loader.close();
    tf.dispose(kept);
  }
}
