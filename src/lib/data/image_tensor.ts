/** RgbImage ↔ tensors: [H, W, 3] images and [N, H, W, 3] batches, NHWC float32 in [-1, 1]. */
import { tf } from '../backend/tf';
import { assertRgbImage, RgbImage } from './rgb_image';

/**
 * An image as a [H, W, 3] tensor (the caller owns it).
 *
 * @example
 * const t = rgbToTensor(createRgb(4, 2, 1));   // shape [2, 4, 3], all ones
 */
export function rgbToTensor(img: RgbImage): tf.Tensor3D {
  assertRgbImage(img, 'rgbToTensor: img');
  return tf.tensor3d(img.data, [img.height, img.width, 3]);
}

/**
 * Same-sized images stacked as a [N, H, W, 3] batch (the caller owns it).
 *
 * @example
 * const batch = rgbsToBatch([ear0, ear1]);   // [2, H, W, 3]
 */
export function rgbsToBatch(imgs: RgbImage[]): tf.Tensor4D {
  if (!Array.isArray(imgs) || imgs.length === 0) throw new Error(`rgbsToBatch: imgs has ${Array.isArray(imgs) ? 0 : 'no'} images; expected at least one`);
  const { width, height } = imgs[0];
  const size = width * height * 3;
  const data = new Float32Array(imgs.length * size);
  imgs.forEach((img, i) => {
    assertRgbImage(img, `rgbsToBatch: imgs[${i}]`);
    if (img.width !== width || img.height !== height) {
      throw new Error(`rgbsToBatch: imgs[${i}] is ${img.width}×${img.height} but imgs[0] is ${width}×${height}; expected equal sizes`);
    }
    data.set(img.data, i * size);
  });
  return tf.tensor4d(data, [imgs.length, height, width, 3]);
}

/**
 * Reads a [H, W, 3] (or [1, H, W, 3]) tensor in [-1, 1] into plain data.
 *
 * @example
 * const img = tensorToRgb(generator.apply(ear));   // { width, height, data }
 */
export function tensorToRgb(t: tf.Tensor): RgbImage {
  const shape = t.shape.length === 4 && t.shape[0] === 1 ? t.shape.slice(1) : t.shape;
  if (shape.length !== 3 || shape[2] !== 3) {
    throw new Error(`tensorToRgb: expected an image tensor of shape [H, W, 3] or [1, H, W, 3], got [${t.shape.join(', ')}]`);
  }
  return { height: shape[0], width: shape[1], data: Float32Array.from(t.dataSync()) };
}

/**
 * Reads every image of a [N, H, W, 3] batch into plain data.
 *
 * @example
 * const [first, second] = batchToRgbs(batch.face);
 */
export function batchToRgbs(t: tf.Tensor): RgbImage[] {
  if (t.rank !== 4 || t.shape[3] !== 3) {
    throw new Error(`batchToRgbs: expected a batch tensor of shape [N, H, W, 3], got [${t.shape.join(', ')}]`);
  }
  const [n, height, width] = t.shape;
  const all = t.dataSync();
  const size = height * width * 3;
  return Array.from({ length: n }, (_, i) => ({ width, height, data: Float32Array.from(all.subarray(i * size, (i + 1) * size)) }));
}
