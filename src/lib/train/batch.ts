/** One training batch of aligned pairs, and its shape checks. */
import { tf } from '../backend/tf';

/** Aligned pairs: ear (input) and face (target), NHWC float32 in [-1, 1], same shape. */
export interface PairBatch {
  ear: tf.Tensor4D;
  face: tf.Tensor4D;
}

/**
 * Throws unless `batch` holds two rank-4 float32 tensors of shape [B, imageSize, imageSize, 3].
 *
 * @example
 * validatePairBatch({ ear: tf.zeros([1, 64, 64, 3]), face: tf.zeros([1, 64, 64, 3]) }, 64);   // passes
 * validatePairBatch({ ear: tf.zeros([1, 64, 64, 1]), face: tf.zeros([1, 64, 64, 1]) }, 64);
 * // Error: batch.ear: shape [1,64,64,1] has 1 channels; expected 3 (RGB)
 */
export function validatePairBatch(batch: PairBatch, imageSize: number): void {
  if (batch === null || typeof batch !== 'object') {
    throw new Error(`batch: got ${String(batch)}; expected { ear, face } tensors of shape [B, ${imageSize}, ${imageSize}, 3]`);
  }
  for (const key of ['ear', 'face'] as const) {
    const t = batch[key];
    if (!(t instanceof tf.Tensor)) {
      throw new Error(`batch.${key}: got ${String(t)}; expected a tensor of shape [B, ${imageSize}, ${imageSize}, 3]`);
    }
    if (t.isDisposed) throw new Error(`batch.${key}: the tensor is disposed; expected a live tensor`);
    if (t.rank !== 4) throw new Error(`batch.${key}: shape [${t.shape}] has rank ${t.rank}; expected rank 4 [B, H, W, 3] (NHWC)`);
    if (t.dtype !== 'float32') throw new Error(`batch.${key}: dtype ${t.dtype}; expected float32 scaled to [-1, 1]`);
    const [b, h, w, c] = t.shape;
    if (b < 1) throw new Error(`batch.${key}: shape [${t.shape}] has an empty batch; expected at least 1 pair`);
    if (c !== 3) throw new Error(`batch.${key}: shape [${t.shape}] has ${c} channels; expected 3 (RGB)`);
    if (h !== imageSize || w !== imageSize) {
      throw new Error(`batch.${key}: shape [${t.shape}] is ${h}×${w}; expected ${imageSize}×${imageSize} (config.imageSize)`);
    }
  }
  if (!tf.util.arraysEqual(batch.ear.shape, batch.face.shape)) {
    throw new Error(`batch: ear has shape [${batch.ear.shape}] but face has shape [${batch.face.shape}]; expected the same shape`);
  }
}
