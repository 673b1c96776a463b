import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LockedError } from '../runs/lock';
import { planSweep } from './plan';
import { runSweep, type SweepEvent } from './run';
import { sweepStatus } from './status';
import { fakeTrialCommand, fakeFinal, type FakeTrialMode } from './test_fake_trial';

/** A planned sweep of `trials` trials (seeds 1..n) of `steps` steps, and its record file. */
function planned(trials: number, steps = 3): { out: string; record: string } {
  const out = join(mkdtempSync(join(tmpdir(), 'e2f-run-')), 'sweep');
  planSweep({ base: { steps, imageSize: 64, ngf: 4, ndf: 4 }, grid: { seed: Array.from({ length: trials }, (_, k) => k + 1) } }, out);
  return { out, record: join(out, '..', 'record.jsonl') };
}

const records = (path: string): { trial: string; event: string; t: number; threads: string }[] =>
  existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const trialFile = (out: string, name: string, file: string) => join(out, 'trials', name, file);

/** The most intervals [start, end] that overlap at any moment. */
function maxOverlap(rec: { trial: string; event: string; t: number }[]): number {
  const edges = rec.map((r) => [r.t, r.event === 'start' ? 1 : -1] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, d] of edges) max = Math.max(max, (now += d));
  return max;
}

/** A live process whose pid can hold a lock; `stop()` ends it. */
function sleeper(): { pid: number; stop: () => void; child: ChildProcess } {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  return { pid: child.pid as number, child, stop: () => child.kill('SIGKILL') };
}

test('at most `parallel` trials run at once; each gets one wasm thread, a train.log and its final.json', async () => {
  const { out, record } = planned(5, 4);
  const events: SweepEvent[] = [];
  const r = await runSweep(out, { parallel: 2, trialCommand: fakeTrialCommand({}, record, 20), onEvent: (e) => events.push(e) });
  assert.deepEqual(r.done, ['trial-000', 'trial-001', 'trial-002', 'trial-003', 'trial-004']);
  assert.deepEqual([r.failed, r.interrupted, r.started.length, r.elsewhere], [[], false, 5, []]);
  const rec = records(record);
  assert.equal(rec.length, 10);
  assert.ok(maxOverlap(rec) <= 2, `at most 2 at once, saw ${maxOverlap(rec)}`);
  assert.equal(Math.max(...events.map((e) => e.progress.running)), 2, 'the pool fills both slots');
  assert.deepEqual(new Set(rec.map((x) => x.threads)), new Set(['1']));
  for (const t of r.trials) {
    assert.deepEqual(readJson(join(t.dir, 'final.json')), fakeFinal(4, t.index));
    assert.equal(t.state, 'done');
    assert.match(readFileSync(join(t.dir, 'train.log'), 'utf8'), /=== .* ear2face sweep runs: .*\nstep 1\/4  fake\n[^]*step 4\/4  fake\n=== .* exit code 0\n$/);
  }
  const end = events.at(-1)!;
  assert.equal(end.type, 'end');
  assert.deepEqual([end.progress.done, end.progress.stepsDone, end.progress.stepsTotal, end.progress.stepsAtStart], [5, 20, 20, 0]);
  // Step progress arrives per trial, in order, up to the trial's last step.
  const steps = events.filter((e) => e.type === 'trial-step' && e.trial === 'trial-003').map((e) => (e as { step: number }).step);
  assert.deepEqual(steps, [...steps].sort((a, b) => a - b));
  assert.equal(steps.at(-1), 4);
});

test('a rerun skips done trials and reruns the unfinished one; threadsPerTrial sets the wasm threads', async () => {
  const { out, record } = planned(3);
  await runSweep(out, { parallel: 3, trialCommand: fakeTrialCommand({}, record) });
  const again = await runSweep(out, { parallel: 3, trialCommand: fakeTrialCommand({}, record) });
  assert.deepEqual([again.started, again.done.length], [[], 3]);
  assert.equal(records(record).length, 6, 'no process started');

  rmSync(trialFile(out, 'trial-001', 'final.json'));
  const third = await runSweep(out, { parallel: 3, threadsPerTrial: 2, trialCommand: fakeTrialCommand({}, record) });
  assert.deepEqual(third.started, ['trial-001']);
  assert.deepEqual(records(record).slice(6).map((x) => [x.trial, x.event, x.threads]), [['trial-001', 'start', '2'], ['trial-001', 'end', '2']]);
});

test('a killed or failing trial gets failure.json with its reason and log tail; the others finish; a rerun retries it', async () => {
  const { out, record } = planned(4);
  const modes: Record<string, FakeTrialMode> = { 'trial-001': 'kill', 'trial-002': 'fail' };
  const r = await runSweep(out, { parallel: 2, trialCommand: fakeTrialCommand(modes, record) });
  assert.deepEqual(r.done, ['trial-000', 'trial-003']);
  assert.deepEqual(
    [...r.failed].sort((a, b) => a.name.localeCompare(b.name)),
    [{ name: 'trial-001', reason: 'killed by SIGKILL' }, { name: 'trial-002', reason: 'exit code 3' }],
  );
  const killed = readJson(trialFile(out, 'trial-001', 'failure.json'));
  assert.deepEqual([killed.reason, killed.exitCode, killed.signal], ['killed by SIGKILL', null, 'SIGKILL']);
  assert.deepEqual(killed.logTail, ['step 1/3  fake', 'fake: about to be killed']);
  const failed = readJson(trialFile(out, 'trial-002', 'failure.json'));
  assert.deepEqual([failed.reason, failed.exitCode, failed.logTail], ['exit code 3', 3, ['fake failure: the dataset is unreadable']]);
  assert.ok(!Number.isNaN(Date.parse(failed.at)));
  assert.deepEqual(sweepStatus(out).counts, { done: 2, running: 0, failed: 2, interrupted: 0, pending: 0 });

  const retry = await runSweep(out, { parallel: 2, trialCommand: fakeTrialCommand({}, record) });
  assert.deepEqual([retry.started, retry.failed, retry.done.length], [['trial-001', 'trial-002'], [], 4]);
  assert.equal(existsSync(trialFile(out, 'trial-001', 'failure.json')), false, 'the old report goes once the trial succeeds');
  assert.match(readFileSync(trialFile(out, 'trial-001', 'train.log'), 'utf8'), /killed by SIGKILL\n[^]*exit code 0\n$/, 'the log keeps both attempts');
});

test('a process that exits 0 before its last step is a failure saying so', async () => {
  const { out, record } = planned(1);
  const r = await runSweep(out, { trialCommand: fakeTrialCommand({ 'trial-000': 'silent-exit' }, record) });
  assert.deepEqual(r.failed, [{ name: 'trial-000', reason: 'exit code 0 without final.json at step 3 (last step recorded: 1)' }]);
});

test('abort: running trials get SIGINT, save a checkpoint and count as interrupted; no new trial starts', async () => {
  const { out, record } = planned(3);
  const controller = new AbortController();
  const stepped = new Set<string>();
  const r = await runSweep(out, {
    parallel: 2,
    signal: controller.signal,
    trialCommand: fakeTrialCommand({ 'trial-000': 'wait', 'trial-001': 'wait' }, record),
    onEvent: (e) => {
      // Abort once both have installed their SIGINT handler (they print step 1 after it).
      if (e.type === 'trial-step') stepped.add(e.trial);
      if (stepped.size === 2 && !controller.signal.aborted) controller.abort();
    },
  });
  assert.deepEqual([r.interrupted, r.started, r.failed], [true, ['trial-000', 'trial-001'], []]);
  for (const name of ['trial-000', 'trial-001']) {
    assert.equal(readFileSync(trialFile(out, name, 'ckpt-00000001.e2f'), 'utf8'), 'fake checkpoint');
    assert.equal(existsSync(trialFile(out, name, 'failure.json')), false);
    assert.match(readFileSync(trialFile(out, name, 'train.log'), 'utf8'), /exit code 130\n$/);
  }
  assert.deepEqual(r.trials.map((t) => t.state), ['interrupted', 'interrupted', 'pending']);
  assert.equal(existsSync(join(out, 'sweep.lock')), false, 'the sweep lock is released');
});

test('a second sweep on the folder is refused with LockedError; a trial another process runs is left alone', async () => {
  const { out, record } = planned(3);
  const holder = sleeper();
  try {
    const lock = { pid: holder.pid, host: hostname(), startedAt: '2024-01-01T00:00:00.000Z', command: 'ear2face sweep' };
    writeFileSync(join(out, 'sweep.lock'), JSON.stringify(lock));
    await assert.rejects(runSweep(out, { trialCommand: fakeTrialCommand({}, record) }), (e: Error) => e instanceof LockedError && /sweep\.lock: in use by ear2face sweep \(pid \d+/.test(e.message));
    assert.deepEqual(readJson(join(out, 'sweep.lock')), lock, 'the holder keeps its lock');
    assert.deepEqual(records(record), []);

    // Two whole-sweep runs in one process: the second is refused too.
    rmSync(join(out, 'sweep.lock'));
    const first = runSweep(out, { trialCommand: fakeTrialCommand({}, record) });
    await assert.rejects(runSweep(out, {}), (e: Error) => e instanceof LockedError && /already running in this process/.test(e.message));
    await first;
    for (const name of ['trial-000', 'trial-001', 'trial-002']) rmSync(trialFile(out, name, 'final.json'));

    // A trial whose run.lock a live process holds is skipped by a whole-sweep run and by --trial runs.
    writeFileSync(trialFile(out, 'trial-000', 'run.lock'), JSON.stringify({ ...lock, command: 'ear2face train' }));
    const r = await runSweep(out, { trialCommand: fakeTrialCommand({}, record) });
    assert.deepEqual([r.elsewhere, r.started, r.done], [['trial-000'], ['trial-001', 'trial-002'], ['trial-001', 'trial-002']]);
    assert.equal(sweepStatus(out).trials[0].state, 'running');
    const single = await runSweep(out, { trials: [0], trialCommand: fakeTrialCommand({}, record) });
    assert.deepEqual([single.elsewhere, single.started, single.done], [['trial-000'], [], []]);
  } finally {
    holder.stop();
  }
});

test('a single trial runs alone without the sweep lock (scheduler arrays); bad options are refused', async () => {
  const { out, record } = planned(4);
  const holder = sleeper();
  try {
    // Another array task holds nothing but its own trial; a whole-sweep lock does not stop a single trial either.
    writeFileSync(join(out, 'sweep.lock'), JSON.stringify({ pid: holder.pid, host: hostname(), startedAt: 'x', command: 'ear2face sweep' }));
    const r = await runSweep(out, { trials: [2], trialCommand: fakeTrialCommand({}, record) });
    assert.deepEqual([r.started, r.done, r.trials.map((t) => t.name)], [['trial-002'], ['trial-002'], ['trial-002']]);
    assert.deepEqual(sweepStatus(out).trials.map((t) => t.state), ['pending', 'pending', 'done', 'pending']);
  } finally {
    holder.stop();
  }
  await assert.rejects(runSweep(out, { trials: [4] }), /trial 4: no such trial; this sweep has trials 0 to 3/);
  await assert.rejects(runSweep(out, { parallel: 0 }), /parallel: got 0; expected a whole number ≥ 1/);
  await assert.rejects(runSweep(join(out, 'trials'), {}), /trials: no sweep\.json; expected a sweep folder/);
});
