/**
 * Small stand-ins for the face network, for the loss tests: a two-convolution random-weight network
 * and an identity "network" whose outputs are computable by hand. Both implement FeatureExtractor.
 */
import { tf } from '../backend/tf';
import { DESCRIPTOR, POOLED, type FeatureExtractor } from '../face/extractor';

/** A test extractor that also shows its weights (to check that training leaves them alone). */
export interface TestExtractor extends FeatureExtractor {
  readonly weights: Record<string, tf.Variable>;
  /** How many times `extract` ran. */
  readonly calls: number;
}

function unknownOutput(name: string, extractor: FeatureExtractor, output: string): Error {
  const known = [...extractor.layerNames, POOLED, DESCRIPTOR].join(', ');
  return new Error(`${name}.extract: unknown output ${JSON.stringify(output)}; known outputs: ${known}`);
}

/**
 * conv 3×3 (3 → 4) + ReLU = 'conv1' at `inputSize`², conv 3×3 stride 2 (4 → 8) + ReLU = 'conv2',
 * 'pooled' = spatial mean of conv2 [N, 8], 'descriptor' = pooled scaled to unit length. Images are
 * resized bilinearly to `inputSize`. The weights are trainable variables on purpose: a trainer that
 * wrongly optimised every trainable variable would change them.
 *
 * @example
 * const net = tinyExtractor(16);
 * net.extract(tf.zeros([1, 64, 64, 3]), ['conv2', 'pooled']).conv2.shape;   // [1, 8, 8, 8]
 */
export function tinyExtractor(inputSize = 16, seed = 5): TestExtractor {
  const weights = tf.tidy(() => ({
    conv1: tf.variable(tf.randomNormal([3, 3, 3, 4], 0, 0.5, 'float32', seed)),
    conv2: tf.variable(tf.randomNormal([3, 3, 4, 8], 0, 0.5, 'float32', seed + 1)),
    bias2: tf.variable(tf.fill([8], 0.1)),
  }));
  let calls = 0;
  const extractor: TestExtractor = {
    name: 'tiny-test',
    inputSize,
    layerNames: ['conv1', 'conv2'],
    descriptorLength: 8,
    weights,
    get calls() {
      return calls;
    },
    extract(images, outputs) {
      for (const o of outputs) if (![...extractor.layerNames, POOLED, DESCRIPTOR].includes(o)) throw unknownOutput('tiny-test', extractor, o);
      calls++;
      return tf.tidy(() => {
        const x = images.shape[1] === inputSize && images.shape[2] === inputSize ? images : tf.image.resizeBilinear(images, [inputSize, inputSize]);
        const conv1 = tf.relu(tf.conv2d(x, weights.conv1 as tf.Tensor4D, 1, 'same')) as tf.Tensor4D;
        const conv2 = tf.relu(tf.add(tf.conv2d(conv1, weights.conv2 as tf.Tensor4D, 2, 'same'), weights.bias2)) as tf.Tensor4D;
        const pooled = tf.mean(conv2, [1, 2]);
        const all: Record<string, tf.Tensor> = { conv1, conv2, [POOLED]: pooled, [DESCRIPTOR]: tf.div(pooled, tf.norm(pooled, 'euclidean', 1, true)) };
        return Object.fromEntries(outputs.map((o) => [o, all[o]]));
      });
    },
    dispose() {
      tf.dispose(Object.values(weights));
    },
  };
  return extractor;
}

/**
 * An extractor with no weights whose outputs are easy to compute by hand: 'image' is the input
 * itself, 'square' its elementwise square, 'pooled' and 'descriptor' the per-channel spatial mean
 * of the input [N, C]. No resizing (`inputSize` is only reported).
 *
 * @example
 * identityExtractor().extract(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), ['pooled']).pooled.dataSync();   // [2.5]
 */
export function identityExtractor(inputSize = 2): TestExtractor {
  let calls = 0;
  const extractor: TestExtractor = {
    name: 'identity-test',
    inputSize,
    layerNames: ['image', 'square'],
    descriptorLength: 3,
    weights: {},
    get calls() {
      return calls;
    },
    extract(images, outputs) {
      for (const o of outputs) if (![...extractor.layerNames, POOLED, DESCRIPTOR].includes(o)) throw unknownOutput('identity-test', extractor, o);
      calls++;
      return tf.tidy(() => {
        const all: Record<string, () => tf.Tensor> = {
          image: () => tf.clone(images),
          square: () => tf.square(images),
          [POOLED]: () => tf.mean(images, [1, 2]),
          [DESCRIPTOR]: () => tf.mean(images, [1, 2]),
        };
        return Object.fromEntries(outputs.map((o) => [o, all[o]()]));
      });
    },
    dispose() {},
  };
  return extractor;
}
