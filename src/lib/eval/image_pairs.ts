/** Checks shared by the image-comparison metrics (PSNR, SSIM) and the shape of their results. */
import { tf } from '../backend/tf';

/** A metric for each image pair of a batch, and their mean. */
export interface ImageScores {
  /** One value per image pair, in batch order. */
  perImage: number[];
  /** Mean of `perImage`. */
  mean: number;
}

/** Data range of images in [−1, 1], the project's image convention. */
export const SIGNED_UNIT_RANGE = 2;

/**
 * Validates two image batches for a pairwise metric and returns their common shape as
 * [N, H, W, C]. A single HWC image (rank 3) counts as a batch of one.
 *
 * @example
 * imagePairShape('psnr', tf.zeros([2, 8, 8, 3]), tf.zeros([2, 8, 8, 3]));   // [2, 8, 8, 3]
 * imagePairShape('psnr', tf.zeros([8, 8, 3]), tf.zeros([8, 9, 3]));
 * // Error: psnr: a has shape [8,8,3] but b has shape [8,9,3]; expected equal shapes
 */
export function imagePairShape(metric: string, a: tf.Tensor, b: tf.Tensor): [number, number, number, number] {
  if (!tf.util.arraysEqual(a.shape, b.shape)) {
    throw new Error(`${metric}: a has shape [${a.shape}] but b has shape [${b.shape}]; expected equal shapes`);
  }
  if (a.rank !== 3 && a.rank !== 4) {
    throw new Error(`${metric}: a has shape [${a.shape}] (rank ${a.rank}); expected an image [H,W,C] or a batch [N,H,W,C]`);
  }
  const shape = (a.rank === 3 ? [1, ...a.shape] : a.shape) as [number, number, number, number];
  if (shape.some((d) => d === 0)) {
    throw new Error(`${metric}: a and b have shape [${a.shape}], which holds no pixels; expected at least one non-empty image`);
  }
  return shape;
}

/**
 * Throws if any per-image value is NaN or infinite where the metric is always finite for finite
 * pixels, i.e. the inputs held NaN or ±Infinity. `allowPlusInfinity` lets PSNR report identical
 * images as +Infinity.
 *
 * @example
 * assertFiniteScores('ssim', [0.9, NaN]);
 * // Error: ssim: image 1 gives NaN; a or b contains NaN or infinite pixel values
 */
export function assertFiniteScores(metric: string, values: number[], allowPlusInfinity = false): void {
  values.forEach((v, i) => {
    if (Number.isNaN(v) || (!Number.isFinite(v) && !(allowPlusInfinity && v === Infinity))) {
      throw new Error(`${metric}: image ${i} gives ${v}; a or b contains NaN or infinite pixel values`);
    }
  });
}

/**
 * Mean of a non-empty list (+Infinity if any value is +Infinity).
 *
 * @example
 * meanOf([1, 2, 6]);   // 3
 */
export function meanOf(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
