/**
 * The Gram matrix of a feature map: which channels fire together, with where they fire averaged
 * away. The style loss compares these between generated and real faces.
 */
import { tf } from '../backend/tf';

/**
 * Throws unless `map` is a non-empty float32 NHWC tensor; the message starts with `where`.
 *
 * @example
 * assertFeatureMap(tf.zeros([1, 4, 4, 8]), 'gramMatrix: featureMap');   // passes
 * assertFeatureMap(tf.zeros([4, 4, 8]), 'gramMatrix: featureMap');
 * // Error: gramMatrix: featureMap has shape [4,4,8] (rank 3); expected a rank-4 NHWC map [N, H, W, C]
 */
export function assertFeatureMap(map: unknown, where: string): asserts map is tf.Tensor4D {
  if (!(map instanceof tf.Tensor)) {
    throw new Error(`${where} is ${map === null ? 'null' : typeof map}; expected a rank-4 NHWC tensor [N, H, W, C]`);
  }
  if (map.rank !== 4) {
    throw new Error(`${where} has shape [${map.shape}] (rank ${map.rank}); expected a rank-4 NHWC map [N, H, W, C]`);
  }
  if (map.size === 0) throw new Error(`${where} has shape [${map.shape}]; expected no zero-sized dimension`);
  if (map.dtype !== 'float32') throw new Error(`${where} has dtype ${map.dtype}; expected float32`);
}

/**
 * The Gram matrix of each image's feature map, G = FᵀF / (C·H·W), where F is the map reshaped to
 * [H·W, C]: G[c][d] is the mean over positions of channel c times channel d, divided by C. This is
 * Johnson, Alahi & Fei-Fei 2016 ("Perceptual Losses for Real-Time Style Transfer", eq. for G^φ_j),
 * which keeps style losses of layers with different sizes comparable.
 *
 * Runs as an explicit transpose and a plain matMul, and has its own gradient
 * ∂L/∂F = F·(dG + dGᵀ) / (C·H·W), also a plain matMul: on wasm a matMul with a transposed operand
 * runs several times slower than a plain one, and the automatic gradient of FᵀF needs two of them.
 *
 * @example
 * // one 2×2 map with 2 channels; positions (1,2), (3,4), (0,1), (−1,0)
 * const g = gramMatrix(tf.tensor4d([1, 2, 3, 4, 0, 1, -1, 0], [1, 2, 2, 2]));
 * g.shape;        // [1, 2, 2]
 * g.arraySync();  // [[[1.375, 1.75], [1.75, 2.625]]]  = [[11, 14], [14, 21]] / 8
 */
export function gramMatrix(featureMap: tf.Tensor4D): tf.Tensor3D {
  assertFeatureMap(featureMap, 'gramMatrix: featureMap');
  const [n, h, w, c] = featureMap.shape;
  const scale = 1 / (c * h * w);
  const gram = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const map = args[0] as tf.Tensor4D;
    const save = args[1] as tf.GradSaveFunc;
    save([map]);
    const value = tf.tidy(() => {
      const rows = tf.reshape(map, [n, h * w, c]);
      return tf.mul(tf.matMul(tf.transpose(rows, [0, 2, 1]), rows), scale) as tf.Tensor3D;
    });
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const rows = tf.reshape(saved[0], [n, h * w, c]);
          const symmetric = tf.mul(tf.add(dy, tf.transpose(dy, [0, 2, 1])), scale);
          return tf.reshape(tf.matMul(rows, symmetric), [n, h, w, c]);
        }),
    };
  });
  return gram(featureMap) as tf.Tensor3D;
}
