/**
 * Sweep throughput: the same small sweep (a grid over the feature and style weights) trained twice
 * in one run, (a) as `ear2face sweep` with `parallel` processes of one wasm thread each, and
 * (b) one trial after another, each a single `ear2face train` with the default wasm threads (all
 * cores). Prints both wall times, the ratio parallel/serial (below 1: the sweep is faster), and one
 * JSON line. Wall times on a shared machine are indicative only.
 *
 * @example
 * // node dist/bench/sweep_bench.js --trials 4 --steps 200 --size 64 --width 16
 * // {"bench":"sweep","trials":4,"steps":200,"size":64,"width":16,"parallel":2,"parallelSeconds":…,"serialSeconds":…,"ratio":…}
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFlags, UsageError, type FlagSpec } from '../cli/args';
import { planSweep } from '../lib/sweep/plan';
import { runSweep } from '../lib/sweep/run';
import type { SweepSpec } from '../lib/sweep/spec';
import { sweepStatus } from '../lib/sweep/status';
import { CLI_MAIN } from '../lib/sweep/trial_process';

const FLAGS = {
  trials: { type: 'number', default: 4, help: 'trials: feature ∈ {0, 100} × the first trials/2 style weights of 0, 1000, 300, 3000, …' },
  steps: { type: 'number', default: 200, help: 'training steps per trial' },
  size: { type: 'number', default: 64, help: 'image size' },
  width: { type: 'number', default: 16, help: 'ngf = ndf' },
  parallel: { type: 'number', default: 2, help: 'trial processes at once in the sweep' },
  keep: { type: 'boolean', help: 'keep the run folders (printed) instead of deleting them' },
} satisfies FlagSpec;

export interface SweepBenchOptions {
  trials: number;
  steps: number;
  size: number;
  width: number;
  parallel: number;
  keep: boolean;
}

const STYLE_WEIGHTS = [0, 1000, 300, 3000, 100, 10000];

/**
 * Parses `--trials N --steps N --size N --width N --parallel N --keep`.
 *
 * @example
 * parseSweepBenchArgs(['--steps', '50']);   // { trials: 4, steps: 50, size: 64, width: 16, parallel: 2, keep: false }
 */
export function parseSweepBenchArgs(argv: string[]): SweepBenchOptions {
  const f = parseFlags(argv, FLAGS, 'sweep_bench');
  if (!Number.isInteger(f.trials) || f.trials < 2 || f.trials % 2 !== 0 || f.trials > 2 * STYLE_WEIGHTS.length) {
    throw new UsageError(`sweep_bench: --trials must be an even number from 2 to ${2 * STYLE_WEIGHTS.length}, got ${f.trials}`);
  }
  for (const k of ['steps', 'width', 'parallel'] as const) {
    if (!Number.isInteger(f[k]) || f[k] < 1) throw new UsageError(`sweep_bench: --${k} must be a whole number ≥ 1, got ${f[k]}`);
  }
  if (![64, 128, 256].includes(f.size)) throw new UsageError(`sweep_bench: --size must be 64, 128 or 256, got ${f.size}`);
  return { trials: f.trials, steps: f.steps, size: f.size, width: f.width, parallel: f.parallel, keep: f.keep === true };
}

/**
 * The benchmark's sweep: the feature weight 0 or 100 × `trials / 2` style weights, on the committed
 * sample; one checkpoint at the end.
 *
 * @example
 * sweepBenchSpec(parseSweepBenchArgs([])).grid;   // { 'weights.feature': [0, 100], 'weights.style': [0, 1000] }
 */
export function sweepBenchSpec(o: SweepBenchOptions): SweepSpec {
  return {
    base: { steps: o.steps, imageSize: o.size as 64 | 128 | 256, ngf: o.width, ndf: o.width, samples: 2, saveEvery: o.steps },
    grid: { 'weights.feature': [0, 100], 'weights.style': STYLE_WEIGHTS.slice(0, o.trials / 2) },
  };
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** Runs one `ear2face train --config` with the default wasm threads; resolves with its exit code. */
function trainSerially(config: string, out: string): Promise<number | null> {
  const env = { ...process.env };
  delete env.EAR2FACE_WASM_THREADS;
  const child = spawn(process.execPath, [CLI_MAIN, 'train', '--config', config, '--out', out], { env, stdio: 'ignore' });
  return new Promise((resolve) => child.on('close', (code) => resolve(code)));
}

async function main(o: SweepBenchOptions): Promise<number> {
  const root = mkdtempSync(join(tmpdir(), 'e2f-sweep-bench-'));
  const spec = sweepBenchSpec(o);
  log(`sweep bench: ${o.trials} trials × ${o.steps} steps at ${o.size}², width ${o.width}; ${availableParallelism()} cores, load ${loadavg()[0].toFixed(2)}`);
  try {
    const sweepDir = join(root, 'parallel');
    planSweep(spec, sweepDir);
    let t0 = Date.now();
    const swept = await runSweep(sweepDir, {
      parallel: o.parallel,
      threadsPerTrial: 1,
      onEvent: (e) => e.type === 'trial-end' && log(`  parallel: ${e.trial} ${e.outcome}${e.reason ? ` (${e.reason})` : ''}`),
    });
    const parallelSeconds = (Date.now() - t0) / 1000;
    log(`(a) sweep, ${o.parallel} processes × 1 thread: ${parallelSeconds.toFixed(1)} s`);

    const serialDir = join(root, 'serial');
    const serialPlan = planSweep(spec, serialDir);
    const serialStatus = () => sweepStatus(serialDir).trials;
    t0 = Date.now();
    for (const t of serialStatus()) {
      const code = await trainSerially(join(t.dir, 'trial.json'), t.dir);
      log(`  serial: ${t.name} exit code ${code}`);
    }
    const serialSeconds = (Date.now() - t0) / 1000;
    log(`(b) one after another, 1 process × default threads: ${serialSeconds.toFixed(1)} s`);

    const notDone = [...swept.trials, ...serialStatus()].filter((t) => t.state !== 'done').map((t) => `${t.dir}: ${t.state}`);
    const ratio = parallelSeconds / serialSeconds;
    log(`ratio parallel/serial: ${ratio.toFixed(2)} (target ≤ 0.6; wall times on a shared machine are indicative only)`);
    if (notDone.length > 0) log(`problems: trials not done:\n  ${notDone.join('\n  ')}`);
    const row = { bench: 'sweep', trials: serialPlan.trials.length, steps: o.steps, size: o.size, width: o.width, parallel: o.parallel, cores: availableParallelism(), parallelSeconds, serialSeconds, ratio: Number(ratio.toFixed(3)), loadavg: Number(loadavg()[0].toFixed(2)) };
    console.log(JSON.stringify(row));
    return notDone.length > 0 ? 1 : 0;
  } finally {
    if (o.keep) log(`run folders kept in ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  let options: SweepBenchOptions;
  try {
    options = parseSweepBenchArgs(process.argv.slice(2));
  } catch (e) {
    log((e as Error).message);
    process.exit(2);
  }
  main(options).then(
    (code) => process.exit(code),
    (e) => {
      log(`sweep_bench: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}
