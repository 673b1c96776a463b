/**
 * One trial's state, read from its run folder alone (no process bookkeeping), so a sweep can be
 * inspected from any machine that sees the folder. Every file is read defensively: a damaged file
 * becomes a note in `problems`, never an exception.
 */
import { processAlive } from '../runs/lock';
import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { RUN_FILES, type FinalMetrics, type LockInfo, type RunFailure } from '../runs/run_files';
import { resolveRunSpec } from '../runs/run_spec';
import { readJsonFile } from './json_files';
import { SWEEP_FILES, type ParamPath, type ParamValue, type SweepTrial } from './sweep_files';
import { trialDir } from './sweep_folder';

/**
 * done: final.json at the trial's last step. running: a live process holds run.lock.
 * failed: the last attempt's process failed (failure.json). interrupted: stopped part-way; a rerun
 * resumes it. pending: not started.
 */
export type TrialState = 'done' | 'running' | 'failed' | 'interrupted' | 'pending';
export const TRIAL_STATES: readonly TrialState[] = ['done', 'running', 'failed', 'interrupted', 'pending'];

export interface TrialStatus {
  index: number;
  name: string;
  /** The trial's run folder, absolute. */
  dir: string;
  params: Record<ParamPath, ParamValue>;
  state: TrialState;
  /** The last step recorded (final.json, else the last complete metrics.jsonl line); 0 if none. */
  step: number;
  /** The step the trial runs to (trial.json); NaN when trial.json cannot be read. */
  steps: number;
  final: FinalMetrics | null;
  failure: RunFailure | null;
  /** Who holds run.lock, when a live process (or one on another machine) does. */
  lock: LockInfo | null;
  /** Files that could not be read, as messages. */
  problems: string[];
}

/** A checkpoint file name (src/lib/train/checkpoint.ts); matched here so reading a status does not load tfjs. */
const CHECKPOINT = /^ckpt-\d{8,}\.e2f$/;

/**
 * The `step` of the last complete line of a metrics.jsonl file; 0 when there is none. A line cut
 * short by a killed process (no newline yet) is not counted, nor is a line that is not JSON.
 *
 * @example
 * lastMetricsStep('runs/a/metrics.jsonl');   // 120
 */
export function lastMetricsStep(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return 0;
  }
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - 64 * 1024);
    const buf = Buffer.alloc(size - start);
    readSync(fd, buf, 0, buf.length, start);
    const text = buf.toString('utf8');
    const lines = text.slice(0, text.lastIndexOf('\n') + 1).split('\n');
    if (start > 0) lines.shift(); // the window may begin mid-line
    for (let i = lines.length - 1; i >= 0; i--) {
      try {
        const step = (JSON.parse(lines[i]) as { step?: unknown }).step;
        if (typeof step === 'number' && Number.isInteger(step) && step >= 0) return step;
      } catch {
        // an empty or damaged line: look at the one before
      }
    }
    return 0;
  } finally {
    closeSync(fd);
  }
}

/**
 * True when the process that wrote `info` may still run: alive on this machine, or on another
 * machine (which cannot be checked from here).
 *
 * @example
 * lockIsLive({ pid: process.pid, host: os.hostname(), startedAt: '', command: 'ear2face train' });   // true
 */
export function lockIsLive(info: LockInfo): boolean {
  return info.host !== hostname() || processAlive(info.pid);
}

/** A JSON file's content when it has the expected shape, else null plus a note in `problems`. */
function readChecked<T>(path: string, valid: (v: Record<string, unknown>) => boolean, expected: string, problems: string[]): T | null {
  try {
    const v = readJsonFile(path);
    if (v === null) return null;
    if (typeof v === 'object' && !Array.isArray(v) && valid(v as Record<string, unknown>)) return v as T;
    problems.push(`${path}: unexpected content; expected ${expected}`);
  } catch (e) {
    problems.push((e as Error).message);
  }
  return null;
}

const isStep = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * The state of `trial` of the sweep in `sweepDir`, from its run folder.
 *
 * @example
 * readTrialStatus('/runs/sweep', { index: 0, name: 'trial-000', params: { 'weights.style': 0 } }).state;   // 'done'
 */
export function readTrialStatus(sweepDir: string, trial: SweepTrial): TrialStatus {
  const dir = trialDir(sweepDir, trial.name);
  const problems: string[] = [];
  let steps = NaN;
  try {
    const specPath = join(dir, SWEEP_FILES.trialSpec);
    const raw = readJsonFile(specPath);
    if (raw === null) problems.push(`${specPath}: missing; plan the sweep again with the same spec to restore it`);
    else steps = resolveRunSpec(raw, specPath).steps;
  } catch (e) {
    problems.push((e as Error).message);
  }
  const final = readChecked<FinalMetrics>(
    join(dir, RUN_FILES.final),
    (v) => isStep(v.step) && v.summary !== null && typeof v.summary === 'object',
    '{ "step": N, "summary": { ... }, ... }',
    problems,
  );
  const failure = readChecked<RunFailure>(join(dir, RUN_FILES.failure), (v) => typeof v.reason === 'string', '{ "reason": "...", ... }', problems);
  const held = readChecked<LockInfo>(join(dir, RUN_FILES.lock), (v) => typeof v.pid === 'number' && typeof v.host === 'string', 'a lock', []);
  const lock = held && lockIsLive(held) ? held : null;
  const step = Math.max(final?.step ?? 0, lastMetricsStep(join(dir, RUN_FILES.metrics)));
  let state: TrialState;
  if (final && final.step >= steps) state = 'done';
  else if (lock) state = 'running';
  else if (failure) state = 'failed';
  else if (step > 0 || hasCheckpoint(dir)) state = 'interrupted';
  else state = 'pending';
  return { index: trial.index, name: trial.name, dir, params: { ...trial.params }, state, step, steps, final, failure, lock, problems };
}

function hasCheckpoint(dir: string): boolean {
  try {
    return readdirSync(dir).some((f) => CHECKPOINT.test(f));
  } catch {
    return false;
  }
}
