/**
 * pix2pix jitter (Isola et al. 2017, §6.2 and the reference code's `resize_and_crop`): resize to
 * 286/256 of the training size, crop a random size×size window, mirror half of the time — the
 * same transform for the ear and the face, so the pair stays aligned. Evaluation only resizes.
 */
import { Rng } from '../util/rng';
import { resampleWindow, resizeRgb } from './resize';
import type { RgbImage } from './rgb_image';

/** One draw of the jitter: where to crop in the load-size image, and whether to mirror. */
export interface JitterParams {
  /** The side the image is resized to before cropping: round(size·286/256). */
  loadSize: number;
  x: number;
  y: number;
  flip: boolean;
}

/** An ear and the face it belongs to. */
export interface ImagePair {
  ear: RgbImage;
  face: RgbImage;
}

function checkSize(size: number): void {
  if (!Number.isInteger(size) || size < 1) throw new Error(`size: got ${size}; expected a positive integer (the training image size)`);
}

/**
 * The side images are resized to before the random crop: round(size·286/256).
 *
 * @example
 * jitterLoadSize(256);   // 286
 * jitterLoadSize(128);   // 143
 */
export function jitterLoadSize(size: number): number {
  checkSize(size);
  return Math.round((size * 286) / 256);
}

/**
 * Draws one jitter for images trained at `size`: crop offsets uniform in 0..loadSize−size, mirror
 * with probability ½.
 *
 * @example
 * drawJitter(256, new Rng(1));   // { loadSize: 286, x: …, y: …, flip: … }
 */
export function drawJitter(size: number, rng: Rng): JitterParams {
  const loadSize = jitterLoadSize(size);
  const x = rng.int(loadSize - size + 1);
  const y = rng.int(loadSize - size + 1);
  return { loadSize, x, y, flip: rng.next() < 0.5 };
}

/**
 * Applies a drawn jitter to one image: resize to loadSize², crop size² at (x, y), mirror if drawn.
 *
 * @example
 * const p = drawJitter(256, rng);
 * const ear = applyJitter(earImage, 256, p);
 * const face = applyJitter(faceImage, 256, p);   // the same transform
 */
export function applyJitter(img: RgbImage, size: number, p: JitterParams): RgbImage {
  checkSize(size);
  return resampleWindow(img, { scaledWidth: p.loadSize, scaledHeight: p.loadSize, x: p.x, y: p.y, width: size, height: size, flip: p.flip });
}

/**
 * Training: one jitter drawn from `rng`, applied to both images of the pair.
 *
 * @example
 * const rng = new Rng(7);
 * const { ear, face, params } = augmentPair({ ear: earImage, face: faceImage }, 256, rng);
 */
export function augmentPair(pair: ImagePair, size: number, rng: Rng): ImagePair & { params: JitterParams } {
  const params = drawJitter(size, rng);
  return { ear: applyJitter(pair.ear, size, params), face: applyJitter(pair.face, size, params), params };
}

/**
 * Evaluation: both images resized to size×size, nothing random.
 *
 * @example
 * const { ear, face } = preparePair({ ear: earImage, face: faceImage }, 256);
 */
export function preparePair(pair: ImagePair, size: number): ImagePair {
  checkSize(size);
  return { ear: resizeRgb(pair.ear, size, size), face: resizeRgb(pair.face, size, size) };
}
