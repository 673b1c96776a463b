import type { tf } from '../backend/tf';

/** Weights by stable name (`enc1/conv/kernel`, `dec3/norm/gamma`, …): the unit of checkpoints. */
export type NamedVariables = Record<string, tf.Variable>;

/** Per-call options of a network's forward pass. */
export interface ApplyOptions {
  /** Training mode: batch norm uses (and updates running) batch statistics. */
  training: boolean;
  /** Seed for the dropout masks of this call; dropout stays on at inference (it is the noise z). */
  noiseSeed?: number;
  /**
   * Only when `training` is false: normalise by the batch-norm running statistics (PyTorch `eval()`,
   * pix2pix `--eval`). By default inference uses the batch's own statistics, as pix2pix does.
   */
  runningStats?: boolean;
}

/** A network built from plain tf ops over named variables: the generator or the discriminator. */
export interface Network {
  readonly kind: 'generator' | 'discriminator';
  /** Trainable weights, by name. */
  readonly weights: NamedVariables;
  /** Non-trainable state saved with checkpoints (batch-norm running statistics). */
  readonly buffers: NamedVariables;
  /** NHWC input in [-1, 1]; see each network for shapes. */
  apply(input: tf.Tensor4D, options: ApplyOptions): tf.Tensor4D;
  /** Number of trainable scalars. */
  parameterCount(): number;
  dispose(): void;
}
