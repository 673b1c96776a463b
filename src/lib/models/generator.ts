import { tf } from '../backend/tf';
import { Rng } from '../util/rng';
import { leakyRelu } from './activation';
import { buildNetwork } from './build';
import { checkInput, checkInteger, checkOneOf } from './checks';
import { parameterSeed, type ParameterSpec } from './init';
import { bindConvLayer, convLayerSpecs, type ConvLayerPlan } from './layer';
import type { Network } from './network';
import type { NormKind } from './norm';

/** The pix2pix U-Net generator's options (pix2pix `--netG unet_256 --ngf 64 --norm batch`). */
export interface GeneratorConfig {
  /** Side of the square input and output; the encoder halves it down to 1×1. */
  imageSize: 64 | 128 | 256;
  inChannels: number;
  outChannels: number;
  /** Channels of the first layer; deeper layers use 2, 4, then 8 times as many. */
  ngf: number;
  norm: NormKind;
  /** Dropout rate of the three innermost decoder layers; 0 turns the noise off. */
  dropout: number;
}

/** The image sizes the generator is built for. */
export const GENERATOR_SIZES = [64, 128, 256] as const;

const NORMS: readonly NormKind[] = ['batch', 'instance'];

/** Decoder layers (counted from the innermost) that apply dropout. */
const DROPOUT_LAYERS = 3;

/**
 * pix2pix defaults, with `overrides` on top.
 *
 * @example
 * defaultGeneratorConfig({ imageSize: 128 });
 * // { imageSize: 128, inChannels: 3, outChannels: 3, ngf: 64, norm: 'batch', dropout: 0.5 }
 */
export function defaultGeneratorConfig(overrides: Partial<GeneratorConfig> = {}): GeneratorConfig {
  return { imageSize: 256, inChannels: 3, outChannels: 3, ngf: 64, norm: 'batch', dropout: 0.5, ...overrides };
}

/**
 * Throws an Error naming the offending field unless `config` is a usable generator configuration.
 *
 * @example
 * validateGeneratorConfig(defaultGeneratorConfig({ imageSize: 100 as 64 }));
 * // throws "createGenerator: config.imageSize must be one of 64, 128, 256, got 100"
 */
export function validateGeneratorConfig(config: GeneratorConfig, where = 'createGenerator'): void {
  if (typeof config !== 'object' || config === null) throw new Error(`${where}: config must be an object, got ${config}`);
  checkOneOf(where, 'config.imageSize', config.imageSize, GENERATOR_SIZES);
  checkInteger(where, 'config.inChannels', config.inChannels, 1);
  checkInteger(where, 'config.outChannels', config.outChannels, 1);
  checkInteger(where, 'config.ngf', config.ngf, 1);
  checkOneOf(where, 'config.norm', config.norm, NORMS);
  if (typeof config.dropout !== 'number' || !(config.dropout >= 0 && config.dropout < 1)) {
    throw new Error(`${where}: config.dropout must be a number in [0, 1), got ${config.dropout}`);
  }
}

/**
 * The U-Net's layers, following pix2pix's UnetSkipConnectionBlock. Encoder layer i (1-based, i = 1…n
 * with 2ⁿ = imageSize) is a stride-2 conv to ngf·min(2^(i−1), 8) channels, normed except the first
 * and the innermost. Decoder layer i undoes encoder layer i: its input is encoder i's output
 * concatenated with decoder i+1's (just encoder n's output for the innermost), its output has
 * encoder i's input channels (outChannels for i = 1), it is normed except the outermost.
 * Biases follow pix2pix's `use_bias = norm is instance`: with batch norm only the outermost up-conv
 * has one (that is how the reference count 54,413,955 comes out); with instance norm every conv has.
 * Dropout: the three innermost decoder layers, as in the pix2pix paper (appendix 6.1.1,
 * CD512-CD1024-CD1024-C1024…); the PyTorch code places it one block further out.
 *
 * @example
 * const { encoder, decoder, dropout } = generatorPlan(defaultGeneratorConfig({ imageSize: 64 }));
 * encoder.length; // 6
 * dropout; // [false, false, false, true, true, true]  (index 0 = outermost decoder layer)
 */
export function generatorPlan(config: GeneratorConfig): {
  encoder: ConvLayerPlan[];
  decoder: ConvLayerPlan[];
  dropout: boolean[];
} {
  const depth = Math.round(Math.log2(config.imageSize));
  const width = (i: number): number => config.ngf * Math.min(2 ** (i - 1), 8); // encoder i's output
  const bias = config.norm === 'instance';
  const encoder: ConvLayerPlan[] = [];
  const decoder: ConvLayerPlan[] = [];
  const dropout: boolean[] = [];
  for (let i = 1; i <= depth; i++) {
    const outer = i === 1;
    const inner = i === depth;
    encoder.push({
      name: `enc${i}`,
      inChannels: outer ? config.inChannels : width(i - 1),
      outChannels: width(i),
      transposed: false,
      stride: 2,
      bias,
      norm: outer || inner ? null : config.norm,
    });
    decoder.push({
      name: `dec${i}`,
      inChannels: inner ? width(i) : 2 * width(i),
      outChannels: outer ? config.outChannels : width(i - 1),
      transposed: true,
      stride: 2,
      bias: bias || outer,
      norm: outer ? null : config.norm,
    });
    dropout.push(config.dropout > 0 && i > depth - DROPOUT_LAYERS && !outer);
  }
  return { encoder, decoder, dropout };
}

/**
 * Every parameter of the generator, in creation order; count them with `countParameters`.
 *
 * @example
 * countParameters(generatorParameterSpecs(defaultGeneratorConfig())); // 54413955
 */
export function generatorParameterSpecs(config: GeneratorConfig): ParameterSpec[] {
  validateGeneratorConfig(config, 'generatorParameterSpecs');
  const { encoder, decoder } = generatorPlan(config);
  return [...encoder, ...decoder].flatMap(convLayerSpecs);
}

/**
 * The pix2pix U-Net generator: [B, S, S, inChannels] in [-1, 1] → [B, S, S, outChannels] through
 * tanh, S = imageSize. Weights are drawn from `seed`. Dropout stays on in every call (it is the
 * noise z); each call's masks come from `options.noiseSeed`, or, without it, from a sequence seeded by
 * `seed` (reproducible per process, but not saved in checkpoints: pass noiseSeed for that).
 * `options.training` only decides how batch norm behaves (see norm.ts `batchNorm`).
 *
 * @example
 * const g = createGenerator(defaultGeneratorConfig({ imageSize: 64, ngf: 8 }), 42);
 * const face = g.apply(tf.zeros([1, 64, 64, 3]), { training: false, noiseSeed: 7 }); // [1, 64, 64, 3]
 * g.parameterCount(); // 458579
 */
export function createGenerator(config: GeneratorConfig, seed: number): Network {
  validateGeneratorConfig(config);
  if (!Number.isFinite(seed)) throw new Error(`createGenerator: seed must be a finite number, got ${seed}`);
  const plan = generatorPlan(config);
  const expected = { channels: config.inChannels, size: config.imageSize };
  return buildNetwork(
    'generator',
    generatorParameterSpecs(config),
    seed,
    (input) => checkInput('generator.apply', input, expected),
    ({ weights, buffers }) => {
      const encoder = plan.encoder.map((p) => bindConvLayer(p, weights, buffers));
      const decoder = plan.decoder.map((p) => bindConvLayer(p, weights, buffers));
      const noise = new Rng(parameterSeed(seed, 'noise'));
      const depth = encoder.length;
      return (input, options) => {
        const mode = { training: options.training, runningStats: options.runningStats };
        const noiseSeed = options.noiseSeed ?? noise.seed();
        // Encoder: LeakyReLU before every down-conv but the first.
        const skips: tf.Tensor4D[] = [];
        let h = input;
        for (let i = 0; i < depth; i++) {
          h = encoder[i].apply(i === 0 ? h : leakyRelu(h, 0.2), mode);
          skips.push(h);
        }
        // Decoder: ReLU before every up-conv, on [skip, layer below] (pix2pix's torch.cat([x, model(x)], 1)).
        let y = skips[depth - 1];
        for (let i = depth - 1; i >= 0; i--) {
          const x = i === depth - 1 ? y : tf.concat([skips[i], y], 3);
          y = decoder[i].apply(tf.relu(x), mode);
          if (plan.dropout[i]) y = tf.dropout(y, config.dropout, undefined, parameterSeed(noiseSeed, `dec${i + 1}`)) as tf.Tensor4D;
        }
        return tf.tanh(y);
      };
    },
  );
}
