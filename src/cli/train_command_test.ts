import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { runCli, startCli, tempDir, TINY } from './cli_test_util';
import { SAMPLE_DATASET } from './train_spec';

const lines = (path: string) => readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

test('train --config: flags override the file, the run folder gets config.json, metrics, a grid and final.json', () => {
  const dir = tempDir();
  const out = join(dir, 'run');
  // Relative paths in a spec file resolve against the file's folder.
  const configFile = join(dir, 'trial.json');
  writeFileSync(configFile, JSON.stringify({ data: relative(dir, SAMPLE_DATASET), steps: 2, ngf: 8, weights: { style: 0 }, seed: 3 }));
  const r = runCli('train', '--config', configFile, ...TINY, '--steps', '3', '--out', out);
  assert.equal(r.status, 0, r.stderr);
  // Not a terminal: the `step N/M` lines a sweep reads, first and last step.
  assert.match(r.stdout, /^step 1\/3 /m);
  assert.match(r.stdout, /^step 3\/3 /m);
  assert.match(r.stderr, /train \[#+\] 3\/3 100%  took/);

  const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
  assert.equal(config.steps, 3, 'the flag overrides the file');
  assert.equal(config.ngf, 4, 'the flag overrides the file');
  assert.equal(config.seed, 3, 'the file overrides the default');
  assert.deepEqual(config.weights, { adv: 1, l1: 100, feature: 100, style: 0 });
  assert.equal(resolve(out, config.data), SAMPLE_DATASET, 'data is stored relative to the run folder');

  const metrics = lines(join(out, 'metrics.jsonl'));
  assert.deepEqual(metrics.map((m) => m.step), [1, 2, 3]);
  assert.ok(!('g/style' in metrics[0]), 'a term of weight 0 is not computed');
  const final = JSON.parse(readFileSync(join(out, 'final.json'), 'utf8'));
  assert.equal(final.step, 3);
  assert.equal(final.evaluatedOn, 'held-out');
  // The sample's manifest holds out 5 people with 5 pictures each.
  assert.equal(final.summary.pairs, 25);
  assert.equal(final.summary.identities, 5);
  assert.equal(final.summary.chanceRank1, 0.2);
  for (const key of ['psnr', 'ssim', 'rank1', 'rank5', 'pixelRank1', 'identityCosine', 'eer']) assert.ok(Number.isFinite(final.summary[key]), key);
  assert.equal(final.trainSeconds, metrics.reduce((s, m) => s + m.ms, 0) / 1000);
  const mean = (key: string) => metrics.reduce((s, m) => s + m[key], 0) / metrics.length;
  assert.ok(Math.abs(final.lastTerms['g/l1'] - mean('g/l1')) < 1e-12);
  assert.deepEqual(Object.keys(final.lastTerms).sort(), ['d/fake', 'd/real', 'd/total', 'g/adv', 'g/feature', 'g/l1', 'g/total']);
  assert.deepEqual(readdirSync(out).sort(), ['ckpt-00000003.e2f', 'config.json', 'final.json', 'metrics.jsonl', 'samples-00000003.png']);

  // The same command again: nothing to do, nothing changed.
  const before = readFileSync(join(out, 'metrics.jsonl'), 'utf8');
  const again = runCli('train', '--config', configFile, ...TINY, '--steps', '3', '--out', out);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /run already complete at step 3/);
  assert.equal(readFileSync(join(out, 'metrics.jsonl'), 'utf8'), before);

  // Another setting in the same folder is refused, naming the field; nothing is touched.
  const configBefore = readFileSync(join(out, 'config.json'), 'utf8');
  const other = runCli('train', '--config', configFile, ...TINY, '--steps', '3', '--l1', '50', '--out', out);
  assert.equal(other.status, 1);
  assert.match(other.stderr, /run folder .*run was trained with weights\.l1 = 100, this spec says 50; use another --out/);
  assert.equal(readFileSync(join(out, 'config.json'), 'utf8'), configBefore);
  assert.equal(existsSync(join(out, 'run.lock')), false);
});

test('resuming after a crash: a truncated metrics line and the steps after the checkpoint are dropped', () => {
  const dir = tempDir();
  const out = join(dir, 'run');
  const configFile = join(dir, 'trial.json');
  writeFileSync(configFile, JSON.stringify({ steps: 2, imageSize: 64, ngf: 4, ndf: 4, samples: 2, saveEvery: 1, weights: { feature: 0, style: 0 } }));
  const first = runCli('train', '--config', configFile, '--backend', 'wasm', '--out', out);
  assert.equal(first.status, 0, first.stderr);
  // As if the process died during step 3 after the checkpoint of step 1: step 2's checkpoint is gone, step 3's line half written.
  rmSync(join(out, 'ckpt-00000002.e2f'));
  rmSync(join(out, 'final.json'));
  appendFileSync(join(out, 'metrics.jsonl'), '{"step":3,"lr":0.0002,"ms":4');
  const second = runCli('train', '--config', configFile, '--backend', 'wasm', '--steps', '3', '--out', out);
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stdout, /metrics\.jsonl:3: the last line is cut off/);
  assert.match(second.stdout, /1 line of metrics\.jsonl after step 1 removed/);
  assert.match(second.stdout, /resuming from .*ckpt-00000001\.e2f at step 1/);
  const text = readFileSync(join(out, 'metrics.jsonl'), 'utf8');
  assert.ok(text.endsWith('}\n'));
  assert.deepEqual(lines(join(out, 'metrics.jsonl')).map((m) => m.step), [1, 2, 3]);
  assert.equal(JSON.parse(readFileSync(join(out, 'final.json'), 'utf8')).step, 3);
});

test('Ctrl-C saves a checkpoint, frees the folder and exits 130; running again finishes the run', async () => {
  const out = join(tempDir(), 'run');
  const args = ['train', ...TINY, '--feature', '0', '--style', '0', '--save-every', '1000', '--out', out];
  const { child, done, output } = startCli(...args, '--steps', '500');
  // Interrupt once training is under way (the first `step` line is printed after step 1).
  await new Promise<void>((resolveWait) => {
    const poll = setInterval(() => {
      if (/^step 1\/500/m.test(output()) || child.exitCode !== null) {
        clearInterval(poll);
        resolveWait();
      }
    }, 20);
  });
  child.kill('SIGINT');
  const r = await done;
  assert.equal(r.status, 130, r.stderr);
  assert.match(r.stderr, /SIGINT: stopping after the step in progress/);
  const saved = readdirSync(out).filter((n) => n.startsWith('ckpt-'));
  assert.equal(saved.length, 1);
  const step = Number(saved[0].slice(5, 13));
  assert.ok(step >= 1 && step < 500, `stopped at step ${step}`);
  assert.equal(existsSync(join(out, 'run.lock')), false, 'the lock is released');
  assert.equal(existsSync(join(out, 'final.json')), false);
  assert.deepEqual(lines(join(out, 'metrics.jsonl')).map((m) => m.step), Array.from({ length: step }, (_, i) => i + 1));

  // Lowering steps to just past the checkpoint is allowed (steps is the one setting that may change).
  const rest = runCli(...args, '--steps', String(step + 1));
  assert.equal(rest.status, 0, rest.stderr);
  assert.equal(JSON.parse(readFileSync(join(out, 'final.json'), 'utf8')).step, step + 1);
  assert.deepEqual(lines(join(out, 'metrics.jsonl')).map((m) => m.step), Array.from({ length: step + 1 }, (_, i) => i + 1));
});

test('a folder another live process trains in is refused, naming the holder', () => {
  const out = tempDir();
  // This test's parent process is alive and is not the child that will try to train.
  writeFileSync(join(out, 'run.lock'), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: '2026-01-02T03:04:05.000Z', command: 'ear2face train' }));
  const r = runCli('train', ...TINY, '--steps', '1', '--out', out);
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`run folder .* is busy: .*run\\.lock: in use by ear2face train \\(pid ${process.pid} on .*since 2026-01-02`));
  assert.deepEqual(readdirSync(out), ['run.lock'], 'nothing else written');
});

test('bad spec files and run folders are errors naming them; bad flags are usage errors', () => {
  const dir = tempDir();
  const missing = runCli('train', '--config', join(dir, 'nope.json'), '--out', join(dir, 'a'));
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /nope\.json: no such file; expected a run spec/);
  writeFileSync(join(dir, 'bad.json'), '{"steps": 10, "wieghts": {}}');
  const unknown = runCli('train', '--config', join(dir, 'bad.json'), '--out', join(dir, 'a'));
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /bad\.json: unknown field "wieghts"; expected one of data, steps/);
  writeFileSync(join(dir, 'broken.json'), '{"steps": ');
  const broken = runCli('train', '--config', join(dir, 'broken.json'), '--out', join(dir, 'a'));
  assert.equal(broken.status, 1);
  assert.match(broken.stderr, /broken\.json: not valid JSON/);
  writeFileSync(join(dir, 'a-file'), 'x');
  const fileOut = runCli('train', '--out', join(dir, 'a-file'), '--steps', '1');
  assert.equal(fileOut.status, 1);
  assert.match(fileOut.stderr, /--out .*a-file: is a file; expected a run folder/);
  const norm = runCli('train', '--norm', 'layer');
  assert.equal(norm.status, 2);
  assert.match(norm.stderr, /--norm must be one of batch, instance, got "layer"/);
  const lr = runCli('train', '--lr', '0');
  assert.equal(lr.status, 2);
  assert.match(lr.stderr, /--lr must be > 0, got 0/);
  assert.equal(existsSync(join(dir, 'a')), false, 'no run folder was created');
});
