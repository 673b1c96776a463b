import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveRunSpec } from '../runs/run_spec';
import { planSweep, SWEEP_DEFAULT_DATA } from './plan';
import { SweepSpecError } from './spec';

const spec = (steps = 200) => ({
  base: { data: '../data/ds', steps, imageSize: 64, ngf: 16, ndf: 16 },
  grid: { 'weights.feature': [0, 100], 'weights.style': [0, 1000] },
});

/** root/specs (where the spec lives), root/data/ds (the dataset), root/runs (sweeps). */
function layout(): { root: string; specDir: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'e2f-plan-'));
  mkdirSync(join(root, 'specs'));
  mkdirSync(join(root, 'data', 'ds'), { recursive: true });
  return { root, specDir: join(root, 'specs'), out: join(root, 'runs', 'sweep') };
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const snapshot = (dir: string): Record<string, string> => {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out[join(d, e.name).slice(dir.length)] = readFileSync(join(d, e.name), 'utf8');
    }
  };
  walk(dir);
  return out;
};

test('planning writes sweep.json, trials.json and one trial.json per trial, with data paths relative to each file', () => {
  const { root, specDir, out } = layout();
  const plan = planSweep(spec(), out, { specDir });
  assert.equal(plan.dir, out);
  assert.deepEqual(plan.trials.map((t) => t.name), ['trial-000', 'trial-001', 'trial-002', 'trial-003']);
  assert.equal(plan.written.length, 6);

  const stored = readJson(join(out, 'sweep.json'));
  assert.equal(stored.base.data, '../../data/ds');
  assert.deepEqual(stored.grid, spec().grid);
  assert.deepEqual(readJson(join(out, 'trials.json')), plan.trials);
  assert.deepEqual(plan.trials[2], { index: 2, name: 'trial-002', params: { 'weights.feature': 100, 'weights.style': 0 } });

  const trialDir = join(out, 'trials', 'trial-002');
  const trial = readJson(join(trialDir, 'trial.json'));
  assert.equal(trial.data, '../../../../data/ds');
  assert.deepEqual(trial, resolveRunSpec({ ...spec().base, data: trial.data, weights: { feature: 100, style: 0 } }));

  // The folder moves with its dataset: the relative paths still find it.
  const moved = `${root}-moved`;
  renameSync(root, moved);
  const movedTrialDir = join(moved, 'runs', 'sweep', 'trials', 'trial-002');
  assert.equal(resolve(movedTrialDir, readJson(join(movedTrialDir, 'trial.json')).data), join(moved, 'data', 'ds'));
});

test('re-planning the same spec is a no-op, even with another "parallel"; a different spec is refused, nothing overwritten', () => {
  const { specDir, out } = layout();
  planSweep(spec(), out, { specDir });
  const before = snapshot(out);
  assert.deepEqual(planSweep({ ...spec(), parallel: 3 }, out, { specDir }).written, []);
  assert.deepEqual(snapshot(out), before);

  assert.throws(() => planSweep(spec(300), out, { specDir }), /sweep\.json: this folder holds a different sweep \(base\.steps: 200 there, 300 in the new spec\); choose another folder/);
  const otherGrid = { ...spec(), grid: { 'weights.feature': [0, 100], 'weights.style': [0, 500] } };
  assert.throws(() => planSweep(otherGrid, out, { specDir }), /different sweep \(grid\["weights\.style"\]\[1\]: 1000 there, 500 in the new spec\)/);
  assert.deepEqual(snapshot(out), before);
});

test('a half-written plan is completed; an edited trial.json is refused, not overwritten', () => {
  const { specDir, out } = layout();
  planSweep(spec(), out, { specDir });
  rmSync(join(out, 'trials.json'));
  rmSync(join(out, 'trials', 'trial-003', 'trial.json'));
  const again = planSweep(spec(), out, { specDir });
  assert.deepEqual(again.written, [join(out, 'trials', 'trial-003', 'trial.json'), join(out, 'trials.json')]);
  assert.equal(readJson(join(out, 'trials', 'trial-003', 'trial.json')).weights.style, 1000);

  const edited = join(out, 'trials', 'trial-001', 'trial.json');
  writeFileSync(edited, JSON.stringify({ ...readJson(edited), steps: 5 }));
  const text = readFileSync(edited, 'utf8');
  assert.throws(() => planSweep(spec(), out, { specDir }), /trial-001\/trial\.json: this folder holds a different sweep \(steps: 5 there, 200 in the new spec\)/);
  assert.equal(readFileSync(edited, 'utf8'), text);
});

test('a folder holding other files, a missing dataset and a damaged sweep.json are refused naming the path', () => {
  const { root, specDir, out } = layout();
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'notes.txt'), 'mine');
  assert.throws(() => planSweep(spec(), out, { specDir }), /sweep: holds other files \(notes\.txt\) and no sweep\.json; expected an empty folder/);
  assert.deepEqual(readdirSync(out), ['notes.txt']);

  const missing = { ...spec(), base: { ...spec().base, data: '../no-such-data' } };
  assert.throws(
    () => planSweep(missing, join(root, 'runs', 'other'), { specDir }),
    (e: Error) => e instanceof SweepSpecError && e.message.includes(`base.data: "../no-such-data" is ${join(root, 'no-such-data')}, which is not a folder`),
  );
  assert.equal(existsSync(join(root, 'runs', 'other')), false, 'nothing is created for a bad spec');

  const damaged = join(root, 'runs', 'damaged');
  mkdirSync(damaged);
  writeFileSync(join(damaged, 'sweep.json'), '{"base": ');
  assert.throws(() => planSweep(spec(), damaged, { specDir }), /damaged\/sweep\.json: not valid JSON/);
});

test('a spec without data trains on the committed sample', () => {
  const { out } = layout();
  planSweep({ base: { steps: 10 }, grid: { seed: [1, 2] } }, out);
  const trialDir = join(out, 'trials', 'trial-001');
  const trial = readJson(join(trialDir, 'trial.json'));
  assert.equal(resolve(trialDir, trial.data), SWEEP_DEFAULT_DATA);
  assert.ok(existsSync(join(SWEEP_DEFAULT_DATA, 'manifest.json')), 'the package ships the sample');
  assert.equal(trial.seed, 2);
});
