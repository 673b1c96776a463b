/** Peak signal-to-noise ratio between generated and real images. */
import { tf } from '../backend/tf';
import { assertFiniteScores, imagePairShape, ImageScores, meanOf, SIGNED_UNIT_RANGE } from './image_pairs';

export interface PsnrOptions {
  /** Max minus min of the pixel scale; 2 for the project's [−1, 1] images (the default). */
  dataRange?: number;
}

/**
 * PSNR in decibels for each image pair, 10 · log10(R² / MSE) with R the data range and MSE the
 * mean squared difference over all pixels and channels of the pair (as scikit-image's
 * `peak_signal_noise_ratio`). Identical images have MSE 0 and PSNR +Infinity, and then the mean is
 * +Infinity too; callers that tabulate should show it as such rather than drop it.
 * Pixels are expected in [−1, 1] (data range 2) unless `dataRange` says otherwise; values are not
 * clipped. The inputs are not disposed and no tensors are left behind.
 *
 * @example
 * const a = tf.zeros([2, 8, 8, 3]);
 * const b = tf.fill([2, 8, 8, 3], 0.2);
 * psnr(a, b);   // { perImage: [20, 20], mean: 20 }   (10·log10(4 / 0.04))
 */
export function psnr(a: tf.Tensor, b: tf.Tensor, options: PsnrOptions = {}): ImageScores {
  const range = options.dataRange ?? SIGNED_UNIT_RANGE;
  if (!(range > 0) || !Number.isFinite(range)) {
    throw new Error(`psnr: dataRange is ${range}; expected a positive finite number`);
  }
  const [n, h, w, c] = imagePairShape('psnr', a, b);
  const mse = tf.tidy(() => tf.mean(tf.squaredDifference(a, b).reshape([n, h * w * c]), 1));
  const errors = Array.from(mse.dataSync());
  mse.dispose();
  const perImage = errors.map((e) => 10 * Math.log10((range * range) / e));
  assertFiniteScores('psnr', perImage, true);
  return { perImage, mean: meanOf(perImage) };
}
