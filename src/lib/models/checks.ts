import { tf } from '../backend/tf';
import type { ApplyOptions } from './network';

/**
 * Throws unless `value` is an integer ≥ `min`; the message names `where`, the argument and the value.
 *
 * @example
 * checkInteger('createGenerator', 'config.ngf', 0, 1); // throws "createGenerator: config.ngf must be an integer ≥ 1, got 0"
 */
export function checkInteger(where: string, name: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new Error(`${where}: ${name} must be an integer ≥ ${min}, got ${describe(value)}`);
  }
}

/**
 * Throws unless `value` is one of `allowed`.
 *
 * @example
 * checkOneOf('createGenerator', 'config.norm', 'group', ['batch', 'instance']);
 * // throws "createGenerator: config.norm must be one of 'batch', 'instance', got 'group'"
 */
export function checkOneOf<T>(where: string, name: string, value: unknown, allowed: readonly T[]): void {
  if (!allowed.includes(value as T)) {
    throw new Error(`${where}: ${name} must be one of ${allowed.map(describe).join(', ')}, got ${describe(value)}`);
  }
}

/** What a network accepts as input: a rank-4 float32 NHWC tensor with these dimensions. */
export interface InputExpectation {
  channels: number;
  /** Exact height and width, when the network has a fixed size. */
  size?: number;
  /** Smallest height and width otherwise. */
  minSize?: number;
}

/**
 * Throws unless `x` is a float32 tensor [batch, H, W, channels] meeting `expected`.
 *
 * @example
 * checkInput('generator.apply', tf.zeros([64, 64, 3]), { channels: 3, size: 64 });
 * // throws "generator.apply: input must be a rank-4 NHWC tensor [batch, 64, 64, 3], got shape [64,64,3]"
 */
export function checkInput(where: string, x: unknown, expected: InputExpectation): asserts x is tf.Tensor4D {
  const s = expected.size;
  const wanted =
    s !== undefined
      ? `[batch, ${s}, ${s}, ${expected.channels}]`
      : `[batch, height ≥ ${expected.minSize ?? 1}, width ≥ ${expected.minSize ?? 1}, ${expected.channels}]`;
  if (!(x instanceof tf.Tensor)) {
    throw new Error(`${where}: input must be a rank-4 NHWC tensor ${wanted}, got ${describe(x)}`);
  }
  const got = `shape [${x.shape.join(',')}]`;
  if (x.rank !== 4) throw new Error(`${where}: input must be a rank-4 NHWC tensor ${wanted}, got ${got}`);
  const [batch, height, width, channels] = x.shape;
  if (batch < 1) throw new Error(`${where}: input batch must be ≥ 1, got ${got}`);
  if (channels !== expected.channels) {
    throw new Error(`${where}: input must have ${expected.channels} channels ${wanted}, got ${got}`);
  }
  if (s !== undefined && (height !== s || width !== s)) {
    throw new Error(`${where}: input must be ${s}×${s} ${wanted}, got ${got}`);
  }
  const min = expected.minSize ?? 1;
  if (height < min || width < min) {
    throw new Error(`${where}: input must be at least ${min}×${min} ${wanted}, got ${got}`);
  }
  if (x.dtype !== 'float32') throw new Error(`${where}: input must be float32, got ${x.dtype}`);
}

/**
 * Throws unless `options` is an ApplyOptions object.
 *
 * @example
 * checkApplyOptions('generator.apply', { training: 'yes' }); // throws
 */
export function checkApplyOptions(where: string, options: unknown): asserts options is ApplyOptions {
  const o = options as Partial<ApplyOptions> | undefined;
  if (typeof o !== 'object' || o === null || typeof o.training !== 'boolean') {
    throw new Error(`${where}: options must be { training: boolean, noiseSeed?: number }, got ${describe(options)}`);
  }
  if (o.noiseSeed !== undefined && !Number.isFinite(o.noiseSeed)) {
    throw new Error(`${where}: options.noiseSeed must be a finite number, got ${describe(o.noiseSeed)}`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value instanceof tf.Tensor) return `a tensor of shape [${value.shape.join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}
