/**
 * Planning a sweep: validating the spec, expanding its trials and writing the sweep folder
 * (sweep.json, trials.json, trials/<name>/trial.json; see sweep_files.ts). Folder paths in the
 * written files are relative (to the sweep folder, and to each trial folder), so the whole folder
 * can be moved to shared storage together with the dataset. Planning never overwrites: the same
 * spec again is a no-op, a different one is refused.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { RunSpec } from '../runs/run_spec';
import { expandSweep } from './expand';
import { firstDifference } from './first_difference';
import { readJsonFile, writeJsonAtomic } from './json_files';
import { PATH_FIELDS } from './param_path';
import { parseSweepSpec, SweepSpecError, type SweepSpec } from './spec';
import { SWEEP_FILES, type SweepTrial } from './sweep_files';

/** The synthetic sample committed in the package's data/ folder: the data of a spec that sets none. */
export const SWEEP_DEFAULT_DATA = join(__dirname, '..', '..', '..', 'data', 'synthetic-sample');

export interface PlanOptions {
  /** The folder relative paths in the spec (data, faceModel) resolve against: the spec file's folder. Default: the working directory. */
  specDir?: string;
}

export interface SweepPlan {
  /** The sweep folder, absolute. */
  dir: string;
  /** The spec as stored in sweep.json (folder paths relative to `dir`). */
  spec: SweepSpec;
  trials: SweepTrial[];
  /** Files this call wrote; empty when the folder already held this plan. */
  written: string[];
}

const relativePath = (from: string, to: string): string => relative(from, to) || '.';

/** Rewrites every folder path of the spec (base values, grid values, choices) with `fn`. */
function mapPaths(spec: SweepSpec, fn: (path: string, where: string) => string): SweepSpec {
  const out = structuredClone(spec);
  const map = (v: unknown, where: string): unknown => (typeof v === 'string' && v !== '' ? fn(v, where) : v);
  for (const field of PATH_FIELDS) {
    const base = out.base as Record<string, unknown>;
    if (base[field] !== undefined) base[field] = map(base[field], `base.${field}`);
    const values = out.grid?.[field];
    if (values) out.grid![field] = values.map((v, k) => map(v, `grid["${field}"][${k}]`) as string);
    const d = out.random?.space[field];
    if (d && 'choice' in d) d.choice = d.choice.map((v, k) => map(v, `random.space["${field}"].choice[${k}]`) as string);
  }
  return out;
}

/** The spec with its folder paths made relative to `dir`; each folder must exist. */
function relocateSpec(spec: SweepSpec, specDir: string, dir: string): SweepSpec {
  const withData = spec.base.data === undefined && !spec.grid?.data && !spec.random?.space.data;
  const filled: SweepSpec = withData ? { ...spec, base: { ...spec.base, data: SWEEP_DEFAULT_DATA } } : spec;
  return mapPaths(filled, (p, where) => {
    const abs = resolve(specDir, p);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) {
      throw new SweepSpecError(`sweep spec: ${where}: ${JSON.stringify(p)} is ${abs}, which is not a folder; relative paths resolve against the spec file's folder`);
    }
    return relativePath(dir, abs);
  });
}

/** A trial's run with its folder paths made relative to its own folder. */
function relocateRun(run: RunSpec, dir: string, trialDir: string): RunSpec {
  const out = { ...run, weights: { ...run.weights } };
  for (const field of PATH_FIELDS) if (out[field] !== '') out[field] = relativePath(trialDir, resolve(dir, out[field]));
  return out;
}

/** Refuses a folder that holds anything but a sweep. */
function checkFolder(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new Error(`${dir}: is a file; expected a sweep folder (new or existing)`);
  if (existsSync(join(dir, SWEEP_FILES.spec))) return;
  const entries = readdirSync(dir);
  if (entries.length > 0) {
    const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? `, … (${entries.length} entries)` : '');
    throw new Error(`${dir}: holds other files (${shown}) and no ${SWEEP_FILES.spec}; expected an empty folder, a new one or an existing sweep folder`);
  }
}

const withoutParallel = (spec: unknown): unknown => {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) return spec;
  const { parallel: _, ...rest } = spec as Record<string, unknown>;
  return rest;
};

const show = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));

/**
 * Validates `spec` (parsed JSON), expands its trials and writes the sweep folder `outDir`.
 * Re-planning the same spec is a no-op (missing files of an interrupted plan are added); a
 * different spec, or a folder holding other files, is refused with an error naming the first
 * differing field; nothing is overwritten. `parallel` is a runtime setting and may differ.
 *
 * @example
 * const plan = planSweep(
 *   { base: { data: '../data/synthetic-sample', steps: 200 }, grid: { 'weights.feature': [0, 100], 'weights.style': [0, 1000] } },
 *   'runs/sweep', { specDir: 'sweeps' },
 * );
 * plan.trials.map((t) => t.name);   // ['trial-000', 'trial-001', 'trial-002', 'trial-003']
 */
export function planSweep(spec: unknown, outDir: string, options: PlanOptions = {}): SweepPlan {
  const dir = resolve(outDir);
  const stored = relocateSpec(parseSweepSpec(spec), resolve(options.specDir ?? process.cwd()), dir);
  const expanded = expandSweep(stored);
  const trials: SweepTrial[] = expanded.map(({ index, name, params }) => ({ index, name, params }));
  const trialsDir = join(dir, SWEEP_FILES.trialsDir);
  // sweep.json first: once it exists, the folder is this sweep's, even if planning stops half-way.
  const files: { path: string; value: unknown; compare: (v: unknown) => unknown }[] = [
    { path: join(dir, SWEEP_FILES.spec), value: stored, compare: withoutParallel },
    ...expanded.map((t) => {
      const trialDir = join(trialsDir, t.name);
      return { path: join(trialDir, SWEEP_FILES.trialSpec), value: relocateRun(t.run, dir, trialDir), compare: (v: unknown) => v };
    }),
    { path: join(dir, SWEEP_FILES.trials), value: trials, compare: (v: unknown) => v },
  ];

  checkFolder(dir);
  const missing = files.filter((f) => {
    const existing = readJsonFile(f.path);
    if (existing === null) return true;
    const d = firstDifference(f.compare(existing), f.compare(f.value));
    if (d) {
      throw new Error(
        `${f.path}: this folder holds a different sweep (${d.path}: ${show(d.a)} there, ${show(d.b)} in the new spec); ` +
          'choose another folder, or delete this one to start over',
      );
    }
    return false;
  });
  for (const f of missing) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeJsonAtomic(f.path, f.value);
  }
  return { dir, spec: stored, trials, written: missing.map((f) => f.path) };
}
