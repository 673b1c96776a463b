/** Reading a planned sweep folder back: its spec and its trial list, checked. */
import { join, resolve } from 'node:path';
import { readJsonFile } from './json_files';
import { parseSweepSpec, type SweepSpec } from './spec';
import { SWEEP_FILES, trialName, type SweepTrial } from './sweep_files';

export interface PlannedSweepFiles {
  /** Absolute. */
  dir: string;
  spec: SweepSpec;
  trials: SweepTrial[];
}

function checkTrial(t: unknown, k: number, path: string): SweepTrial {
  const o = t as Partial<SweepTrial> | null;
  // The name becomes a folder path: it must be exactly the one the index gives (no '..', no '/').
  if (o === null || typeof o !== 'object' || o.index !== k || o.name !== trialName(k) || o.params === null || typeof o.params !== 'object') {
    throw new Error(`${path}: entry ${k} is ${JSON.stringify(t)}; expected { "index": ${k}, "name": "${trialName(k)}", "params": { ... } }`);
  }
  return { index: o.index, name: o.name, params: { ...o.params } };
}

/**
 * The spec and trials of the sweep folder `outDir`. Throws an error naming the file when the folder
 * holds no sweep or its files are damaged.
 *
 * @example
 * readSweepPlan('runs/sweep').trials.length;   // 4
 */
export function readSweepPlan(outDir: string): PlannedSweepFiles {
  const dir = resolve(outDir);
  const specPath = join(dir, SWEEP_FILES.spec);
  const raw = readJsonFile(specPath);
  if (raw === null) throw new Error(`${dir}: no ${SWEEP_FILES.spec}; expected a sweep folder (plan one with: ear2face sweep --spec s.json --out ${outDir} --plan)`);
  const spec = parseSweepSpec(raw, specPath);
  const trialsPath = join(dir, SWEEP_FILES.trials);
  const list = readJsonFile(trialsPath);
  if (!Array.isArray(list) || list.length === 0) {
    throw new Error(`${trialsPath}: ${list === null ? 'missing' : 'not a list of trials'}; plan the sweep again with the same spec to restore it`);
  }
  return { dir, spec, trials: list.map((t, k) => checkTrial(t, k, trialsPath)) };
}

/**
 * The run folder of a trial.
 *
 * @example
 * trialDir('/runs/sweep', 'trial-003');   // '/runs/sweep/trials/trial-003'
 */
export function trialDir(sweepDir: string, name: string): string {
  return join(sweepDir, SWEEP_FILES.trialsDir, name);
}
