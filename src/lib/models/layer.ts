import { tf } from '../backend/tf';
import { conv4x4, upConv4x4 } from './conv';
import type { ParameterSpec } from './init';
import type { NamedVariables } from './network';
import { batchNorm, instanceNorm, type BatchNormMode, type BatchNormVariables, type NormKind } from './norm';

/**
 * One 4×4 convolution (or stride-2 transposed convolution) with optional bias and norm: the unit
 * both networks are made of. Activations, skips and dropout stay in the network files.
 */
export interface ConvLayerPlan {
  /** Prefix of the parameter names, e.g. `enc2` → `enc2/conv/kernel`, `enc2/norm/gamma`. */
  name: string;
  inChannels: number;
  outChannels: number;
  /** Transposed convolution, stride 2 (the U-Net decoder). */
  transposed: boolean;
  stride: 1 | 2;
  bias: boolean;
  norm: NormKind | null;
}

/** A plan bound to its variables, ready to run. */
export interface ConvLayer {
  readonly plan: ConvLayerPlan;
  apply(x: tf.Tensor4D, mode: BatchNormMode): tf.Tensor4D;
}

/**
 * The parameters of one layer: kernel [4, 4, in, out] ([4, 4, out, in] when transposed), bias [out],
 * batch-norm gamma/beta [out] and running mean/variance buffers [out].
 *
 * @example
 * convLayerSpecs({ name: 'enc2', inChannels: 8, outChannels: 16, transposed: false, stride: 2,
 *                  bias: false, norm: 'batch' }).map((s) => s.name);
 * // ['enc2/conv/kernel', 'enc2/norm/gamma', 'enc2/norm/beta', 'enc2/norm/runningMean', 'enc2/norm/runningVar']
 */
export function convLayerSpecs(plan: ConvLayerPlan): ParameterSpec[] {
  const { name, inChannels: cin, outChannels: cout } = plan;
  const specs: ParameterSpec[] = [
    { name: `${name}/conv/kernel`, shape: plan.transposed ? [4, 4, cout, cin] : [4, 4, cin, cout], init: 'conv', trainable: true },
  ];
  if (plan.bias) specs.push({ name: `${name}/conv/bias`, shape: [cout], init: 'zeros', trainable: true });
  if (plan.norm === 'batch') {
    specs.push(
      { name: `${name}/norm/gamma`, shape: [cout], init: 'gamma', trainable: true },
      { name: `${name}/norm/beta`, shape: [cout], init: 'zeros', trainable: true },
      { name: `${name}/norm/runningMean`, shape: [cout], init: 'zeros', trainable: false },
      { name: `${name}/norm/runningVar`, shape: [cout], init: 'ones', trainable: false },
    );
  }
  return specs;
}

/**
 * Binds a plan to the variables created from its specs.
 *
 * @example
 * const plan = { name: 'l', inChannels: 3, outChannels: 8, transposed: false, stride: 2 as const, bias: true, norm: null };
 * const { weights, buffers } = createParameters(convLayerSpecs(plan), 1);
 * bindConvLayer(plan, weights, buffers).apply(tf.zeros([1, 8, 8, 3]), { training: true }).shape; // [1, 4, 4, 8]
 */
export function bindConvLayer(plan: ConvLayerPlan, weights: NamedVariables, buffers: NamedVariables): ConvLayer {
  const lookup = (from: NamedVariables, key: string): tf.Variable => {
    const v = from[`${plan.name}/${key}`];
    if (!v) throw new Error(`bindConvLayer: missing variable '${plan.name}/${key}'`);
    return v;
  };
  const kernel = lookup(weights, 'conv/kernel') as tf.Variable<tf.Rank.R4>;
  const bias = plan.bias ? (lookup(weights, 'conv/bias') as tf.Variable<tf.Rank.R1>) : undefined;
  const norm: BatchNormVariables | undefined =
    plan.norm === 'batch'
      ? {
          gamma: lookup(weights, 'norm/gamma'),
          beta: lookup(weights, 'norm/beta'),
          runningMean: lookup(buffers, 'norm/runningMean'),
          runningVar: lookup(buffers, 'norm/runningVar'),
        }
      : undefined;
  return {
    plan,
    apply(x, mode) {
      const y = plan.transposed ? upConv4x4(x, kernel, bias) : conv4x4(x, kernel, plan.stride, bias);
      if (plan.norm === 'batch') return batchNorm(y, norm as BatchNormVariables, mode);
      if (plan.norm === 'instance') return instanceNorm(y);
      return y;
    },
  };
}
