/**
 * The training configuration as one typed object with defaults (pix2pix's values), and its
 * validation: every error names the field, the value given and what is expected.
 */
import { assertGanMode, GanMode } from '../losses/adversarial';

/** Image sizes the U-Net supports (6, 7 or 8 downsamplings to 1×1). */
export const IMAGE_SIZES = [64, 128, 256] as const;
export type ImageSize = (typeof IMAGE_SIZES)[number];
export const NORMS = ['batch', 'instance'] as const;
export type Norm = (typeof NORMS)[number];

export interface TrainConfig {
  /** Side of the square ear and face images. */
  imageSize: ImageSize;
  /** Generator width (filters of the first layer); pix2pix: 64. */
  ngf: number;
  /** Discriminator width; pix2pix: 64. */
  ndf: number;
  norm: Norm;
  ganMode: GanMode;
  /** Generator term weights by name; default { adv: 1, l1: 100 } (pix2pix's λ). */
  weights: Record<string, number>;
  /** Adam learning rate during the constant phase. */
  lr: number;
  beta1: number;
  beta2: number;
  /** Steps at the full learning rate. */
  constantSteps: number;
  /** Steps over which the learning rate then falls linearly to 0. */
  decaySteps: number;
  /** Seeds the initial weights and the dropout noise. */
  seed: number;
  /** Pairs per batch (the data pipeline's batch size); pix2pix: 1. */
  batchSize: number;
}

const DEFAULTS: TrainConfig = {
  imageSize: 256,
  ngf: 64,
  ndf: 64,
  norm: 'batch',
  ganMode: 'vanilla',
  weights: { adv: 1, l1: 100 },
  lr: 2e-4,
  beta1: 0.5,
  beta2: 0.999,
  constantSteps: 100_000,
  decaySteps: 100_000,
  seed: 0,
  batchSize: 1,
};

const KEYS = Object.keys(DEFAULTS) as (keyof TrainConfig)[];

/**
 * The default configuration with `overrides` applied and validated. `weights` is merged by name,
 * so `{ weights: { l1: 50 } }` keeps `adv: 1`; set a weight to 0 to turn a term off.
 *
 * @example
 * defaultTrainConfig({ imageSize: 64, ngf: 8 }).weights;   // { adv: 1, l1: 100 }
 * defaultTrainConfig({ lr: -1 });                          // Error: config.lr: got -1; expected a finite number > 0
 */
export function defaultTrainConfig(overrides: Partial<TrainConfig> = {}): TrainConfig {
  if (overrides === null || typeof overrides !== 'object') {
    throw new Error(`config: got ${String(overrides)}; expected an object of training settings`);
  }
  const merged = { ...DEFAULTS, ...overrides, weights: { ...DEFAULTS.weights, ...(overrides.weights ?? {}) } };
  return validateTrainConfig(merged);
}

/**
 * Checks a complete configuration (e.g. one read from a checkpoint) and returns a clean copy.
 *
 * @example
 * validateTrainConfig({ ...defaultTrainConfig(), imageSize: 100 });
 * // Error: config.imageSize: got 100; expected one of 64, 128, 256
 */
export function validateTrainConfig(config: unknown): TrainConfig {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new Error(`config: got ${show(config)}; expected an object of training settings`);
  }
  const c = config as Record<string, unknown>;
  for (const key of Object.keys(c)) {
    if (!(KEYS as string[]).includes(key)) {
      throw new Error(`config.${key}: unknown setting (value ${show(c[key])}); expected one of ${KEYS.join(', ')}`);
    }
  }
  for (const key of KEYS) {
    if (c[key] === undefined) throw new Error(`config.${key}: missing; expected a value like ${JSON.stringify(DEFAULTS[key])}`);
  }
  oneOf('imageSize', c.imageSize, IMAGE_SIZES);
  positiveInteger('ngf', c.ngf);
  positiveInteger('ndf', c.ndf);
  oneOf('norm', c.norm, NORMS);
  assertGanMode(c.ganMode, 'config.ganMode');
  const weights = c.weights;
  if (weights === null || typeof weights !== 'object' || Array.isArray(weights)) {
    throw new Error(`config.weights: got ${show(weights)}; expected an object of term weights such as { adv: 1, l1: 100 }`);
  }
  for (const [name, w] of Object.entries(weights)) {
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new Error(`config.weights.${name}: got ${show(w)}; expected a finite number ≥ 0`);
    }
  }
  const lr = finite('lr', c.lr);
  if (lr <= 0) throw new Error(`config.lr: got ${lr}; expected a finite number > 0`);
  for (const key of ['beta1', 'beta2'] as const) {
    const b = finite(key, c[key]);
    if (b < 0 || b >= 1) throw new Error(`config.${key}: got ${b}; expected a number in [0, 1)`);
  }
  nonNegativeInteger('constantSteps', c.constantSteps);
  nonNegativeInteger('decaySteps', c.decaySteps);
  const seed = finite('seed', c.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new Error(`config.seed: got ${seed}; expected an integer in [0, 4294967295]`);
  }
  positiveInteger('batchSize', c.batchSize);
  const clean = {} as Record<string, unknown>;
  for (const key of KEYS) clean[key] = key === 'weights' ? { ...(weights as object) } : c[key];
  return clean as unknown as TrainConfig;
}

function finite(key: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`config.${key}: got ${show(value)}; expected a finite number`);
  }
  return value;
}

function positiveInteger(key: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`config.${key}: got ${show(value)}; expected an integer ≥ 1`);
  }
}

function nonNegativeInteger(key: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Error(`config.${key}: got ${show(value)}; expected an integer ≥ 0`);
  }
}

function oneOf(key: string, value: unknown, allowed: readonly unknown[]): void {
  if (!allowed.includes(value)) {
    throw new Error(`config.${key}: got ${show(value)}; expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  }
}

/** A value as it would be typed: numbers as numbers (NaN, Infinity too), the rest as JSON. */
function show(value: unknown): string {
  return typeof value === 'number' || value === undefined ? String(value) : JSON.stringify(value);
}
