import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = join(__dirname, 'main.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, EAR2FACE_WASM_THREADS: '1' } });

test('usage errors exit with 2 and say what was wrong', () => {
  const unknown = run('fly');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command "fly"/);
  const badFlag = run('train', '--stpes', '3');
  assert.equal(badFlag.status, 2);
  assert.match(badFlag.stderr, /unknown option --stpes/);
  const badSize = run('train', '--size', '100');
  assert.equal(badSize.status, 2);
  assert.match(badSize.stderr, /--size must be 64, 128 or 256, got 100/);
  const notNumber = run('train', '--steps', 'many');
  assert.equal(notNumber.status, 2);
  assert.match(notNumber.stderr, /--steps expects a number, got "many"/);
});

test('--help exits 0 and lists the options', () => {
  const r = run('train', '--help');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /--steps/);
  assert.match(r.stdout, /--backend/);
});

test('train on the committed sample with all four terms: checkpoint, metrics, sample grid, and a rerun resumes', () => {
  const out = mkdtempSync(join(tmpdir(), 'ear2face-cli-'));
  const args = ['train', '--size', '64', '--ngf', '4', '--ndf', '4', '--samples', '2', '--out', out, '--backend', 'wasm'];
  const first = run(...args, '--steps', '2');
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /backend: wasm/);
  assert.match(first.stdout, /data: .*synthetic-sample \(\d+ pairs, \d+ people\); training on \d+ pairs, \d+ people held out/);
  assert.ok(existsSync(join(out, 'ckpt-00000002.e2f')));
  const lines = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.step), [1, 2]);
  for (const term of ['g/adv', 'g/l1', 'g/feature', 'g/style', 'd/total']) assert.ok(Number.isFinite(lines[1][term]), term);
  const png = readFileSync(join(out, 'samples-00000002.png'));
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
  const second = run(...args, '--steps', '3');
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stdout, /resuming from .*ckpt-00000002\.e2f at step 2/);
  assert.ok(readdirSync(out).includes('ckpt-00000003.e2f'));
});

test('bad training flags and a missing dataset are reported with exit 2 / 1', () => {
  const weight = run('train', '--style', '-1');
  assert.equal(weight.status, 2);
  assert.match(weight.stderr, /--style must be ≥ 0, got -1/);
  const mode = run('train', '--gan-mode', 'wgan');
  assert.equal(mode.status, 2);
  assert.match(mode.stderr, /--gan-mode must be one of vanilla, lsgan, hinge, got "wgan"/);
  const missing = run('train', '--data', join(tmpdir(), 'no-such-dataset-e2f'), '--steps', '1');
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /--data .*no-such-dataset-e2f: no such folder/);
});

test('a bad backend name is a usage error naming it', () => {
  const r = run('train', '--backend', 'tpu', '--steps', '1');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Unknown backend "tpu" in --backend/);
});

test('every command answers --help with its usage and exit 0; no command is a usage error', () => {
  for (const command of ['train', 'evaluate', 'sample', 'sweep', 'bench', 'data']) {
    const r = run(command, '--help');
    assert.equal(r.status, 0, `${command}: ${r.stderr}`);
    assert.match(r.stdout, new RegExp(`usage: ear2face ${command}\\b`), command);
  }
  assert.match(run('evaluate', '--help').stdout, /--split +pairs to evaluate: held-out, train, all/);
  assert.match(run('bench', '--help').stdout, /--sizes LIST/);
  const none = run();
  assert.equal(none.status, 2);
  for (const command of ['train', 'evaluate', 'sample', 'sweep', 'bench', 'data']) assert.match(none.stdout, new RegExp(`^  ${command} `, 'm'));
});

test('a bad bench option is a usage error naming it', () => {
  const r = run('bench', '--sizes', '32');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /ear2face bench: --sizes: expected a comma-separated list of 64\/128\/256, got "32"/);
});

test('bench runs the benchmark: a tiny run prints one JSON line per size', () => {
  const r = run('bench', '--sizes', '64', '--width', '4', '--steps', '1', '--warmup', '1', '--infer', '1', '--no-torch', '--no-data', '--no-ear2face', '--backend', 'wasm');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const json = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  assert.equal(json.length, 1);
  assert.equal(json[0].size, 64);
  assert.equal(json[0].backend, 'wasm');
  assert.ok(json[0].msPerStep > 0);
});
