import { tf } from '../backend/tf';
import { checkApplyOptions } from './checks';
import { countParameters, createParameters, type ParameterSpec } from './init';
import type { ApplyOptions, NamedVariables, Network } from './network';

/** The forward pass of a network, given its bound variables; runs inside a tf.tidy. */
export type Forward = (input: tf.Tensor4D, options: ApplyOptions) => tf.Tensor4D;

/**
 * Creates the variables of `specs` and wraps `makeForward` into a Network: option checks, input
 * checks, a tidy around each call (intermediates are freed; the gradient tape keeps what it needs)
 * and refusal after dispose.
 *
 * @example
 * const specs = [{ name: 'w', shape: [1], init: 'ones' as const, trainable: true }];
 * const net = buildNetwork('discriminator', specs, 1, (x) => checkInput('scale.apply', x, { channels: 1 }),
 *   ({ weights }) => (x) => tf.mul(x, weights['w']) as tf.Tensor4D);
 * net.parameterCount(); // 1
 * net.apply(tf.ones([1, 2, 2, 1]), { training: false }); // the input times 1
 */
export function buildNetwork(
  kind: Network['kind'],
  specs: readonly ParameterSpec[],
  seed: number,
  checkInput: (input: unknown) => void,
  makeForward: (variables: { weights: NamedVariables; buffers: NamedVariables; seed: number }) => Forward,
): Network {
  const { weights, buffers } = createParameters(specs, seed);
  const forward = makeForward({ weights, buffers, seed });
  const count = countParameters(specs);
  let disposed = false;
  const where = `${kind}.apply`;
  return {
    kind,
    weights,
    buffers,
    apply(input, options) {
      if (disposed) throw new Error(`${where}: the ${kind} has been disposed`);
      checkApplyOptions(where, options);
      checkInput(input);
      return tf.tidy(() => forward(input, options));
    },
    parameterCount: () => count,
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const v of [...Object.values(weights), ...Object.values(buffers)]) v.dispose();
    },
  };
}
