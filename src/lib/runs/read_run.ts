/**
 * Reading a run folder back from disk (see run_files.ts for its layout): the spec, every step's
 * metrics, the final evaluation, the sample grids, a failure and whether a process still trains
 * in it. Damaged files that a crash can leave (a half-written last metrics line, an unreadable
 * final.json or config.json) become warnings, so a dashboard can still show everything else.
 */
import { processAlive } from './lock';
import { readdir, readFile, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { readMetricsLog } from './metrics_log';
import { RUN_FILES, SAMPLE_FILE_PATTERN, type FinalMetrics, type LockInfo, type RunFailure, type StepMetrics } from './run_files';
import { resolveRunSpec, type RunSpec } from './run_spec';

/**
 * Where a run stands: 'done' (final.json at the spec's last step), 'running' (run.lock held by a
 * live process), 'failed' (failure.json), 'interrupted' (started, not finished, nobody training)
 * or 'pending' (nothing trained yet).
 */
export type RunState = 'done' | 'running' | 'interrupted' | 'failed' | 'pending';

/** A sample grid file of the run. */
export interface RunSample {
  step: number;
  path: string;
}

/** Everything a run folder says about its run. */
export interface RunRecord {
  dir: string;
  /** The folder's own name. */
  name: string;
  /** config.json (or the fallback spec file), or null when missing or unreadable. */
  spec: RunSpec | null;
  /** metrics.jsonl, in file order. */
  metrics: StepMetrics[];
  final: FinalMetrics | null;
  /** samples-<step>.png files, by step. */
  samples: RunSample[];
  failure: RunFailure | null;
  state: RunState;
  /** Damaged or missing files that were skipped, each naming the file and what was expected. */
  warnings: string[];
}

/** Options of {@link readRunFolder}. */
export interface ReadRunOptions {
  /**
   * A file in the folder to take the spec from when config.json is absent (a sweep trial that
   * has not started holds only its trial.json).
   */
  specFallback?: string;
  /**
   * What a corrupt metrics line does (other than a cut-off last line, always skipped with a
   * warning): 'throw' (default) an error naming file:line, or 'warn': a warning and no metrics.
   */
  corruptMetrics?: 'throw' | 'warn';
}

/** The file's text, or null when it does not exist. */
async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** JSON.parse with the file in the message. */
function parseJson(text: string, path: string, expected: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${path}: not JSON (${(e as Error).message}); expected ${expected}`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function checkFinal(value: unknown, path: string): FinalMetrics {
  const expected = 'final metrics { step, trainSeconds, evaluatedOn, summary: { psnr, ssim, … }, lastTerms }';
  if (!isObject(value)) throw new Error(`${path}: got ${JSON.stringify(value)}; expected ${expected}`);
  if (typeof value.step !== 'number' || !Number.isInteger(value.step)) throw new Error(`${path}: step is ${JSON.stringify(value.step)}; expected a whole number in ${expected}`);
  const summary = value.summary;
  if (!isObject(summary)) throw new Error(`${path}: summary is ${JSON.stringify(summary)}; expected ${expected}`);
  for (const [key, v] of Object.entries(summary)) {
    if (key === 'tarAtFar') continue;
    if (v !== null && typeof v !== 'number') throw new Error(`${path}: summary.${key} is ${JSON.stringify(v)}; expected a number`);
  }
  for (const key of ['psnr', 'ssim']) {
    if (typeof summary[key] !== 'number') throw new Error(`${path}: summary.${key} is ${JSON.stringify(summary[key]) ?? 'missing'}; expected a number`);
  }
  return value as unknown as FinalMetrics;
}

function checkFailure(value: unknown, path: string): RunFailure {
  if (!isObject(value) || typeof value.reason !== 'string') {
    throw new Error(`${path}: got ${JSON.stringify(value)}; expected { reason, exitCode, signal, logTail, at }`);
  }
  const logTail = Array.isArray(value.logTail) ? value.logTail.filter((l): l is string => typeof l === 'string') : [];
  return { reason: value.reason, exitCode: typeof value.exitCode === 'number' ? value.exitCode : null, signal: typeof value.signal === 'string' ? value.signal : null, logTail, at: typeof value.at === 'string' ? value.at : '' };
}

/** Reads an optional JSON file through `check`; damage becomes a warning and null. */
async function readJsonFile<T>(path: string, expected: string, check: (v: unknown, path: string) => T, warnings: string[]): Promise<T | null> {
  const text = await readOptional(path);
  if (text === null) return null;
  try {
    return check(parseJson(text, path, expected), path);
  } catch (e) {
    warnings.push(`${(e as Error).message}; ignored`);
    return null;
  }
}

/** True while the lock's process trains here; a lock from another machine cannot be checked and counts as held. */
async function lockHeld(path: string, warnings: string[]): Promise<boolean> {
  const text = await readOptional(path);
  if (text === null) return false;
  let info: LockInfo;
  try {
    info = parseJson(text, path, 'lock info { pid, host, startedAt, command }') as LockInfo;
  } catch {
    return false; // half-written by a process that died while taking it: nobody holds it
  }
  if (!isObject(info) || typeof info.pid !== 'number' || typeof info.host !== 'string') return false;
  if (info.host !== hostname()) {
    warnings.push(`${path}: held by pid ${info.pid} on ${info.host}, which cannot be checked from here; shown as running`);
    return true;
  }
  return info.pid !== process.pid && processAlive(info.pid);
}

async function listSamples(dir: string, names: string[]): Promise<RunSample[]> {
  const samples: RunSample[] = [];
  for (const name of names) {
    const match = SAMPLE_FILE_PATTERN.exec(name);
    if (match) samples.push({ step: Number(match[1]), path: join(dir, name) });
  }
  return samples.sort((a, b) => a.step - b.step);
}

function stateOf(spec: RunSpec | null, final: FinalMetrics | null, running: boolean, failure: RunFailure | null, started: boolean): RunState {
  if (final && (spec === null || final.step >= spec.steps)) return 'done';
  if (running) return 'running';
  if (failure) return 'failed';
  return started ? 'interrupted' : 'pending';
}

/**
 * Reads the run folder `dir`. Throws when `dir` is not a folder, and for a corrupt metrics line
 * other than a cut-off last one (see {@link ReadRunOptions.corruptMetrics}); every other damaged file is
 * skipped with a warning in `warnings`. A run is 'done' when final.json's step reaches the
 * spec's `steps` (with no readable spec, when final.json exists).
 *
 * @example
 * const run = await readRunFolder('runs/demo');
 * run.state;                      // 'done'
 * run.final?.summary.ssim;        // 0.41
 * run.metrics.at(-1)?.['g/l1'];   // 0.18
 */
export async function readRunFolder(dir: string, options: ReadRunOptions = {}): Promise<RunRecord> {
  let names: string[];
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error(`run folder ${dir}: not a folder; expected a run folder (config.json, metrics.jsonl, …)`);
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`run folder ${dir}: does not exist; expected a folder written by ear2face train`);
    throw e;
  }
  const warnings: string[] = [];
  const specExpected = 'a run spec such as {"data":"data/synthetic-sample","steps":300,…}';
  const readSpec = (file: string) => readJsonFile(join(dir, file), specExpected, (v, path) => resolveRunSpec(v, path), warnings);
  let spec = await readSpec(RUN_FILES.config);
  if (spec === null && options.specFallback && !names.includes(RUN_FILES.config)) spec = await readSpec(options.specFallback);

  let metrics: StepMetrics[] = [];
  try {
    const log = readMetricsLog(join(dir, RUN_FILES.metrics));
    metrics = log.records;
    if (log.warning) warnings.push(log.warning);
  } catch (e) {
    if (options.corruptMetrics !== 'warn') throw e;
    warnings.push(`${(e as Error).message}; no loss curve shown for this run`);
  }
  const final = await readJsonFile(join(dir, RUN_FILES.final), 'final metrics', checkFinal, warnings);
  const failure = await readJsonFile(join(dir, RUN_FILES.failure), 'a failure record', checkFailure, warnings);
  const running = await lockHeld(join(dir, RUN_FILES.lock), warnings);
  const samples = await listSamples(dir, names);
  const started = names.includes(RUN_FILES.metrics) || samples.length > 0 || names.some((n) => n.endsWith('.e2f'));
  return { dir, name: basename(dir), spec, metrics, final, samples, failure, state: stateOf(spec, final, running, failure, started), warnings };
}
