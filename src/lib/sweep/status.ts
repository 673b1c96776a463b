/** The state of a whole sweep, read from its folder alone (any machine that sees the folder can ask). */
import { join } from 'node:path';
import type { LockInfo } from '../runs/run_files';
import { readJsonFile } from './json_files';
import type { SweepSpec } from './spec';
import { SWEEP_FILES } from './sweep_files';
import { readSweepPlan } from './sweep_folder';
import { lockIsLive, readTrialStatus, TRIAL_STATES, type TrialState, type TrialStatus } from './trial_state';

export interface SweepStatus {
  /** The sweep folder, absolute. */
  dir: string;
  spec: SweepSpec;
  trials: TrialStatus[];
  /** Trials in each state. */
  counts: Record<TrialState, number>;
  /** Who runs the sweep, when a live process holds sweep.lock. */
  runner: LockInfo | null;
}

/**
 * Every trial's name, parameters, state (done / running / interrupted / failed / pending), steps
 * done and final metrics. Throws only when `outDir` holds no readable sweep; a damaged trial file
 * shows up in that trial's `problems`.
 *
 * @example
 * const s = sweepStatus('runs/sweep');
 * s.counts;                                             // { done: 3, running: 1, failed: 0, interrupted: 0, pending: 0 }
 * s.trials.map((t) => t.final?.summary.psnr ?? null);   // [14.2, 13.9, 15.1, null]
 */
export function sweepStatus(outDir: string): SweepStatus {
  const { dir, spec, trials } = readSweepPlan(outDir);
  const statuses = trials.map((t) => readTrialStatus(dir, t));
  const counts = Object.fromEntries(TRIAL_STATES.map((s) => [s, 0])) as Record<TrialState, number>;
  for (const t of statuses) counts[t.state]++;
  let runner: LockInfo | null = null;
  try {
    const held = readJsonFile(join(dir, SWEEP_FILES.lock)) as LockInfo | null;
    if (held && typeof held.pid === 'number' && typeof held.host === 'string' && lockIsLive(held)) runner = held;
  } catch {
    // a half-written lock: nobody to report
  }
  return { dir, spec, trials: statuses, counts, runner };
}
