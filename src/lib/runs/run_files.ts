/**
 * What a run folder holds. One training run = one folder; `ear2face train`, the sweep runner, the
 * dashboard and `ear2face evaluate` all agree on these names and shapes.
 *
 *   config.json        the resolved {@link RunSpec}, written before the first step
 *   metrics.jsonl      one {@link StepMetrics} JSON object per line, appended after every step
 *   final.json         {@link FinalMetrics}, written atomically when the run reaches its last step
 *   samples-<step>.png sample grids of held-out people (ear | generated | real), step padded to 8 digits
 *   ckpt-<step>.e2f    checkpoints (src/lib/train/checkpoint.ts)
 *   run.lock           {@link LockInfo} while a process trains in the folder
 *   failure.json       {@link RunFailure}, written by a sweep when the trial's process failed
 *   train.log          the trial process's stdout and stderr, when a sweep ran it
 */
import type { EvaluationSummary } from '../eval/evaluate';

export const RUN_FILES = Object.freeze({
  config: 'config.json',
  metrics: 'metrics.jsonl',
  final: 'final.json',
  lock: 'run.lock',
  failure: 'failure.json',
  log: 'train.log',
});

/** `samples-00000300.png` → step 300. */
export const SAMPLE_FILE_PATTERN = /^samples-(\d{8,})\.png$/;

/**
 * The sample grid's file name at `step`.
 *
 * @example
 * sampleFileName(300);   // 'samples-00000300.png'
 */
export function sampleFileName(step: number): string {
  return `samples-${String(step).padStart(8, '0')}.png`;
}

/** One line of metrics.jsonl: the step, its learning rate and wall time, and every loss term by name ('d/real', 'g/l1', …). */
export interface StepMetrics {
  step: number;
  lr: number;
  ms: number;
  [term: string]: number;
}

/** final.json: how the finished run does on the held-out people. */
export interface FinalMetrics {
  /** The step the evaluated weights come from. */
  step: number;
  /** Training wall time in seconds over all sessions of the run. */
  trainSeconds: number;
  /** Which pairs were evaluated: 'held-out' (subject-independent split) or 'all'. */
  evaluatedOn: string;
  /** PSNR, SSIM, identity cosine, Rank-k (descriptor and pixel space), TAR@FAR, EER. */
  summary: EvaluationSummary;
  /** Each loss term averaged over the last (up to) 20 steps. */
  lastTerms: Record<string, number>;
}

/** failure.json: why a trial's process did not finish. */
export interface RunFailure {
  /** e.g. 'exit code 1', 'killed by SIGKILL'. */
  reason: string;
  exitCode: number | null;
  signal: string | null;
  /** The last lines the process wrote (stderr and stdout). */
  logTail: string[];
  /** ISO time. */
  at: string;
}

/** run.lock and sweep.lock: who holds the folder. */
export interface LockInfo {
  pid: number;
  host: string;
  /** ISO time. */
  startedAt: string;
  /** What holds it, e.g. 'ear2face train'. */
  command: string;
}
