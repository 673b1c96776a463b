/**
 * Reading a sweep folder back from disk alone (see sweep_files.ts for its layout): the spec, the
 * trial list and every trial's run folder. Only names that are plain folder names are used, so a
 * tampered trials.json cannot point the reader outside the sweep folder.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { SWEEP_FILES, type SweepTrial } from '../sweep/sweep_files';
import { assertPlainName } from '../train/run_folder';
import { readRunFolder, type RunRecord } from './read_run';

/** A trial of the sweep with its run folder's contents. */
export type SweepTrialRecord = SweepTrial & { run: RunRecord };

/** Everything a sweep folder says. */
export interface SweepRecord {
  dir: string;
  /** sweep.json as written (null when missing or unreadable; see warnings). */
  spec: unknown;
  /** In trials.json order. */
  trials: SweepTrialRecord[];
  /** Sweep-level problems, then every trial's warnings prefixed with its name. */
  warnings: string[];
}

const TRIALS_SHAPE = '[{ "index": 0, "name": "trial-000", "params": { "weights.style": 0 } }, …]';

/**
 * The trials of a parsed trials.json, checked: each an object with a whole-number index, a plain
 * folder name (no path separators, not '.' or '..') used once, and params of numbers or strings.
 *
 * @example
 * checkTrials([{ index: 0, name: 'trial-000', params: { lr: 1e-3 } }], 'trials.json');   // the same array
 * checkTrials([{ index: 0, name: '../etc', params: {} }], 'trials.json');
 * // Error: trials.json: trials[0].name "../etc": contains a path separator; expected a plain name
 */
export function checkTrials(value: unknown, where: string): SweepTrial[] {
  if (!Array.isArray(value)) throw new Error(`${where}: got ${JSON.stringify(value)?.slice(0, 80)}; expected an array of trials such as ${TRIALS_SHAPE}`);
  const seen = new Set<string>();
  return value.map((t: unknown, i) => {
    const at = `${where}: trials[${i}]`;
    if (t === null || typeof t !== 'object' || Array.isArray(t)) throw new Error(`${at}: got ${JSON.stringify(t)}; expected { index, name, params }`);
    const { index, name, params } = t as Record<string, unknown>;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) throw new Error(`${at}.index: got ${JSON.stringify(index)}; expected a whole number ≥ 0`);
    assertPlainName(name as string, `${at}.name`);
    if (seen.has(name as string)) throw new Error(`${at}.name ${JSON.stringify(name)}: used by an earlier trial; expected one folder per trial`);
    seen.add(name as string);
    if (params === null || typeof params !== 'object' || Array.isArray(params)) throw new Error(`${at}.params: got ${JSON.stringify(params)}; expected { path: value }`);
    for (const [path, v] of Object.entries(params)) {
      if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) continue;
      throw new Error(`${at}.params[${JSON.stringify(path)}]: got ${JSON.stringify(v)}; expected a number or a string`);
    }
    return { index, name: name as string, params: params as SweepTrial['params'] };
  });
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** A trial whose folder is not there yet. */
function pendingRun(dir: string): RunRecord {
  return { dir, name: basename(dir), spec: null, metrics: [], final: null, samples: [], failure: null, state: 'pending', warnings: [] };
}

/**
 * Reads the sweep folder `dir`: sweep.json, trials.json and each trial's run folder under
 * trials/. Throws when trials.json is missing (not a sweep folder), unreadable or names a trial
 * folder that is not a plain name; a damaged trial (corrupt metrics, bad final.json or
 * config.json) only adds warnings, so the other trials still show. A trial that has not started
 * takes its spec from its trial.json.
 *
 * @example
 * const sweep = await readSweepFolder('runs/loss-weights');
 * sweep.trials.map((t) => [t.name, t.params, t.run.state, t.run.final?.summary.ssim]);
 * // [['trial-000', { 'weights.feature': 0, 'weights.style': 0 }, 'done', 0.38], …]
 */
export async function readSweepFolder(dir: string): Promise<SweepRecord> {
  const trialsPath = join(dir, SWEEP_FILES.trials);
  let trialsText: string;
  try {
    trialsText = await readFile(trialsPath, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    const why = (await exists(dir)) ? `it has no ${SWEEP_FILES.trials}` : 'it does not exist';
    throw new Error(`${dir}: not a sweep folder (${why}); expected the folder a sweep was planned into, holding ${SWEEP_FILES.spec}, ${SWEEP_FILES.trials} and ${SWEEP_FILES.trialsDir}/`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(trialsText);
  } catch (e) {
    throw new Error(`${trialsPath}: not JSON (${(e as Error).message}); expected ${TRIALS_SHAPE}`);
  }
  const planned = checkTrials(parsed, trialsPath);

  const warnings: string[] = [];
  let spec: unknown = null;
  const specPath = join(dir, SWEEP_FILES.spec);
  try {
    spec = JSON.parse(await readFile(specPath, 'utf8'));
  } catch (e) {
    warnings.push((e as NodeJS.ErrnoException).code === 'ENOENT' ? `${specPath}: missing` : `${specPath}: not JSON (${(e as Error).message}); ignored`);
  }

  const trials: SweepTrialRecord[] = [];
  for (const trial of planned) {
    const trialDir = join(dir, SWEEP_FILES.trialsDir, trial.name);
    const run = (await exists(trialDir)) ? await readRunFolder(trialDir, { specFallback: SWEEP_FILES.trialSpec, corruptMetrics: 'warn' }) : pendingRun(trialDir);
    warnings.push(...run.warnings.map((w) => `${trial.name}: ${w}`));
    trials.push({ ...trial, run });
  }
  return { dir, spec, trials, warnings };
}
