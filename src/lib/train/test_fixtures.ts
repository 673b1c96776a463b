/** Shared set-up for the train/ tests: the backend to train on and seeded random pairs. */
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import type { PairBatch } from './batch';
import type { ApplyOptions, Network } from '../models/network';
import type { NetworkFactories } from './networks';

/**
 * Starts the backend the train/ tests run on: wasm with the project's training kernels, or the one
 * named by EAR2FACE_TEST_BACKEND ('cpu' to compare against the reference). Returns its name.
 */
export async function initTrainingBackend(): Promise<string> {
  const wanted = process.env.EAR2FACE_TEST_BACKEND === 'cpu' ? 'cpu' : 'wasm';
  await initBackend({ backend: wanted });
  return wanted;
}

/** `count` seeded random ear/face pairs of size×size in [-1, 1]. */
export function randomPairs(count: number, size = 64, seed = 7): PairBatch[] {
  return Array.from({ length: count }, (_, i) => ({
    ear: tf.randomUniform([1, size, size, 3], -1, 1, 'float32', seed + 2 * i) as tf.Tensor4D,
    face: tf.randomUniform([1, size, size, 3], -1, 1, 'float32', seed + 2 * i + 1) as tf.Tensor4D,
  }));
}

/** Every variable's values by name, copied out (for comparing states). */
export function readAll(vars: Record<string, tf.Variable>): Map<string, Float32Array> {
  return new Map(Object.entries(vars).map(([name, v]) => [name, v.dataSync().slice() as Float32Array]));
}

/** Largest absolute difference between two equally named sets of values. */
export function maxDifference(a: Map<string, Float32Array>, b: Map<string, Float32Array>): number {
  if (a.size !== b.size) throw new Error(`maxDifference: ${a.size} vs ${b.size} tensors`);
  let worst = 0;
  for (const [name, x] of a) {
    const y = b.get(name);
    if (y === undefined || y.length !== x.length) throw new Error(`maxDifference: '${name}' missing or resized`);
    for (let i = 0; i < x.length; i++) {
      const d = Math.abs(x[i] - y[i]);
      if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
    }
  }
  return worst;
}

/**
 * A tiny stand-in pair of networks with the parts that matter to the trainer: convolutions with
 * gradients, a running-mean buffer updated only in training mode, and seeded dropout. It works at
 * 16×16 inside (4×4 block means of the input) so a step takes milliseconds on any backend.
 */
export const tinyNetworks: NetworkFactories = {
  generator: (_config, seed) => tinyNetwork('generator', seed, 3, 3),
  discriminator: (_config, seed) => tinyNetwork('discriminator', seed, 6, 1),
};

function tinyNetwork(kind: Network['kind'], seed: number, inChannels: number, outChannels: number): Network {
  // tidy frees the initial tensors; the variables keep the values.
  const weights = tf.tidy(() => ({
    conv1: tf.variable(tf.randomNormal([3, 3, inChannels, 8], 0, 0.3, 'float32', seed)),
    conv2: tf.variable(tf.randomNormal([3, 3, 8, outChannels], 0, 0.3, 'float32', seed + 1)),
    bias2: tf.variable(tf.zeros([outChannels])),
  }));
  const buffers = tf.tidy(() => ({ runningMean: tf.variable(tf.zeros([8]), false) }));
  let disposed = false;
  return {
    kind,
    weights,
    buffers,
    apply(input: tf.Tensor4D, options: ApplyOptions): tf.Tensor4D {
      if (disposed) throw new Error(`tiny ${kind}: disposed`);
      return tf.tidy(() => {
        const [b, height, width, c] = input.shape;
        // 4×4 block means (tfjs-cpu's avgPool turns NaN into -Infinity, which would hide a NaN input).
        const x = tf.mean(tf.reshape(input, [b, height / 4, 4, width / 4, 4, c]), [2, 4]) as tf.Tensor4D;
        let h: tf.Tensor4D = tf.conv2d(x, weights.conv1 as tf.Tensor4D, 1, 'same');
        const mean = tf.mean(h, [0, 1, 2]);
        if (options.training) buffers.runningMean.assign(tf.add(tf.mul(buffers.runningMean, 0.9), tf.mul(mean, 0.1)));
        h = tf.relu(tf.sub(h, options.training ? mean : buffers.runningMean)) as tf.Tensor4D;
        if (kind === 'generator') h = tf.dropout(h, 0.5, undefined, options.noiseSeed ?? 0) as tf.Tensor4D;
        const y = tf.add(tf.conv2d(h, weights.conv2 as tf.Tensor4D, 1, 'same'), weights.bias2) as tf.Tensor4D;
        if (kind === 'discriminator') return y;
        return tf.tanh(tf.image.resizeNearestNeighbor(y, [input.shape[1], input.shape[2]]));
      });
    },
    parameterCount: () => Object.values(weights).reduce((n, v) => n + v.size, 0),
    dispose() {
      disposed = true;
      tf.dispose([...Object.values(weights), ...Object.values(buffers)]);
    },
  };
}
