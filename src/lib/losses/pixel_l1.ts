/** The pixel reconstruction term: mean absolute error between generated and real faces. */
import { tf } from '../backend/tf';

/**
 * Mean absolute error over all elements of two same-shaped tensors.
 *
 * @example
 * pixelL1(tf.tensor1d([1, -1]), tf.tensor1d([0, 1])).dataSync();   // [1.5]
 */
export function pixelL1(fake: tf.Tensor, real: tf.Tensor): tf.Scalar {
  if (!tf.util.arraysEqual(fake.shape, real.shape)) {
    throw new Error(`pixelL1: fake has shape [${fake.shape}] but real has shape [${real.shape}]; expected equal shapes`);
  }
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(fake, real))) as tf.Scalar);
}
