/**
 * What a sweep folder holds. The sweep runner writes it; the dashboard and `ear2face sweep --status`
 * read it back from disk alone.
 *
 *   sweep.json                    the sweep spec as given (data path made relative to this folder)
 *   trials.json                   {@link SweepTrial}[]: every trial's index, folder name and parameters
 *   sweep.lock                    LockInfo while a sweep runs here (src/lib/runs/lock.ts)
 *   trials/<name>/trial.json      the trial's resolved RunSpec (`ear2face train --config` input)
 *   trials/<name>/...             the trial's run folder (src/lib/runs/run_files.ts)
 */
export const SWEEP_FILES = Object.freeze({
  spec: 'sweep.json',
  trials: 'trials.json',
  lock: 'sweep.lock',
  trialsDir: 'trials',
  trialSpec: 'trial.json',
});

/** A parameter path: a RunSpec field ('lr', 'ganMode', 'seed') or 'weights.<term>'. */
export type ParamPath = string;
export type ParamValue = number | string;

export interface SweepTrial {
  /** 0-based; the scheduler array index. */
  index: number;
  /** Folder name under trials/, e.g. 'trial-003'. */
  name: string;
  /** The values this trial sets, by path, e.g. { 'weights.feature': 100, 'weights.style': 0 }. */
  params: Record<ParamPath, ParamValue>;
}

/**
 * The folder name of trial `index`.
 *
 * @example
 * trialName(3);   // 'trial-003'
 */
export function trialName(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new Error(`trial index: got ${index}; expected an integer ≥ 0`);
  return `trial-${String(index).padStart(3, '0')}`;
}
