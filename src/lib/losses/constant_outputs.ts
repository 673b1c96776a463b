/**
 * Running part of a loss as constants: tensors computed from an input the loss must not
 * differentiate through (the real face's features), without recording that computation on the
 * gradient tape.
 */
import { tf } from '../backend/tf';

/**
 * Runs `compute(input)` and returns its named outputs as constants: their gradient with respect to
 * `input` is zero, and none of the ops inside is recorded on an active gradient tape (a plain
 * `tf.stopGradient` on the outputs would stop the gradient too, but the tape would still keep every
 * intermediate tensor of `compute` alive until the backward pass). Intermediate tensors are freed;
 * the returned ones belong to the caller's scope. Every output must be float32.
 *
 * It relies on tfjs not recording ops that run inside a custom-gradient function: the outputs are
 * packed into one flat tensor there and unpacked outside.
 *
 * @example
 * const { square } = constantOutputs(x, (t) => ({ square: tf.square(t) }));
 * tf.grad((t) => tf.sum(constantOutputs(t, (u) => ({ s: tf.square(u) })).s))(x);   // zeros
 */
export function constantOutputs<T extends Record<string, tf.Tensor>>(input: tf.Tensor, compute: (input: tf.Tensor) => T): T {
  if (!(input instanceof tf.Tensor)) throw new Error(`constantOutputs: input is ${typeof input}; expected a tensor`);
  const shapes: Array<[string, number[]]> = [];
  const packed = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const x = args[0] as tf.Tensor;
    const outputs = compute(x);
    const parts: tf.Tensor[] = [];
    for (const [name, t] of Object.entries(outputs)) {
      if (!(t instanceof tf.Tensor)) throw new Error(`constantOutputs: output "${name}" is ${typeof t}; expected a tensor`);
      if (t.dtype !== 'float32') throw new Error(`constantOutputs: output "${name}" has dtype ${t.dtype}; expected float32`);
      shapes.push([name, t.shape]);
      parts.push(tf.reshape(t, [-1]));
    }
    const value = parts.length === 0 ? tf.zeros([0]) : parts.length === 1 ? parts[0] : tf.concat(parts);
    return { value, gradFunc: () => tf.zerosLike(x) };
  })(input) as tf.Tensor1D;
  const result = tf.tidy(() => {
    const sizes = shapes.map(([, shape]) => shape.reduce((a, b) => a * b, 1));
    const pieces = shapes.length <= 1 ? [packed] : tf.split(packed, sizes);
    const unpacked: Record<string, tf.Tensor> = {};
    shapes.forEach(([name, shape], i) => {
      unpacked[name] = tf.reshape(pieces[i], shape);
    });
    return unpacked;
  });
  // A tape needs only the id and shape of an op's input, so the packed copy can go now.
  packed.dispose();
  return result as T;
}
