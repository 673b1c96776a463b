/** Times training steps and generator inference of one trainer on the active backend. */
import { tf } from '../lib/backend/tf';
import type { Network } from '../lib/models/network';
import { median } from './stats';

/** The part of `Trainer` the benchmark drives. */
export interface TimedTrainer {
  step(batch: { ear: tf.Tensor4D; face: tf.Tensor4D }): unknown;
  readonly generator: Network;
}

export interface Measurement {
  /** Wall time of each timed step, ms. */
  stepMs: number[];
  msPerStep: number;
  /** Generator forwards per second (batch 1, inference mode, dropout on). */
  inferImgPerSec: number;
  /** tf.memory().numTensors after warmup, after the timed steps and after inference. */
  tensorsAfterWarmup: number;
  tensorsAfterSteps: number;
  tensorsAfterInfer: number;
}

export interface MeasureOptions {
  imageSize: number;
  steps: number;
  warmup: number;
  infer: number;
  seed?: number;
  /** Called with a line of progress (e.g. to stderr). */
  log?: (line: string) => void;
}

/**
 * Runs `warmup` untimed then `steps` timed training steps on one fixed random pair in [-1, 1],
 * then `infer` timed generator forwards (training false, inside tf.tidy, read back with dataSync
 * so the work has finished). The median step time is reported.
 *
 * @example
 * const m = measure(Trainer.create({ imageSize: 64 }), { imageSize: 64, steps: 3, warmup: 1, infer: 3 });
 * m.msPerStep;  // e.g. 900
 */
export function measure(trainer: TimedTrainer, o: MeasureOptions): Measurement {
  const log = o.log ?? (() => {});
  const seed = o.seed ?? 1;
  const shape: [number, number, number, number] = [1, o.imageSize, o.imageSize, 3];
  const ear = tf.randomUniform(shape, -1, 1, 'float32', seed) as tf.Tensor4D;
  const face = tf.randomUniform(shape, -1, 1, 'float32', seed + 1) as tf.Tensor4D;
  const batch = { ear, face };
  try {
    for (let i = 0; i < o.warmup; i++) {
      const t0 = performance.now();
      trainer.step(batch);
      log(`${o.imageSize}²: warmup step ${i + 1}/${o.warmup}: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    }
    const tensorsAfterWarmup = tf.memory().numTensors;
    const stepMs: number[] = [];
    for (let i = 0; i < o.steps; i++) {
      const t0 = performance.now();
      trainer.step(batch);
      stepMs.push(performance.now() - t0);
      log(`${o.imageSize}²: step ${i + 1}/${o.steps}: ${(stepMs[i] / 1000).toFixed(2)} s`);
    }
    const tensorsAfterSteps = tf.memory().numTensors;

    const forward = (noiseSeed: number): void => {
      tf.tidy(() => {
        trainer.generator.apply(ear, { training: false, noiseSeed }).dataSync();
      });
    };
    forward(0); // first call allocates and packs; not timed
    const t0 = performance.now();
    for (let i = 1; i <= o.infer; i++) forward(i);
    const inferSeconds = (performance.now() - t0) / 1000;
    const tensorsAfterInfer = tf.memory().numTensors;
    log(`${o.imageSize}²: inference ${(o.infer / inferSeconds).toFixed(3)} images/s`);

    return {
      stepMs,
      msPerStep: median(stepMs),
      inferImgPerSec: o.infer / inferSeconds,
      tensorsAfterWarmup,
      tensorsAfterSteps,
      tensorsAfterInfer,
    };
  } finally {
    ear.dispose();
    face.dispose();
  }
}
