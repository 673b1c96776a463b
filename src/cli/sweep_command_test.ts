import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepCommand, type SweepCommandIo } from './sweep_command';
import { fakeTrialCommand, type FakeTrialMode } from '../lib/sweep/test_fake_trial';

/** A folder with s.json (a 2×2 grid, 3 steps) and a sweep folder path beside it. */
function setup(spec: unknown = { base: { steps: 3, imageSize: 64, ngf: 4, ndf: 4 }, grid: { 'weights.feature': [0, 100], 'weights.style': [0, 1000] } }) {
  const root = mkdtempSync(join(tmpdir(), 'e2f-sweep-cli-'));
  writeFileSync(join(root, 's.json'), JSON.stringify(spec));
  return { root, spec: join(root, 's.json'), out: join(root, 'sweep'), record: join(root, 'record.jsonl') };
}

/** Runs the command in-process; returns the exit code and what it wrote. */
async function run(argv: string[], io: Partial<SweepCommandIo> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await sweepCommand(argv, { stdout: (t) => (stdout += t), stderr: { write: (t: string) => (stderr += t) }, ...io });
  return { code, stdout, stderr };
}
const fake = (record: string, modes: Record<string, FakeTrialMode> = {}) => ({ trialCommand: fakeTrialCommand(modes, record) });

test('--help, and usage errors exit 2 naming the problem', async () => {
  const help = await run(['--help']);
  assert.equal(help.code, 0);
  for (const flag of ['--spec', '--out', '--parallel', '--trial', '--plan', '--status']) assert.ok(help.stdout.includes(flag), flag);

  const { root, spec, out } = setup();
  const bad = join(root, 'bad.json');
  writeFileSync(bad, JSON.stringify({ base: {}, grid: { 'weights.style': [0, -1] } }));
  const cases: Array<[string[], RegExp]> = [
    [['--spec', spec], /--out is required/],
    [['--out', out], /--spec is required: .* holds no sweep yet/],
    [['--spec', spec, '--out', out, '--plan', '--status'], /--plan and --status cannot be combined/],
    [['--spec', spec, '--out', out, '--parallel', '0'], /--parallel must be a whole number ≥ 1, got 0/],
    [['--spec', spec, '--out', out, '--trial', '1.5'], /--trial must be a whole number ≥ 0, got 1\.5/],
    [['--spec', join(root, 'none.json'), '--out', out], /--spec .*none\.json: no such file; expected a sweep spec/],
    [['--spec', bad, '--out', out], /bad\.json: grid\["weights\.style"\]\[1\]: weights\.style: got -1; expected a finite number ≥ 0/],
    [['--spec', spec, '--out', out, '--trial', '4'], /--trial 4: no such trial; .* has trials 0 to 3/],
  ];
  for (const [argv, message] of cases) {
    const r = await run(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.stderr, message);
  }
});

test('the scale-out path: --plan prints one train command per trial, --trial K runs one, --status shows it done and the rest pending', async () => {
  const { spec, out, record } = setup();
  const plan = await run(['--spec', spec, '--out', out, '--plan']);
  assert.equal(plan.code, 0);
  const commands = plan.stdout.split('\n').filter((l) => l.startsWith('ear2face train'));
  assert.deepEqual(commands[2], `ear2face train --config ${join(out, 'trials', 'trial-002', 'trial.json')} --out ${join(out, 'trials', 'trial-002')}`);
  assert.equal(commands.length, 4);
  assert.match(plan.stdout, /ear2face sweep --out .* --trial K {3}\(K = 0\.\.3\)/);
  assert.equal(existsSync(join(out, 'trials', 'trial-000', 'metrics.jsonl')), false, '--plan trains nothing');

  const one = await run(['--out', out, '--trial', '2'], fake(record));
  assert.equal(one.code, 0, one.stderr);
  assert.match(one.stdout, /^step 1\/3 {2}fake\nstep 2\/3 {2}fake\nstep 3\/3 {2}fake\n/, "the trial's output is echoed for the scheduler's log");
  assert.match(one.stdout, /trial-002 +weights\.feature=100 weights\.style=0 +done +3\/3 +12\.00 +0\.300 +0\.400 +1\.000/);

  const status = await run(['--out', out, '--status']);
  assert.equal(status.code, 0);
  const states = status.stdout.split('\n').slice(1, 5).map((l) => l.split(/ {2,}/)[2]);
  assert.deepEqual(states, ['pending', 'pending', 'done', 'pending']);
  assert.match(status.stdout, /\n4 trials: 1 done, 0 running, 0 failed, 0 interrupted, 3 pending\n$/);
});

test('a whole sweep: progress, a final table, exit 1 when a trial failed and 0 once a rerun completes it', async () => {
  const { spec, out, record } = setup();
  const first = await run(['--spec', spec, '--out', out, '--parallel', '2'], fake(record, { 'trial-001': 'fail' }));
  assert.equal(first.code, 1);
  assert.match(first.stderr, /planned: 4 trials in /);
  assert.match(first.stderr, /4 trials to run, 2 at once/);
  assert.match(first.stderr, /trial-001: failed \(exit code 3\)/);
  assert.match(first.stderr, /sweep \[#+\.*\] \d+\/12 .* took .* 3\/4 trials done, 0 running, 1 failed/);
  assert.match(first.stdout, /trial-001 +weights\.feature=0 weights\.style=1000 +failed \(exit code 3\) +0\/3 +- +-/);

  const again = await run(['--spec', spec, '--out', out], fake(record));
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /already planned: 4 trials/);
  assert.match(again.stderr, /1 trial to run, .* \(3 already done\)/);
  assert.equal(readFileSync(record, 'utf8').trim().split('\n').length, 10, '4 trials, then 1 more: 5 starts and 5 ends');
});

test('a different spec for the same folder is refused (exit 1); an interrupt exits 130', async () => {
  const { root, spec, out, record } = setup();
  await run(['--spec', spec, '--out', out, '--plan']);
  const other = join(root, 'other.json');
  writeFileSync(other, JSON.stringify({ base: { steps: 4 }, grid: { 'weights.style': [0] } }));
  const refused = await run(['--spec', other, '--out', out]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /ear2face sweep: .*sweep\.json: this folder holds a different sweep \(base\.steps: 3 there, 4 in the new spec\)/);

  const listeners = process.listenerCount('SIGINT');
  const controller = new AbortController();
  const waiting = run(['--out', out, '--parallel', '2'], { ...fake(record, { 'trial-000': 'wait', 'trial-001': 'wait' }), signal: controller.signal });
  // Both trials have installed their SIGINT handler once each has recorded a step.
  while (!['trial-000', 'trial-001'].every((t) => existsSync(join(out, 'trials', t, 'metrics.jsonl')))) await new Promise((r) => setTimeout(r, 10));
  controller.abort();
  const r = await waiting;
  assert.equal(r.code, 130);
  assert.match(r.stderr, /stopping: 2 running trials save a checkpoint first/);
  assert.match(r.stdout, /trial-000 .* interrupted/);
  assert.equal(process.listenerCount('SIGINT'), listeners, 'the Ctrl-C listener is removed');
});
