/** The public API of ear2face. */
export { tf } from './lib/backend/tf';
export { initBackend, activeBackend, describeBackend, BACKEND_NAMES, BACKEND_ENV_VAR } from './lib/backend/select';
export type { BackendName, BackendChoice, BackendReport, InitBackendOptions } from './lib/backend/select';
export type { Network, NamedVariables, ApplyOptions } from './lib/models/network';
export { createGenerator, defaultGeneratorConfig } from './lib/models/generator';
export type { GeneratorConfig } from './lib/models/generator';
export { createDiscriminator, defaultDiscriminatorConfig } from './lib/models/discriminator';
export type { DiscriminatorConfig } from './lib/models/discriminator';
export { Trainer, defaultTrainConfig, TrainingDivergedError } from './lib/train/trainer';
export type { TrainConfig, PairBatch, StepRecord } from './lib/train/trainer';
export { saveCheckpoint, loadCheckpoint, latestCheckpoint } from './lib/train/checkpoint';
export { generatePairs, pairsToBatch } from './lib/data/generated_pairs';
export { composeGrid, tensorToRgb, writePng, encodePng, decodeImage } from './lib/data/image_io';
export type { RgbImage } from './lib/data/image_io';
export { Rng } from './lib/util/rng';
