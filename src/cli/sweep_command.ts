/**
 * `ear2face sweep`: plans a grid or random search of training settings into a sweep folder (one
 * run folder per trial) and runs the trials, several at once, each in its own `ear2face train`
 * process; or runs one trial (for scheduler arrays), or prints the state of every trial.
 *
 * Exit codes: 0 every trial done, 1 some failed (or are run elsewhere), 2 usage error or bad spec,
 * 130 interrupted (143 on SIGTERM; the running trials saved a checkpoint).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { planSweep, type SweepPlan } from '../lib/sweep/plan';
import { runSweep, type SweepEvent, type SweepProgress, type SweepRunResult } from '../lib/sweep/run';
import { SweepSpecError } from '../lib/sweep/spec';
import { SWEEP_FILES } from '../lib/sweep/sweep_files';
import { sweepStatus } from '../lib/sweep/status';
import { readSweepPlan } from '../lib/sweep/sweep_folder';
import { formatSweepTable } from '../lib/sweep/table';
import type { TrialCommand } from '../lib/sweep/trial_process';
import { helpText, parseFlags, UsageError, type FlagSpec } from './args';
import { createProgress, type Progress, type ProgressStream } from './progress';
import { listenForStop } from './stop_signal';

const command = 'ear2face sweep';

const FLAGS = {
  spec: { type: 'string', optional: true, help: 'sweep spec JSON: { "base": {RunSpec fields}, "grid": {...} }, or "random": {...}, or "list": [...]; optional once --out holds a sweep' },
  out: { type: 'string', optional: true, help: 'sweep folder (required): sweep.json, trials.json, trials/<name>/ run folders' },
  parallel: { type: 'number', optional: true, help: 'trials at once (default: the spec\'s "parallel", else the number of cores)' },
  threads: { type: 'number', default: 1, help: 'wasm threads per trial process' },
  trial: { type: 'number', optional: true, help: 'run only trial K (0-based), e.g. $SLURM_ARRAY_TASK_ID or $JOB_COMPLETION_INDEX' },
  plan: { type: 'boolean', help: "only write the sweep folder and print each trial's train command" },
  status: { type: 'boolean', help: 'print the state and final metrics of every trial' },
  help: { type: 'boolean', help: 'show this help' },
} satisfies FlagSpec;

export const sweepHelp = helpText(
  command,
  'Train one run per combination of settings (a grid), per random draw, or per listed trial, several processes at once.\n' +
    'A rerun resumes: done trials are skipped, interrupted and failed ones go on from their checkpoint.\n' +
    'Exit codes: 0 all done, 1 some failed, 2 usage error or bad spec, 130 interrupted.',
  FLAGS,
  `${command} --spec s.json --out DIR [--parallel N] | --out DIR --trial K | --out DIR --status`,
);

/** Where the command writes, and what tests replace. */
export interface SweepCommandIo {
  stdout?: (text: string) => void;
  /** Progress and notes; default process.stderr. */
  stderr?: ProgressStream;
  /** What trains one trial (default: this package's `ear2face train`). */
  trialCommand?: TrialCommand;
  /** Stops the sweep as Ctrl-C does. */
  signal?: AbortSignal;
}

/** Single-quotes a path for a POSIX shell when it needs it. */
function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

function wholeNumber(value: number | undefined, flag: string, min: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min)) throw new UsageError(`${command}: --${flag} must be a whole number ≥ ${min}, got ${value}`);
}

/** Reads and plans the spec file; a bad spec is a usage error, a conflicting folder a failure. */
function planFromFile(specFile: string, out: string): SweepPlan {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(specFile, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${command}: --spec ${specFile}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}; expected a sweep spec (JSON)`);
  }
  try {
    return planSweep(raw, out, { specDir: dirname(resolve(specFile)) });
  } catch (e) {
    if (e instanceof SweepSpecError) throw new UsageError(`${command}: ${specFile}: ${e.message.replace(/^sweep spec: /, '')}`);
    throw e;
  }
}

const counts = (p: SweepProgress): string =>
  [`${p.done}/${p.trials} trials done`, `${p.running} running`, `${p.failed} failed`, ...(p.elsewhere ? [`${p.elsewhere} run elsewhere`] : [])].join(', ');

/** The progress bar over all steps (or the trial's own output), and a line per trial that did not finish. */
function progressPrinter(stderr: ProgressStream, echoOutput: boolean, stdout: (t: string) => void): (e: SweepEvent) => void {
  let bar: Progress | null = null;
  const note = (line: string) => stderr.write(`${stderr.isTTY ? '\r\x1b[K' : ''}${line}\n`);
  return (e) => {
    if (e.type === 'start') {
      const p = e.progress;
      note(`${e.toRun.length} trial${e.toRun.length === 1 ? '' : 's'} to run, ${e.parallel} at once` + (e.alreadyDone.length ? ` (${e.alreadyDone.length} already done)` : '') + (e.elsewhere.length ? `; run elsewhere: ${e.elsewhere.join(', ')}` : ''));
      // A single trial echoes its own progress; the sweep's bar is for many.
      if (e.toRun.length > 0 && !echoOutput) bar = createProgress({ total: Math.max(1, p.stepsTotal), start: Math.min(p.stepsAtStart, Math.max(1, p.stepsTotal)), label: 'sweep', stream: stderr });
    } else if (e.type === 'trial-output' && echoOutput) stdout(`${e.line}\n`);
    else if (e.type === 'trial-end' && e.outcome !== 'done') note(`${e.trial}: ${e.outcome}${e.reason ? ` (${e.reason})` : ''}`);
    else if (e.type === 'interrupt') note(`stopping: ${e.running.length} running trials save a checkpoint first`);
    if (e.type === 'end') bar?.finish(counts(e.progress));
    else if (e.type !== 'trial-output') bar?.update(e.progress.stepsDone, counts(e.progress));
  };
}

function exitCode(r: SweepRunResult): number {
  if (r.interrupted) return 130;
  return r.trials.every((t) => t.state === 'done') ? 0 : 1;
}

/**
 * Runs `ear2face sweep` with `argv` (after the command name) and returns the exit code; errors are
 * printed, never thrown.
 *
 * @example
 * process.exitCode = await sweepCommand(['--spec', 'sweeps/weights.json', '--out', 'runs/weights', '--parallel', '2']);
 */
export async function sweepCommand(argv: string[], io: SweepCommandIo = {}): Promise<number> {
  const stdout = io.stdout ?? ((t: string) => void process.stdout.write(t));
  const stderr = io.stderr ?? process.stderr;
  try {
    return await sweep(argv, io, stdout, stderr);
  } catch (e) {
    if (e instanceof UsageError) {
      stderr.write(`${e.message}\n`);
      return 2;
    }
    stderr.write(`${command}: ${(e as Error).message}\n`);
    return 1;
  }
}

async function sweep(argv: string[], io: SweepCommandIo, stdout: (t: string) => void, stderr: ProgressStream): Promise<number> {
  const f = parseFlags(argv, FLAGS, command);
  if (f.help) {
    stdout(`${sweepHelp}\n`);
    return 0;
  }
  if (!f.out) throw new UsageError(`${command}: --out is required (the sweep folder)`);
  const modes = [f.plan && '--plan', f.status && '--status', f.trial !== undefined && '--trial'].filter(Boolean);
  if (modes.length > 1) throw new UsageError(`${command}: ${modes.join(' and ')} cannot be combined`);
  wholeNumber(f.parallel, 'parallel', 1);
  wholeNumber(f.threads, 'threads', 1);
  wholeNumber(f.trial, 'trial', 0);

  if (f.status) {
    if (f.spec) throw new UsageError(`${command}: --status reads the folder; leave out --spec`);
    const s = sweepStatus(f.out);
    stdout(`${formatSweepTable(s.trials)}\n`);
    const c = s.counts;
    stdout(`${s.trials.length} trials: ${c.done} done, ${c.running} running, ${c.failed} failed, ${c.interrupted} interrupted, ${c.pending} pending` + (s.runner ? ` (a sweep runs here: pid ${s.runner.pid} on ${s.runner.host})` : '') + '\n');
    return 0;
  }
  if (f.spec) {
    const plan = planFromFile(f.spec, f.out);
    stderr.write(`${plan.written.length ? 'planned' : 'already planned'}: ${plan.trials.length} trials in ${plan.dir}\n`);
  } else if (!existsSync(join(f.out, SWEEP_FILES.spec))) {
    throw new UsageError(`${command}: --spec is required: ${f.out} holds no sweep yet`);
  }
  if (f.plan) {
    const { trials } = sweepStatus(f.out);
    stdout(`# each trial on its own (any machine that sees ${f.out}):\n`);
    for (const t of trials) {
      const dir = join(f.out, SWEEP_FILES.trialsDir, t.name);
      stdout(`ear2face train --config ${shellWord(join(dir, SWEEP_FILES.trialSpec))} --out ${shellWord(dir)}\n`);
    }
    stdout(`# or by index, as a scheduler array: ear2face sweep --out ${shellWord(f.out)} --trial K   (K = 0..${trials.length - 1})\n`);
    return 0;
  }

  if (f.trial !== undefined) {
    const count = readSweepPlan(f.out).trials.length;
    if (f.trial >= count) throw new UsageError(`${command}: --trial ${f.trial}: no such trial; ${f.out} has trials 0 to ${count - 1}`);
  }
  // Ctrl-C, SIGTERM or the caller's signal: the running trials save a checkpoint and stop.
  const stop = listenForStop({ log: (line) => stderr.write(`${line}\n`) });
  const abort = new AbortController();
  for (const signal of [stop.signal, io.signal]) {
    if (signal?.aborted) abort.abort();
    signal?.addEventListener('abort', () => abort.abort(), { once: true });
  }
  try {
    const single = f.trial !== undefined;
    const result = await runSweep(f.out, {
      parallel: f.parallel,
      threadsPerTrial: f.threads,
      trials: single ? [f.trial as number] : undefined,
      trialCommand: io.trialCommand,
      signal: abort.signal,
      onEvent: progressPrinter(stderr, single, stdout),
    });
    stdout(`${formatSweepTable(result.trials)}\n`);
    for (const name of result.elsewhere) stderr.write(`${name}: another process runs it (its run.lock is held); see ${command} --out ${f.out} --status\n`);
    // A signal's own code (130 for Ctrl-C, 143 for SIGTERM, e.g. a pod being evicted).
    return result.interrupted && stop.received ? stop.exitCode() : exitCode(result);
  } finally {
    stop.dispose();
  }
}
