import { tf } from '../backend/tf';
import { leakyRelu } from './activation';
import { buildNetwork } from './build';
import { checkInput, checkInteger, checkOneOf } from './checks';
import type { ParameterSpec } from './init';
import { bindConvLayer, convLayerSpecs, type ConvLayerPlan } from './layer';
import type { Network } from './network';
import type { NormKind } from './norm';

/** The PatchGAN discriminator's options (pix2pix `--netD basic --ndf 64 --n_layers_D 3`). */
export interface DiscriminatorConfig {
  /** Channels of concat(ear, face): 6 for two RGB images. */
  inChannels: number;
  /** Channels of the first layer; deeper layers use 2, 4, then at most 8 times as many. */
  ndf: number;
  /** Stride-2 layers (pix2pix n_layers): 3 gives the 70×70 receptive field. */
  layers: number;
  norm: NormKind;
}

const NORMS: readonly NormKind[] = ['batch', 'instance'];

/**
 * pix2pix defaults, with `overrides` on top.
 *
 * @example
 * defaultDiscriminatorConfig({ ndf: 32 }); // { inChannels: 6, ndf: 32, layers: 3, norm: 'batch' }
 */
export function defaultDiscriminatorConfig(overrides: Partial<DiscriminatorConfig> = {}): DiscriminatorConfig {
  return { inChannels: 6, ndf: 64, layers: 3, norm: 'batch', ...overrides };
}

/**
 * Throws an Error naming the offending field unless `config` is a usable discriminator configuration.
 *
 * @example
 * validateDiscriminatorConfig(defaultDiscriminatorConfig({ layers: 0 }));
 * // throws "createDiscriminator: config.layers must be an integer ≥ 1, got 0"
 */
export function validateDiscriminatorConfig(config: DiscriminatorConfig, where = 'createDiscriminator'): void {
  if (typeof config !== 'object' || config === null) throw new Error(`${where}: config must be an object, got ${config}`);
  checkInteger(where, 'config.inChannels', config.inChannels, 1);
  checkInteger(where, 'config.ndf', config.ndf, 1);
  checkInteger(where, 'config.layers', config.layers, 1);
  checkOneOf(where, 'config.norm', config.norm, NORMS);
}

/**
 * The layers of pix2pix's NLayerDiscriminator: C(ndf) stride 2 without norm, then for n = 1…layers−1
 * C(ndf·min(2ⁿ, 8)) stride 2, then C(ndf·min(2^layers, 8)) stride 1, each normed and followed by
 * LeakyReLU 0.2; last a stride-1 conv to one logit channel. Biases on the first and last conv, and on
 * all when the norm is instance (pix2pix's use_bias).
 *
 * @example
 * discriminatorPlan(defaultDiscriminatorConfig()).map((l) => `${l.name}:${l.outChannels}/s${l.stride}`);
 * // ['layer1:64/s2', 'layer2:128/s2', 'layer3:256/s2', 'layer4:512/s1', 'logits:1/s1']
 */
export function discriminatorPlan(config: DiscriminatorConfig): ConvLayerPlan[] {
  const width = (n: number): number => config.ndf * Math.min(2 ** n, 8);
  const bias = config.norm === 'instance';
  const plan: ConvLayerPlan[] = [
    { name: 'layer1', inChannels: config.inChannels, outChannels: config.ndf, transposed: false, stride: 2, bias: true, norm: null },
  ];
  for (let n = 1; n <= config.layers; n++) {
    plan.push({
      name: `layer${n + 1}`,
      inChannels: width(n - 1),
      outChannels: width(n),
      transposed: false,
      stride: n < config.layers ? 2 : 1,
      bias,
      norm: config.norm,
    });
  }
  plan.push({ name: 'logits', inChannels: width(config.layers), outChannels: 1, transposed: false, stride: 1, bias: true, norm: null });
  return plan;
}

/**
 * Every parameter of the discriminator, in creation order.
 *
 * @example
 * countParameters(discriminatorParameterSpecs(defaultDiscriminatorConfig())); // 2768705
 */
export function discriminatorParameterSpecs(config: DiscriminatorConfig): ParameterSpec[] {
  validateDiscriminatorConfig(config, 'discriminatorParameterSpecs');
  return discriminatorPlan(config).flatMap(convLayerSpecs);
}

/**
 * Side of the logit map for an input side `size` (0 when the input is too small): each stride-2
 * layer maps s to ⌊s/2⌋, each stride-1 layer to s − 1.
 *
 * @example
 * discriminatorOutputSize(256, 3); // 30
 * discriminatorOutputSize(64, 3);  // 6
 */
export function discriminatorOutputSize(size: number, layers: number): number {
  let s = size;
  for (let n = 0; n < layers; n++) s = s >= 2 ? Math.floor(s / 2) : 0;
  for (let n = 0; n < 2; n++) s = s >= 2 ? s - 1 : 0;
  return s;
}

/** Smallest input side that still gives a 1×1 logit map. */
function minimumInputSize(layers: number): number {
  let size = 1;
  while (discriminatorOutputSize(size, layers) < 1) size++;
  return size;
}

/**
 * The 70×70 PatchGAN (for `layers` 3): input concat(ear, face) [B, H, W, inChannels] in [-1, 1] →
 * logits [B, h, w, 1], one per overlapping patch (30×30 for 256², see `discriminatorOutputSize`).
 * `options.training` decides how batch norm behaves (see norm.ts `batchNorm`); there is no dropout.
 *
 * @example
 * const d = createDiscriminator(defaultDiscriminatorConfig({ ndf: 8 }), 1);
 * d.apply(tf.zeros([1, 64, 64, 6]), { training: true }).shape; // [1, 6, 6, 1]
 */
export function createDiscriminator(config: DiscriminatorConfig, seed: number): Network {
  validateDiscriminatorConfig(config);
  if (!Number.isFinite(seed)) throw new Error(`createDiscriminator: seed must be a finite number, got ${seed}`);
  const plan = discriminatorPlan(config);
  const expected = { channels: config.inChannels, minSize: minimumInputSize(config.layers) };
  return buildNetwork(
    'discriminator',
    discriminatorParameterSpecs(config),
    seed,
    (input) => checkInput('discriminator.apply', input, expected),
    ({ weights, buffers }) => {
      const layers = plan.map((p) => bindConvLayer(p, weights, buffers));
      const last = layers.length - 1;
      return (input, options) => {
        const mode = { training: options.training, runningStats: options.runningStats };
        let h = input;
        for (let i = 0; i < last; i++) h = leakyRelu(layers[i].apply(h, mode), 0.2);
        return layers[last].apply(h, mode);
      };
    },
  );
}
