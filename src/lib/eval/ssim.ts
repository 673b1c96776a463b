/**
 * Structural similarity (SSIM, Wang et al. 2004, "Image quality assessment: from error visibility
 * to structural similarity") with the paper's settings: 11×11 Gaussian window of σ = 1.5,
 * K1 = 0.01, K2 = 0.03, population (co)variances. Matches scikit-image's
 * `structural_similarity(a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
 * data_range=2, channel_axis=-1)`: the SSIM map is kept only where the window lies inside the
 * image (no padding), averaged per channel, and the channel means averaged.
 * Built from tf ops (separable depthwise convolution), so it runs on every backend.
 */
import { tf } from '../backend/tf';
import { assertFiniteScores, imagePairShape, ImageScores, meanOf, SIGNED_UNIT_RANGE } from './image_pairs';

/** Standard deviation of the Gaussian window in pixels. */
export const SSIM_SIGMA = 1.5;
/** Window radius: int(3.5σ + 0.5) = 5, i.e. an 11×11 window (scikit-image's truncate = 3.5). */
export const SSIM_RADIUS = Math.floor(3.5 * SSIM_SIGMA + 0.5);
/** Side of the window, and so the smallest image side SSIM accepts. */
export const SSIM_WINDOW = 2 * SSIM_RADIUS + 1;
/** Luminance stabiliser: C1 = (K1 · L)², L the data range. */
export const SSIM_K1 = 0.01;
/** Contrast-structure stabiliser: C2 = (K2 · L)². */
export const SSIM_K2 = 0.03;

export interface SsimOptions {
  /** Max minus min of the pixel scale; 2 for the project's [−1, 1] images (the default). */
  dataRange?: number;
}

/**
 * The normalised 1-D Gaussian exp(−k² / 2σ²), k = −radius … radius; the 2-D window is its outer
 * product with itself.
 *
 * @example
 * gaussianWindow1d(1.5, 5).length;   // 11, summing to 1
 */
export function gaussianWindow1d(sigma: number, radius: number): number[] {
  const raw: number[] = [];
  for (let k = -radius; k <= radius; k++) raw.push(Math.exp((-0.5 * k * k) / (sigma * sigma)));
  const total = raw.reduce((s, v) => s + v, 0);
  return raw.map((v) => v / total);
}

/**
 * Mean SSIM of each image pair as a tensor [N] (the caller owns it). Images are NHWC (or one HWC
 * image) of equal shape, at least 11×11 pixels. Differentiable, though evaluation does not need it.
 *
 * @example
 * const x = tf.randomUniform([2, 16, 16, 3], -1, 1);
 * ssimPerImage(x, x).dataSync();   // [1, 1]
 */
export function ssimPerImage(a: tf.Tensor, b: tf.Tensor, options: SsimOptions = {}): tf.Tensor1D {
  const range = options.dataRange ?? SIGNED_UNIT_RANGE;
  if (!(range > 0) || !Number.isFinite(range)) {
    throw new Error(`ssim: dataRange is ${range}; expected a positive finite number`);
  }
  const [n, h, w, c] = imagePairShape('ssim', a, b);
  if (h < SSIM_WINDOW || w < SSIM_WINDOW) {
    throw new Error(
      `ssim: images are ${h}×${w} pixels (shape [${a.shape}]); the ${SSIM_WINDOW}×${SSIM_WINDOW} Gaussian window needs images of at least ${SSIM_WINDOW}×${SSIM_WINDOW}`,
    );
  }
  const c1 = (SSIM_K1 * range) ** 2;
  const c2 = (SSIM_K2 * range) ** 2;
  const taps = gaussianWindow1d(SSIM_SIGMA, SSIM_RADIUS);
  return tf.tidy(() => {
    const x = a.reshape([n, h, w, c]).toFloat();
    const y = b.reshape([n, h, w, c]).toFloat();
    // Variances come from E[x²] − E[x]², which cancels badly in float32; (co)variances ignore
    // shifts, so they are taken of images centred on their own per-channel means.
    const xc = tf.sub(x, tf.mean(x, [1, 2], true));
    const yc = tf.sub(y, tf.mean(y, [1, 2], true));
    // One separable Gaussian pass over all moments, each channel on its own.
    const moments = tf.concat([x, y, xc, yc, tf.mul(xc, xc), tf.mul(yc, yc), tf.mul(xc, yc)], 3) as tf.Tensor4D;
    const depth = 7 * c;
    const row = tf.tile(tf.tensor4d(taps, [1, SSIM_WINDOW, 1, 1]), [1, 1, depth, 1]) as tf.Tensor4D;
    const column = tf.tile(tf.tensor4d(taps, [SSIM_WINDOW, 1, 1, 1]), [1, 1, depth, 1]) as tf.Tensor4D;
    const local = tf.depthwiseConv2d(tf.depthwiseConv2d(moments, row, 1, 'valid'), column, 1, 'valid');
    const [mx, my, mxc, myc, mxx, myy, mxy] = tf.split(local, 7, 3);
    const mxmy = tf.mul(mx, my);
    const mx2 = tf.mul(mx, mx);
    const my2 = tf.mul(my, my);
    const vx = tf.sub(mxx, tf.mul(mxc, mxc));
    const vy = tf.sub(myy, tf.mul(myc, myc));
    const vxy = tf.sub(mxy, tf.mul(mxc, myc));
    const numerator = tf.mul(tf.add(tf.mul(mxmy, 2), c1), tf.add(tf.mul(vxy, 2), c2));
    const denominator = tf.mul(tf.add(tf.add(mx2, my2), c1), tf.add(tf.add(vx, vy), c2));
    // Every channel has the same valid region, so the mean over (H, W, C) is the mean of channel means.
    return tf.mean(tf.div(numerator, denominator), [1, 2, 3]) as tf.Tensor1D;
  });
}

/**
 * SSIM of each image pair and their mean, as plain numbers. Identical images give exactly 1 up to
 * float32 rounding; the value lies in [−1, 1]. Inputs holding NaN or ±Infinity are refused.
 * The inputs are not disposed and no tensors are left behind.
 *
 * @example
 * const real = tf.zeros([1, 16, 16, 3]);
 * const fake = tf.fill([1, 16, 16, 3], 0.5);
 * ssim(real, fake).mean;   // ≈ 0.0015974 = (2·0·0.5 + C1) / (0² + 0.5² + C1), C1 = (0.01·2)² = 0.0004
 */
export function ssim(a: tf.Tensor, b: tf.Tensor, options: SsimOptions = {}): ImageScores {
  const values = ssimPerImage(a, b, options);
  const perImage = Array.from(values.dataSync());
  values.dispose();
  assertFiniteScores('ssim', perImage);
  return { perImage, mean: meanOf(perImage) };
}
