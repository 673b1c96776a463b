import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { readRunFolder } from './read_run';
import { RUN_FILES } from './run_files';
import { finalFixture, metricsFixture, tempFolder, writeRunFixture } from './sweep_fixture_test_util';

test('a finished run reads back: spec, every metrics line, final metrics, samples by step', async () => {
  const dir = join(tempFolder(), 'baseline');
  const metrics = metricsFixture(3);
  await writeRunFixture(dir, { spec: { steps: 3, weights: { style: 0 } }, metrics, final: finalFixture(3, { ssim: 0.42 }), samples: [3, 1] });
  const run = await readRunFolder(dir);
  assert.equal(run.name, 'baseline');
  assert.equal(run.state, 'done');
  assert.deepEqual(run.warnings, []);
  assert.equal(run.spec?.steps, 3);
  assert.deepEqual(run.spec?.weights, { adv: 1, l1: 100, feature: 100, style: 0 });
  assert.deepEqual(run.metrics, metrics);
  assert.equal(run.metrics[2]['g/total'], 10 / 3);
  assert.equal(run.final?.summary.ssim, 0.42);
  assert.deepEqual(run.samples, [{ step: 1, path: join(dir, 'samples-00000001.png') }, { step: 3, path: join(dir, 'samples-00000003.png') }]);
  assert.equal(run.failure, null);
});

test('a metrics line cut off at the end is skipped with a warning naming file and line', async () => {
  const dir = await writeRunFixture(join(tempFolder(), 'cut'), { spec: { steps: 10 }, metrics: metricsFixture(3), metricsTail: '{"step":4,"lr":0.0002,"g/l' });
  const run = await readRunFolder(dir);
  assert.deepEqual(run.metrics.map((m) => m.step), [1, 2, 3]);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0], new RegExp(`^${join(dir, 'metrics.jsonl')}:4: the last line is cut off \\(26 characters, not valid JSON\\); it was skipped$`));
  assert.equal(run.state, 'interrupted');
});

test('a corrupt metrics line that is not a cut-off last line throws naming file:line', async () => {
  const dir = join(tempFolder(), 'corrupt');
  await writeRunFixture(dir, { spec: { steps: 10 } });
  writeFileSync(join(dir, RUN_FILES.metrics), '{"step":1,"lr":0.1,"ms":3,"g/l1":0.5}\n{"step":2,"lr":0.1,"ms":3,"g/l1":"high"}\n{"step":3,"lr":0.1,"ms":3,"g/l1":0.4}\n');
  await assert.rejects(readRunFolder(dir), (e: Error) => {
    assert.match(e.message, new RegExp(`^${join(dir, 'metrics.jsonl')}:2: g/l1 is "high"; expected a number; expected one JSON object per line`));
    return true;
  });
  const lenient = await readRunFolder(dir, { corruptMetrics: 'warn' });
  assert.deepEqual(lenient.metrics, []);
  assert.match(lenient.warnings[0], /metrics\.jsonl:2: .*no loss curve shown for this run$/);
});

test('a malformed final.json or config.json is a warning, not a crash', async () => {
  const dir = await writeRunFixture(join(tempFolder(), 'broken'), { metrics: metricsFixture(2), samples: [2] });
  writeFileSync(join(dir, RUN_FILES.config), '{"steps": 3, "wieghts": {}}');
  writeFileSync(join(dir, RUN_FILES.final), '{"step": 3, "summary": ');
  const run = await readRunFolder(dir);
  assert.equal(run.spec, null);
  assert.equal(run.final, null);
  assert.equal(run.metrics.length, 2);
  assert.equal(run.state, 'interrupted');
  assert.equal(run.warnings.length, 2);
  assert.match(run.warnings[0], /config\.json: unknown field "wieghts"; expected one of data, steps, .*; ignored$/);
  assert.match(run.warnings[1], /final\.json: not JSON \(.*\); expected final metrics; ignored$/);

  writeFileSync(join(dir, RUN_FILES.final), JSON.stringify({ step: 3, summary: { psnr: 'good', ssim: 0.2 } }));
  const again = await readRunFolder(dir);
  assert.match(again.warnings[1], /final\.json: summary\.psnr is "good"; expected a number; ignored$/);
});

test('run.lock held by a live process on this host means running; a dead holder means interrupted', async () => {
  const live = await writeRunFixture(join(tempFolder(), 'live'), {
    spec: { steps: 10 }, metrics: metricsFixture(2),
    lock: { pid: process.ppid, host: hostname(), startedAt: '2026-01-01T00:00:00Z', command: 'ear2face train' },
  });
  assert.equal((await readRunFolder(live)).state, 'running');

  const exited = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const deadPid = Number(exited.stdout);
  assert.ok(deadPid > 0);
  const dead = await writeRunFixture(join(tempFolder(), 'dead'), {
    spec: { steps: 10 }, metrics: metricsFixture(2),
    lock: { pid: deadPid, host: hostname(), startedAt: '2026-01-01T00:00:00Z', command: 'ear2face train' },
  });
  const run = await readRunFolder(dead);
  assert.equal(run.state, 'interrupted');
  assert.deepEqual(run.warnings, []);

  const remote = await writeRunFixture(join(tempFolder(), 'remote'), {
    spec: { steps: 10 }, lock: { pid: 7, host: `${hostname()}-other`, startedAt: '2026-01-01T00:00:00Z', command: 'ear2face train' },
  });
  const far = await readRunFolder(remote);
  assert.equal(far.state, 'running');
  assert.match(far.warnings[0], /run\.lock: held by pid 7 on .*-other, which cannot be checked from here; shown as running$/);
});

test('failure.json makes a failed run; a finished run wins over an old failure', async () => {
  const failure = { reason: 'exit code 1', exitCode: 1, signal: null, logTail: ['Error: out of memory'], at: '2026-01-01T00:00:00Z' };
  const failed = await writeRunFixture(join(tempFolder(), 'failed'), { spec: { steps: 10 }, metrics: metricsFixture(1), failure });
  const run = await readRunFolder(failed);
  assert.equal(run.state, 'failed');
  assert.deepEqual(run.failure, failure);

  const recovered = await writeRunFixture(join(tempFolder(), 'recovered'), { spec: { steps: 3 }, metrics: metricsFixture(3), failure, final: finalFixture(3) });
  assert.equal((await readRunFolder(recovered)).state, 'done');
});

test('final.json short of the spec\'s steps is not done; an empty folder is pending; a trial spec is the fallback', async () => {
  const extended = await writeRunFixture(join(tempFolder(), 'extended'), { spec: { steps: 20 }, metrics: metricsFixture(10), final: finalFixture(10) });
  const run = await readRunFolder(extended);
  assert.equal(run.state, 'interrupted');
  assert.equal(run.final?.step, 10);

  const empty = join(tempFolder(), 'empty');
  mkdirSync(empty);
  writeFileSync(join(empty, 'trial.json'), JSON.stringify({ steps: 7, data: 'd' }));
  const pending = await readRunFolder(empty);
  assert.deepEqual({ state: pending.state, spec: pending.spec, metrics: pending.metrics, samples: pending.samples, warnings: pending.warnings }, { state: 'pending', spec: null, metrics: [], samples: [], warnings: [] });
  const fromTrial = await readRunFolder(empty, { specFallback: 'trial.json' });
  assert.equal(fromTrial.spec?.steps, 7);
  assert.equal(fromTrial.spec?.data, 'd');
});

test('a missing folder or a file in its place is a clear error', async () => {
  const root = tempFolder();
  await assert.rejects(readRunFolder(join(root, 'nope')), /run folder .*nope: does not exist; expected a folder written by ear2face train/);
  writeFileSync(join(root, 'file'), 'x');
  await assert.rejects(readRunFolder(join(root, 'file')), /run folder .*file: not a folder/);
});
