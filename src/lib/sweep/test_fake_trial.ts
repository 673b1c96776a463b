/**
 * A stand-in for `ear2face train` in the sweep tests: it writes the run-folder files a real trial
 * writes (metrics.jsonl, final.json) in milliseconds, or fails in a chosen way, so the runner can be
 * tested without training.
 *
 *   node test_fake_trial.js <mode> <trial folder> <record file> <ms per step>
 *
 * modes: ok (runs to the trial's steps, writes final.json), fail (exit 3), kill (SIGKILL itself
 * after one step), wait (one step, then waits for SIGINT: writes a checkpoint file and exits 130),
 * silent-exit (exit 0 after one step, without final.json).
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FinalMetrics } from '../runs/run_files';
import type { TrialCommand } from './trial_process';

export type FakeTrialMode = 'ok' | 'fail' | 'kill' | 'wait' | 'silent-exit';

/**
 * A trial command running the fake trial; `modes` maps a trial name to its mode (default 'ok').
 * Every start and end is appended to `record` as a JSON line { trial, event, t, threads }.
 *
 * @example
 * await runSweep(dir, { trialCommand: fakeTrialCommand({ 'trial-001': 'kill' }, join(dir, 'record.jsonl')) });
 */
export function fakeTrialCommand(modes: Record<string, FakeTrialMode>, record: string, msPerStep = 5): TrialCommand {
  return (t) => ({ command: process.execPath, args: [__filename, modes[t.name] ?? 'ok', t.dir, record, String(msPerStep)] });
}

/** The final.json the fake writes: its numbers come from the trial's index so tables can be checked. */
export function fakeFinal(step: number, index: number): FinalMetrics {
  const summary = { pairs: 5, identities: 5, psnr: 10 + index, ssim: 0.1 * (index + 1), pixelRank1: 0.2, pixelRank5: 0.6, pixelRank10: 1, chanceRank1: 0.2, chanceRank5: 1, chanceRank10: 1, rank1: 0.4, rank10: 1 };
  return { step, trainSeconds: 0.01, evaluatedOn: 'held-out', summary, lastTerms: { 'g/l1': 0.5 } };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function fakeTrial(mode: FakeTrialMode, dir: string, record: string, msPerStep: number): Promise<void> {
  const name = dir.split(/[\\/]/).pop() as string;
  const note = (event: string) =>
    appendFileSync(record, `${JSON.stringify({ trial: name, event, t: Date.now(), threads: process.env.EAR2FACE_WASM_THREADS })}\n`);
  const steps = (JSON.parse(readFileSync(join(dir, 'trial.json'), 'utf8')) as { steps: number }).steps;
  const step = (i: number) => {
    appendFileSync(join(dir, 'metrics.jsonl'), `${JSON.stringify({ step: i, lr: 2e-4, ms: msPerStep, 'g/l1': 1 / i })}\n`);
    console.log(`step ${i}/${steps}  fake`);
  };
  note('start');
  if (mode === 'wait') {
    process.on('SIGINT', () => {
      writeFileSync(join(dir, 'ckpt-00000001.e2f'), 'fake checkpoint');
      note('end');
      process.exit(130);
    });
    step(1);
    setInterval(() => undefined, 1000);
    return;
  }
  if (mode === 'fail') {
    console.error('fake failure: the dataset is unreadable');
    note('end');
    process.exit(3);
  }
  step(1);
  if (mode === 'kill') {
    console.error('fake: about to be killed');
    process.kill(process.pid, 'SIGKILL');
  }
  if (mode === 'silent-exit') {
    note('end');
    return;
  }
  let done = 1;
  for (let i = 2; i <= steps; i++) {
    await sleep(msPerStep);
    step(i);
    done = i;
  }
  await sleep(msPerStep);
  const index = Number(/(\d+)$/.exec(name)?.[1] ?? 0);
  writeFileSync(join(dir, 'final.json'), JSON.stringify(fakeFinal(done, index)));
  note('end');
}

if (require.main === module) {
  const [mode, dir, record, ms] = process.argv.slice(2);
  fakeTrial(mode as FakeTrialMode, dir, record, Number(ms)).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
