/**
 * Running a planned sweep: every trial that is not done yet, each in its own `ear2face train`
 * process, at most `parallel` at once. Processes rather than threads: wasm threads inside one
 * process scale poorly, so each trial gets one thread and the processes use the cores.
 *
 * Resumable: done trials are skipped, interrupted and failed ones run again (the train command
 * resumes from their newest checkpoint). A failed process leaves failure.json in its folder and the
 * others go on. On abort, the running processes get SIGINT, save a checkpoint and exit; the result
 * then says `interrupted`.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { acquireLock, LockedError } from '../runs/lock';
import { RUN_FILES, type RunFailure } from '../runs/run_files';
import { writeJsonAtomic } from './json_files';
import { SWEEP_FILES, type SweepTrial } from './sweep_files';
import { readSweepPlan } from './sweep_folder';
import { lastMetricsStep, readTrialStatus, type TrialStatus } from './trial_state';
import { defaultTrialCommand, startTrialProcess, type TrialCommand, type TrialExit, type TrialProcess } from './trial_process';

/** Counts over the trials a run covers, sent with every event (enough for a progress bar with ETA). */
export interface SweepProgress {
  trials: number;
  done: number;
  running: number;
  failed: number;
  interrupted: number;
  /** Waiting for a free slot. */
  pending: number;
  /** Run by another process (its run.lock is held), left alone. */
  elsewhere: number;
  /** Steps recorded over all trials, and the total they run to. */
  stepsDone: number;
  stepsTotal: number;
  /** stepsDone when this run began: (stepsDone − stepsAtStart) / elapsed is this run's rate. */
  stepsAtStart: number;
}

export type TrialOutcome = 'done' | 'failed' | 'interrupted' | 'elsewhere';

export type SweepEvent =
  | { type: 'start'; parallel: number; toRun: string[]; alreadyDone: string[]; elsewhere: string[]; progress: SweepProgress }
  | { type: 'trial-start'; trial: string; progress: SweepProgress }
  | { type: 'trial-step'; trial: string; step: number; steps: number; progress: SweepProgress }
  | { type: 'trial-output'; trial: string; line: string; progress: SweepProgress }
  | { type: 'trial-end'; trial: string; outcome: TrialOutcome; reason: string | null; progress: SweepProgress }
  | { type: 'interrupt'; running: string[]; progress: SweepProgress }
  | { type: 'end'; progress: SweepProgress };

export interface RunSweepOptions {
  /** Trials at once. Default: the spec's `parallel`, else the number of cores. */
  parallel?: number;
  /** Run only these trial indices (scheduler arrays). Such a run does not take sweep.lock, so several can share a folder; each trial's run.lock still keeps one process per trial. */
  trials?: number[];
  /** EAR2FACE_WASM_THREADS of each trial process. Default 1. */
  threadsPerTrial?: number;
  /** What trains one trial. Default {@link defaultTrialCommand}. */
  trialCommand?: TrialCommand;
  onEvent?: (event: SweepEvent) => void;
  /** Aborting interrupts the running trials (they save a checkpoint) and starts no more. */
  signal?: AbortSignal;
  /** The trial processes' environment. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** How often a running trial's metrics.jsonl is read for progress, in ms. Default 1000. */
  pollMs?: number;
}

export interface SweepRunResult {
  /** Every covered trial's state after the run. */
  trials: TrialStatus[];
  /** Trials done (including those done before this run). */
  done: string[];
  /** Trials whose process failed in this run. */
  failed: { name: string; reason: string }[];
  /** True when the run was aborted before every trial ended. */
  interrupted: boolean;
  /** Trials whose process this run started. */
  started: string[];
  /** Trials left alone because another process was running them. */
  elsewhere: string[];
}

interface Tracked {
  trial: SweepTrial;
  state: 'done' | 'running' | 'failed' | 'interrupted' | 'pending' | 'elsewhere';
  step: number;
  steps: number;
}

function wholeNumber(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${what}: got ${value}; expected a whole number ≥ 1`);
  return value;
}

function failureReason(exit: TrialExit, status: TrialStatus): string {
  if (exit.spawnError) return `could not start: ${exit.spawnError.message}`;
  if (exit.signal) return `killed by ${exit.signal}`;
  if (exit.code === 0) return `exit code 0 without final.json at step ${status.steps} (last step recorded: ${status.step})`;
  return `exit code ${exit.code}`;
}

/**
 * Runs the trials of the sweep in `outDir` that are not done. Resolves when every started process
 * has ended. Throws {@link LockedError} when another sweep runs in the folder.
 *
 * @example
 * const controller = new AbortController();
 * process.once('SIGINT', () => controller.abort());
 * const r = await runSweep('runs/sweep', { parallel: 2, signal: controller.signal, onEvent: (e) => e.type === 'trial-end' && console.log(e.trial, e.outcome) });
 * r.done.length;   // 4
 * r.failed;        // [] — or [{ name: 'trial-002', reason: 'killed by SIGKILL' }]
 */
export async function runSweep(outDir: string, options: RunSweepOptions = {}): Promise<SweepRunResult> {
  const folder = readSweepPlan(outDir);
  const parallel = wholeNumber(options.parallel ?? folder.spec.parallel ?? availableParallelism(), 'parallel');
  const threads = wholeNumber(options.threadsPerTrial ?? 1, 'threadsPerTrial');
  const last = folder.trials.length - 1;
  for (const k of options.trials ?? []) {
    if (!Number.isInteger(k) || k < 0 || k > last) throw new Error(`trial ${k}: no such trial; this sweep has trials 0 to ${last}`);
  }
  const scope = options.trials ? folder.trials.filter((t) => options.trials!.includes(t.index)) : folder.trials;
  if (!options.trials && runningHere.has(folder.dir)) {
    // acquireLock treats a lock of this very process as stale, so a second call here is caught first.
    throw new LockedError(`${join(folder.dir, SWEEP_FILES.lock)}: in use by a sweep already running in this process; wait for it to finish`);
  }
  const lock = options.trials ? null : acquireLock(join(folder.dir, SWEEP_FILES.lock), 'ear2face sweep');
  if (lock) runningHere.add(folder.dir);
  try {
    return await runTrials(folder.dir, scope, parallel, threads, options);
  } finally {
    if (lock) runningHere.delete(folder.dir);
    lock?.release();
  }
}

/** Sweep folders a whole-sweep run of this process is working on. */
const runningHere = new Set<string>();

async function runTrials(dir: string, scope: SweepTrial[], parallel: number, threads: number, options: RunSweepOptions): Promise<SweepRunResult> {
  const command = options.trialCommand ?? defaultTrialCommand;
  const env = { ...(options.env ?? process.env), EAR2FACE_WASM_THREADS: String(threads) };
  const pollMs = options.pollMs ?? 1000;
  const tracked = new Map<string, Tracked>();
  for (const trial of scope) {
    const s = readTrialStatus(dir, trial);
    const state = s.state === 'done' ? 'done' : s.state === 'running' ? 'elsewhere' : 'pending';
    const steps = Number.isFinite(s.steps) ? s.steps : 0;
    tracked.set(trial.name, { trial, state, step: Math.min(s.step, steps), steps });
  }
  const stepsAtStart = [...tracked.values()].reduce((n, t) => n + t.step, 0);
  const progress = (): SweepProgress => {
    const p: SweepProgress = { trials: tracked.size, done: 0, running: 0, failed: 0, interrupted: 0, pending: 0, elsewhere: 0, stepsDone: 0, stepsTotal: 0, stepsAtStart };
    for (const t of tracked.values()) {
      p[t.state]++;
      p.stepsDone += t.step;
      p.stepsTotal += t.steps;
    }
    return p;
  };
  const emit = (e: SweepEvent): void => options.onEvent?.(e);
  const named = (state: Tracked['state']) => [...tracked.values()].filter((t) => t.state === state).map((t) => t.trial.name);

  const queue = scope.filter((t) => tracked.get(t.name)!.state === 'pending');
  const active = new Map<string, TrialProcess>();
  const started: string[] = [];
  const failed: { name: string; reason: string }[] = [];
  let aborted = options.signal?.aborted ?? false;
  const onAbort = (): void => {
    if (aborted) return;
    aborted = true;
    emit({ type: 'interrupt', running: [...active.keys()], progress: progress() });
    for (const p of active.values()) p.interrupt();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  emit({ type: 'start', parallel, toRun: queue.map((t) => t.name), alreadyDone: named('done'), elsewhere: named('elsewhere'), progress: progress() });

  const setStep = (t: Tracked, step: number): void => {
    const clamped = Math.min(step, t.steps);
    if (clamped <= t.step) return;
    t.step = clamped;
    emit({ type: 'trial-step', trial: t.trial.name, step: clamped, steps: t.steps, progress: progress() });
  };

  const runOne = async (trial: SweepTrial): Promise<void> => {
    const t = tracked.get(trial.name)!;
    const before = readTrialStatus(dir, trial);
    if (before.state === 'done' || before.state === 'running') {
      // Finished or taken by another process since this run began.
      t.state = before.state === 'done' ? 'done' : 'elsewhere';
      emit({ type: 'trial-end', trial: trial.name, outcome: t.state, reason: null, progress: progress() });
      return;
    }
    // The previous attempt's report is history now; train.log keeps its output.
    rmSync(join(before.dir, RUN_FILES.failure), { force: true });
    t.state = 'running';
    started.push(trial.name);
    const launch = { index: trial.index, name: trial.name, dir: before.dir, config: join(before.dir, SWEEP_FILES.trialSpec), steps: t.steps };
    const proc = startTrialProcess(launch, {
      command,
      env,
      onLine: (line) => emit({ type: 'trial-output', trial: trial.name, line, progress: progress() }),
      onStep: (step) => setStep(t, step),
    });
    active.set(trial.name, proc);
    emit({ type: 'trial-start', trial: trial.name, progress: progress() });
    const poll = setInterval(() => setStep(t, lastMetricsStep(join(before.dir, RUN_FILES.metrics))), pollMs);
    let exit: TrialExit;
    try {
      exit = await proc.ended;
    } finally {
      clearInterval(poll);
      active.delete(trial.name);
    }
    const after = readTrialStatus(dir, trial);
    setStep(t, after.step);
    let reason: string | null = null;
    if (after.state === 'done') t.state = 'done';
    else if (exit.code === 130 || exit.signal === 'SIGINT') t.state = 'interrupted';
    else if (after.lock && after.lock.pid !== proc.pid) t.state = 'elsewhere'; // lost the race for run.lock to another process
    else {
      t.state = 'failed';
      reason = failureReason(exit, after);
      failed.push({ name: trial.name, reason });
      const failure: RunFailure = { reason, exitCode: exit.code, signal: exit.signal, logTail: exit.logTail, at: new Date().toISOString() };
      writeJsonAtomic(join(after.dir, RUN_FILES.failure), failure);
    }
    emit({ type: 'trial-end', trial: trial.name, outcome: t.state as TrialOutcome, reason, progress: progress() });
  };

  const worker = async (): Promise<void> => {
    for (let trial = queue.shift(); trial && !aborted; trial = queue.shift()) {
      try {
        await runOne(trial);
      } catch (e) {
        // e.g. the trial folder is not writable: this trial fails, the others go on.
        const reason = `could not run: ${(e as Error).message}`;
        tracked.get(trial.name)!.state = 'failed';
        failed.push({ name: trial.name, reason });
        emit({ type: 'trial-end', trial: trial.name, outcome: 'failed', reason, progress: progress() });
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(parallel, queue.length) }, worker));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  emit({ type: 'end', progress: progress() });
  const statuses = scope.map((trial) => readTrialStatus(dir, trial));
  return {
    trials: statuses,
    done: statuses.filter((s) => s.state === 'done').map((s) => s.name),
    failed,
    interrupted: aborted && statuses.some((s) => s.state !== 'done'),
    started,
    elsewhere: named('elsewhere'),
  };
}
