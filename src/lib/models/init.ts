import { tf } from '../backend/tf';
import { Rng } from '../util/rng';
import type { NamedVariables } from './network';

/**
 * How a parameter starts (pix2pix `init_weights(init_type='normal', gain=0.02)`):
 * conv kernels N(0, 0.02), norm scales N(1, 0.02), biases and shifts 0; running variances 1.
 */
export type Initializer = 'conv' | 'gamma' | 'zeros' | 'ones';

/** One named parameter of a network: enough to count it without allocating and to create it. */
export interface ParameterSpec {
  name: string;
  shape: number[];
  init: Initializer;
  /** false for buffers (batch-norm running statistics). */
  trainable: boolean;
}

/** Standard deviation of the pix2pix initialisation. */
export const INIT_STD = 0.02;

/**
 * The seed of one parameter, derived from the network seed and the parameter's name (FNV-1a), so a
 * weight's values do not depend on how many parameters were created before it.
 *
 * @example
 * parameterSeed(1, 'enc1/conv/kernel') === parameterSeed(1, 'enc1/conv/kernel'); // true
 */
export function parameterSeed(seed: number, name: string): number {
  let h = 0x811c9dc5;
  const mix = (byte: number): void => {
    h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  };
  const s = seed >>> 0;
  for (let i = 0; i < 4; i++) mix((s >>> (8 * i)) & 0xff);
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    mix(c & 0xff);
    mix(c >>> 8);
  }
  return h;
}

/**
 * `count` samples of N(mean, std²) from `rng` by Marsaglia's polar method (both values of each pair
 * used; no sin/cos, which matters for the 54 M weights of the full generator).
 *
 * @example
 * normalValues(4, 0, 0.02, new Rng(7)); // Float32Array(4) of values around 0 with spread 0.02
 */
export function normalValues(count: number, mean: number, std: number, rng: Rng): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; ) {
    let x: number;
    let y: number;
    let q: number;
    do {
      x = 2 * rng.next() - 1;
      y = 2 * rng.next() - 1;
      q = x * x + y * y;
    } while (q >= 1 || q === 0);
    const f = std * Math.sqrt((-2 * Math.log(q)) / q);
    out[i++] = mean + x * f;
    if (i < count) out[i++] = mean + y * f;
  }
  return out;
}

/**
 * The starting values of one parameter; the same (seed, spec) always gives the same values.
 *
 * @example
 * initialValues({ name: 'a', shape: [2], init: 'ones', trainable: true }, 0); // Float32Array [1, 1]
 */
export function initialValues(spec: ParameterSpec, seed: number): Float32Array {
  const size = sizeOf(spec.shape);
  switch (spec.init) {
    case 'conv':
      return normalValues(size, 0, INIT_STD, new Rng(parameterSeed(seed, spec.name)));
    case 'gamma':
      return normalValues(size, 1, INIT_STD, new Rng(parameterSeed(seed, spec.name)));
    case 'zeros':
      return new Float32Array(size);
    case 'ones':
      return new Float32Array(size).fill(1);
  }
}

/**
 * Number of trainable scalars in `specs`, computed from shapes alone (nothing is allocated).
 *
 * @example
 * countParameters([{ name: 'k', shape: [4, 4, 3, 8], init: 'conv', trainable: true }]); // 384
 */
export function countParameters(specs: readonly ParameterSpec[]): number {
  return specs.reduce((n, s) => (s.trainable ? n + sizeOf(s.shape) : n), 0);
}

let networkCounter = 0;

/**
 * Creates the variables of `specs` on the current backend: trainable ones in `weights`, the others in
 * `buffers`, both keyed by the spec name. tf variable names get a per-network prefix because tfjs
 * requires them to be unique across the process.
 *
 * @example
 * const { weights } = createParameters([{ name: 'k', shape: [2], init: 'conv', trainable: true }], 1);
 * weights['k'].shape; // [2]
 */
export function createParameters(
  specs: readonly ParameterSpec[],
  seed: number,
): { weights: NamedVariables; buffers: NamedVariables } {
  if (!Number.isFinite(seed)) throw new Error(`createParameters: seed must be a finite number, got ${seed}`);
  const names = new Set<string>();
  for (const spec of specs) {
    if (names.has(spec.name)) throw new Error(`createParameters: duplicate parameter name '${spec.name}'`);
    names.add(spec.name);
  }
  const prefix = `net${++networkCounter}`;
  const weights: NamedVariables = {};
  const buffers: NamedVariables = {};
  for (const spec of specs) {
    const target = spec.trainable ? weights : buffers;
    const initial = tf.tensor(initialValues(spec, seed), spec.shape, 'float32');
    // The variable takes over the tensor's storage; disposing the tensor only drops its reference.
    target[spec.name] = tf.variable(initial, spec.trainable, `${prefix}/${spec.name}`);
    initial.dispose();
  }
  return { weights, buffers };
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
