import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkTrials, readSweepFolder } from './read_sweep';
import { RUN_FILES } from './run_files';
import { finalFixture, metricsFixture, tempFolder, writeSweepFixture } from './sweep_fixture_test_util';

test('a sweep folder reads back: spec, trials in order with params and each run folder', async () => {
  const dir = tempFolder();
  const planned = await writeSweepFixture(dir, [
    { params: { 'weights.style': 0 }, run: { spec: { steps: 3 }, metrics: metricsFixture(3), final: finalFixture(3, { ssim: 0.31 }), samples: [3] } },
    { params: { 'weights.style': 1000 }, run: { spec: { steps: 3 }, metrics: metricsFixture(2) } },
    { params: { 'weights.style': 10 }, run: null },
  ], { base: { steps: 3 }, grid: { 'weights.style': [0, 1000, 10] } });
  const sweep = await readSweepFolder(dir);
  assert.equal(sweep.dir, dir);
  assert.deepEqual(sweep.spec, { base: { steps: 3 }, grid: { 'weights.style': [0, 1000, 10] } });
  assert.deepEqual(sweep.warnings, []);
  assert.deepEqual(sweep.trials.map(({ index, name, params }) => ({ index, name, params })), planned);
  assert.deepEqual(sweep.trials.map((t) => t.run.state), ['done', 'interrupted', 'pending']);
  assert.equal(sweep.trials[0].run.final?.summary.ssim, 0.31);
  assert.equal(sweep.trials[0].run.dir, join(dir, 'trials', 'trial-000'));
  assert.equal(sweep.trials[1].run.metrics.length, 2);
  assert.equal(sweep.trials[2].run.dir, join(dir, 'trials', 'trial-002'));
});

test('a trial planned but not started takes its spec from trial.json', async () => {
  const dir = tempFolder();
  await writeSweepFixture(dir, [{ params: { lr: 1e-3 }, run: {} }]);
  writeFileSync(join(dir, 'trials', 'trial-000', 'trial.json'), JSON.stringify({ steps: 42, data: '../../data' }));
  const [trial] = (await readSweepFolder(dir)).trials;
  assert.equal(trial.run.state, 'pending');
  assert.equal(trial.run.spec?.steps, 42);
});

test('a damaged trial only adds warnings, prefixed with its name; the others still read', async () => {
  const dir = tempFolder();
  await writeSweepFixture(dir, [
    { params: { 'weights.l1': 1 }, run: { spec: { steps: 3 }, metrics: metricsFixture(3), final: finalFixture(3) } },
    { params: { 'weights.l1': 10 }, run: { spec: { steps: 3 } } },
  ]);
  const second = join(dir, 'trials', 'trial-001');
  writeFileSync(join(second, RUN_FILES.metrics), '{"step":1,"lr":0.1,"ms":1}\nnot json\n{"step":3,"lr":0.1,"ms":1}\n');
  writeFileSync(join(second, RUN_FILES.final), '{');
  const sweep = await readSweepFolder(dir);
  assert.equal(sweep.trials[0].run.state, 'done');
  assert.equal(sweep.trials[0].run.metrics.length, 3);
  assert.deepEqual(sweep.trials[1].run.metrics, []);
  assert.equal(sweep.warnings.length, 2);
  assert.match(sweep.warnings[0], /^trial-001: .*trial-001\/metrics\.jsonl:2: not valid JSON; expected one JSON object per line.*no loss curve shown for this run$/);
  assert.match(sweep.warnings[1], /^trial-001: .*trial-001\/final\.json: not JSON/);
});

test('a folder without trials.json is not a sweep folder; a bad sweep.json is only a warning', async () => {
  const dir = tempFolder();
  await assert.rejects(readSweepFolder(dir), (e: Error) => {
    assert.match(e.message, /: not a sweep folder \(it has no trials\.json\); expected the folder a sweep was planned into, holding sweep\.json, trials\.json and trials\//);
    return true;
  });
  await assert.rejects(readSweepFolder(join(dir, 'missing')), /missing: not a sweep folder \(it does not exist\)/);
  writeFileSync(join(dir, 'trials.json'), '[{"index":0,');
  await assert.rejects(readSweepFolder(dir), /trials\.json: not JSON \(.*\); expected \[\{ "index": 0, "name": "trial-000"/);
  writeFileSync(join(dir, 'trials.json'), '[]');
  writeFileSync(join(dir, 'sweep.json'), '{oops');
  const empty = await readSweepFolder(dir);
  assert.deepEqual(empty.trials, []);
  assert.equal(empty.spec, null);
  assert.match(empty.warnings[0], /sweep\.json: not JSON .*; ignored$/);
});

test('a trials.json naming folders outside the sweep is refused before anything is read', async () => {
  const root = tempFolder();
  const dir = join(root, 'sweep');
  mkdirSync(join(root, 'secret'), { recursive: true });
  mkdirSync(dir);
  writeFileSync(join(root, 'secret', 'config.json'), JSON.stringify({ steps: 3 }));
  for (const name of ['../../secret', '..', '/etc', 'a\\b', '']) {
    writeFileSync(join(dir, 'trials.json'), JSON.stringify([{ index: 0, name, params: {} }]));
    await assert.rejects(readSweepFolder(dir), (e: Error) => {
      assert.match(e.message, new RegExp(`trials\\.json: trials\\[0\\]\\.name ${JSON.stringify(name).replace(/[\\.[\]/]/g, '\\$&')}: .*expected a (non-empty )?plain name`));
      return true;
    });
  }
  assert.equal(existsSync(join(root, 'secret', 'config.json')), true);
});

test('trials.json entries are checked: index, duplicate names, params values', () => {
  assert.throws(() => checkTrials({ trials: [] }, 't.json'), /^Error: t\.json: got \{"trials":\[\]\}; expected an array of trials/);
  assert.throws(() => checkTrials([{ index: -1, name: 'a', params: {} }], 't.json'), /t\.json: trials\[0\]\.index: got -1; expected a whole number ≥ 0/);
  assert.throws(() => checkTrials([{ index: 0, name: 'a', params: {} }, { index: 1, name: 'a', params: {} }], 't.json'), /trials\[1\]\.name "a": used by an earlier trial/);
  assert.throws(() => checkTrials([{ index: 0, name: 'a', params: { lr: [1] } }], 't.json'), /trials\[0\]\.params\["lr"\]: got \[1\]; expected a number or a string/);
  assert.deepEqual(checkTrials([{ index: 0, name: 'a', params: { ganMode: 'hinge', lr: 0.1 } }], 't.json'), [{ index: 0, name: 'a', params: { ganMode: 'hinge', lr: 0.1 } }]);
});
