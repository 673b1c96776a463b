import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { planSweep } from './plan';
import { sweepStatus } from './status';
import { lastMetricsStep } from './trial_state';
import { formatSweepTable } from './table';
import { fakeFinal } from './test_fake_trial';

function planned(trials: number, steps = 10): string {
  const out = join(mkdtempSync(join(tmpdir(), 'e2f-status-')), 'sweep');
  planSweep({ base: { steps }, grid: { 'weights.style': Array.from({ length: trials }, (_, k) => k * 10) } }, out);
  return out;
}
const put = (out: string, trial: string, file: string, content: string) => writeFileSync(join(out, 'trials', trial, file), content);
const metrics = (steps: number[]) => steps.map((s) => `${JSON.stringify({ step: s, lr: 2e-4, ms: 9, 'g/l1': 0.5 })}\n`).join('');
const deadPid = (): number => spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim() as unknown as number;

test('each state is read from the trial folder alone; a cut-off metrics line is not counted', () => {
  const out = planned(7);
  const lock = { host: hostname(), startedAt: '2024-01-01T00:00:00.000Z', command: 'ear2face train' };
  put(out, 'trial-000', 'final.json', JSON.stringify(fakeFinal(10, 0)));
  put(out, 'trial-000', 'metrics.jsonl', metrics([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
  put(out, 'trial-001', 'run.lock', JSON.stringify({ ...lock, pid: process.pid }));
  put(out, 'trial-001', 'metrics.jsonl', metrics([1, 2, 3]));
  put(out, 'trial-002', 'failure.json', JSON.stringify({ reason: 'killed by SIGKILL', exitCode: null, signal: 'SIGKILL', logTail: [], at: 'x' }));
  put(out, 'trial-003', 'metrics.jsonl', `${metrics([1, 2, 3, 4])}{"step":5,"lr":0.0002,"ms`); // killed mid-line
  put(out, 'trial-003', 'run.lock', JSON.stringify({ ...lock, pid: Number(deadPid()) })); // its process is gone
  put(out, 'trial-004', 'final.json', JSON.stringify(fakeFinal(6, 4))); // steps raised since: resumes
  put(out, 'trial-005', 'final.json', '{"step": 10, "summ'); // damaged
  put(out, 'trial-005', 'metrics.jsonl', metrics([1, 2]));
  const s = sweepStatus(out);
  assert.deepEqual(
    s.trials.map((t) => [t.name, t.state, t.step, t.steps]),
    [
      ['trial-000', 'done', 10, 10],
      ['trial-001', 'running', 3, 10],
      ['trial-002', 'failed', 0, 10],
      ['trial-003', 'interrupted', 4, 10],
      ['trial-004', 'interrupted', 6, 10],
      ['trial-005', 'interrupted', 2, 10],
      ['trial-006', 'pending', 0, 10],
    ],
  );
  assert.deepEqual(s.counts, { done: 1, running: 1, failed: 1, interrupted: 3, pending: 1 });
  assert.deepEqual(s.trials[0].params, { 'weights.style': 0 });
  assert.equal(s.trials[0].final?.summary.psnr, 10);
  assert.equal(s.trials[1].lock?.pid, process.pid);
  assert.equal(s.trials[3].lock, null);
  assert.equal(s.trials[2].failure?.reason, 'killed by SIGKILL');
  assert.equal(s.trials[5].problems.length, 1);
  assert.match(s.trials[5].problems[0], /trial-005\/final\.json: not valid JSON/);
  assert.equal(s.runner, null);
});

test('the last complete metrics line is found in a long file; a damaged tail line falls back to the one before', () => {
  const dir = mkdtempSync(join(tmpdir(), 'e2f-metrics-'));
  const long = join(dir, 'long.jsonl');
  const padding = 'x'.repeat(200);
  writeFileSync(long, Array.from({ length: 1000 }, (_, k) => `${JSON.stringify({ step: k + 1, note: padding })}\n`).join('')); // ≈ 220 kB
  assert.equal(lastMetricsStep(long), 1000);
  const damaged = join(dir, 'damaged.jsonl');
  writeFileSync(damaged, `${metrics([1, 2])}not json\n\n`);
  assert.equal(lastMetricsStep(damaged), 2);
  assert.equal(lastMetricsStep(join(dir, 'none.jsonl')), 0);
  writeFileSync(join(dir, 'cut.jsonl'), '{"step":1');
  assert.equal(lastMetricsStep(join(dir, 'cut.jsonl')), 0);
});

test('a trials.json naming folders outside the sweep is refused', () => {
  const out = planned(2);
  writeFileSync(join(out, 'trials.json'), JSON.stringify([{ index: 0, name: '../../etc', params: {} }]));
  assert.throws(() => sweepStatus(out), /trials\.json: entry 0 is .*; expected \{ "index": 0, "name": "trial-000"/);
});

test('the table shows params, state with the failure reason, steps and final metrics', () => {
  const out = planned(2);
  put(out, 'trial-000', 'final.json', JSON.stringify(fakeFinal(10, 0)));
  put(out, 'trial-001', 'failure.json', JSON.stringify({ reason: 'exit code 1', exitCode: 1, signal: null, logTail: [], at: 'x' }));
  const lines = formatSweepTable(sweepStatus(out).trials).split('\n');
  assert.deepEqual(lines, [
    'trial      params            state                 step   PSNR   SSIM   rank1  rank10',
    'trial-000  weights.style=0   done                  10/10  10.00  0.100  0.400  1.000',
    'trial-001  weights.style=10  failed (exit code 1)  0/10   -      -      -      -',
  ]);
});
