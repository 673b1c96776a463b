/**
 * `Tanh` for the wasm backend. The stock kernel evaluates tanh per element at ~50 ns (measured on
 * 1M floats), while XNNPACK's vectorised sigmoid takes ~2 ns; tanh(x) = 2·σ(2x) − 1 exactly, and in
 * float32 the identity costs at most a few 1e-7 of absolute error (the result lies in [-1, 1]).
 */
import { tf } from '../tf';

/**
 * tanh through the sigmoid identity.
 *
 * @example
 * tanhViaSigmoid(tf.tensor1d([0, 1, -30])).arraySync(); // [0, 0.7615942, -1]
 */
export function tanhViaSigmoid(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sub(tf.mul(tf.sigmoid(tf.mul(x, 2)), 2), 1));
}

/** The registry entry point: input `x`. */
export function tanhKernel(args: { inputs: tf.NamedTensorInfoMap }): tf.TensorInfo {
  const x = args.inputs.x;
  if (x === undefined) throw new Error(`Tanh kernel input 'x' is missing`);
  if (x.dtype !== 'float32') throw new Error(`Tanh on wasm expects float32 input, got ${x.dtype}`);
  const t = x instanceof tf.Tensor ? x : tf.engine().makeTensorFromTensorInfo(x);
  return tanhViaSigmoid(t);
}
