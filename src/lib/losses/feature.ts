/**
 * The feature-reconstruction term: how far the face network's description of the generated face is
 * from its description of the real one.
 */
import { tf } from '../backend/tf';

/**
 * Mean squared difference over all elements of two same-shaped feature tensors (for the Ear2Face
 * objective: the face network's pooled features [N, D] of the generated and the real face). This is
 * Johnson, Alahi & Fei-Fei 2016's feature reconstruction loss ℓ_feat = ‖φ(ŷ) − φ(y)‖²₂ / (C·H·W),
 * i.e. the squared Euclidean distance normalised by the feature size, here also averaged over the
 * batch, so the weight means the same at any batch size.
 *
 * @example
 * featureLoss(tf.tensor2d([[1, 2]]), tf.tensor2d([[0, 4]])).dataSync();   // [2.5]  = (1 + 4) / 2
 */
export function featureLoss(fake: tf.Tensor, real: tf.Tensor): tf.Scalar {
  for (const [name, t] of [['fake', fake], ['real', real]] as const) {
    if (!(t instanceof tf.Tensor)) throw new Error(`featureLoss: ${name} is ${t === null ? 'null' : typeof t}; expected a tensor`);
    if (t.size === 0) throw new Error(`featureLoss: ${name} has shape [${t.shape}]; expected a non-empty tensor`);
  }
  if (!tf.util.arraysEqual(fake.shape, real.shape)) {
    throw new Error(`featureLoss: fake has shape [${fake.shape}] but real has shape [${real.shape}]; expected equal shapes`);
  }
  return tf.tidy(() => tf.mean(tf.squaredDifference(fake, real)) as tf.Scalar);
}
