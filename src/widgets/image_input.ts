/** One image for the feature widgets, given as plain data or a tensor. */
import { tf } from '../lib/backend/tf';
import { rgbToTensor, type RgbImage } from '../lib/data/image_io';

/** An image in [-1, 1]: an RgbImage, a [H, W, 3] tensor or a [1, H, W, 3] batch. */
export type ImageInput = RgbImage | tf.Tensor3D | tf.Tensor4D;

/**
 * `image` as a new [1, H, W, 3] tensor (the caller disposes it); `where` names it in errors.
 *
 * @example
 * const batch = imageBatch(createRgb(8, 8), 'featureMapsFigure: image');   // shape [1, 8, 8, 3]
 */
export function imageBatch(image: ImageInput, where: string): tf.Tensor4D {
  if (image instanceof tf.Tensor) {
    const s = image.shape;
    if (image.rank === 3 && s[2] === 3) return tf.expandDims(image, 0) as tf.Tensor4D;
    if (image.rank === 4 && s[0] === 1 && s[3] === 3) return tf.clone(image) as tf.Tensor4D;
    throw new Error(`${where} has shape [${s}]; expected one RGB image [H, W, 3] or [1, H, W, 3]`);
  }
  if (image === null || typeof image !== 'object' || !(image.data instanceof Float32Array)) {
    throw new Error(`${where} is ${image === null ? 'null' : typeof image}; expected an RgbImage or a [H, W, 3] / [1, H, W, 3] tensor`);
  }
  return tf.tidy(() => tf.expandDims(rgbToTensor(image), 0) as tf.Tensor4D);
}
