/**
 * A training loop that can be stopped safely: between steps it yields to the event loop, so a
 * notebook's interrupt (SIGINT to the kernel), Ctrl-C or an AbortSignal stops it at the next step
 * boundary, never inside a step. Steps are all-or-nothing (a step that throws changes no weight), so
 * the trainer is always left consistent and can go on training or be saved.
 */
import { tf } from '../backend/tf';
import type { PairBatch } from './batch';
import type { StepRecord, Trainer } from './trainer';

export interface TrainStepsOptions {
  /** Train until `trainer.stepCount` reaches this. */
  until: number;
  /** Awaited after every step, e.g. to take a snapshot or write a log line. */
  afterStep?: (record: StepRecord) => void | Promise<void>;
  /** Stop at the next step boundary on SIGINT (Jupyter's interrupt, Ctrl-C). Default true. */
  stopOnInterrupt?: boolean;
  /** Stop at the next step boundary when aborted. */
  signal?: AbortSignal;
}

export interface TrainStepsResult {
  /** Steps taken by this call. */
  steps: number;
  /** The trainer's step count afterwards. */
  stepCount: number;
  /** Why the loop ended before `until`: 'interrupt', 'abort', 'data' (the batches ran out), or null. */
  stoppedBy: 'interrupt' | 'abort' | 'data' | null;
}

/**
 * Trains on `batches` until `trainer.stepCount` reaches `until`, disposing every batch after its
 * step. In a tslab notebook, the interrupt button ends the cell at once, and this loop stops after
 * the step in progress (it keeps running in the background otherwise, racing the next cells).
 *
 * @example
 * const loader = createPairLoader(train, { imageSize: 64, mode: 'train' });
 * const r = await trainSteps(trainer, loader, { until: 500 });
 * r;   // { steps: 500, stepCount: 500, stoppedBy: null } — or stoppedBy 'interrupt' after the ■ button
 */
export async function trainSteps(
  trainer: Trainer,
  batches: AsyncIterator<PairBatch>,
  options: TrainStepsOptions,
): Promise<TrainStepsResult> {
  const { until, afterStep, stopOnInterrupt = true, signal } = options;
  if (!Number.isInteger(until) || until < 0) throw new Error(`trainSteps: options.until is ${until}; expected a whole number ≥ 0`);
  let interrupted = false;
  const onInterrupt = (): void => {
    interrupted = true;
  };
  if (stopOnInterrupt) process.on('SIGINT', onInterrupt);
  const start = trainer.stepCount;
  let stoppedBy: TrainStepsResult['stoppedBy'] = null;
  try {
    while (trainer.stepCount < until) {
      // Lets a pending signal's handler run before the next step starts.
      await new Promise((resolve) => setImmediate(resolve));
      if (interrupted) {
        stoppedBy = 'interrupt';
        break;
      }
      if (signal?.aborted) {
        stoppedBy = 'abort';
        break;
      }
      const next = await batches.next();
      if (next.done) {
        stoppedBy = 'data';
        break;
      }
      let record: StepRecord;
      try {
        record = trainer.step({ ear: next.value.ear, face: next.value.face });
      } finally {
        tf.dispose([next.value.ear, next.value.face]);
      }
      if (afterStep) await afterStep(record);
    }
  } finally {
    if (stopOnInterrupt) process.removeListener('SIGINT', onInterrupt);
  }
  return { steps: trainer.stepCount - start, stepCount: trainer.stepCount, stoppedBy };
}
