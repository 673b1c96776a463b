/** How a trainer builds its two networks from a {@link TrainConfig}; by default pix2pix's. */
import type { Network } from '../models/network';
import { createGenerator, defaultGeneratorConfig } from '../models/generator';
import { createDiscriminator, defaultDiscriminatorConfig } from '../models/discriminator';
import type { TrainConfig } from './config';

/** Builds the generator and the discriminator, each from its own seed. */
export interface NetworkFactories {
  generator(config: TrainConfig, seed: number): Network;
  discriminator(config: TrainConfig, seed: number): Network;
}

/**
 * The pix2pix pair: U-Net generator (ear → face, dropout 0.5) and 70×70 PatchGAN on (ear, face).
 *
 * @example
 * const g = pix2pixNetworks.generator(defaultTrainConfig({ imageSize: 64, ngf: 8 }), 1);
 * g.apply(tf.zeros([1, 64, 64, 3]), { training: false }).shape;   // [1, 64, 64, 3]
 */
export const pix2pixNetworks: NetworkFactories = {
  generator: (config, seed) =>
    createGenerator(defaultGeneratorConfig({ imageSize: config.imageSize, ngf: config.ngf, norm: config.norm, inChannels: 3, outChannels: 3 }), seed),
  discriminator: (config, seed) =>
    createDiscriminator(defaultDiscriminatorConfig({ ndf: config.ndf, norm: config.norm, inChannels: 6 }), seed),
};
