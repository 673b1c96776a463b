import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, TINY } from './cli_test_util';
import { SAMPLE_DATASET } from './train_spec';
import { readImageFileHeader } from '../lib/data/image_io';

let run = '';
before(() => {
  run = join(tempDir(), 'run');
  const r = runCli('train', ...TINY, '--steps', '1', '--feature', '0', '--style', '0', '--out', run);
  assert.equal(r.status, 0, r.stderr);
});

/** A dataset folder with a hand-written manifest over copies of the sample's first pictures. */
function dataset(pairs: Array<{ file: string; subject: string }>, imageSize: number, heldOutSubjects?: string[]): string {
  const dir = tempDir('ear2face-data-');
  for (const sub of ['ears', 'faces']) mkdirSync(join(dir, sub));
  for (const { file } of pairs) for (const sub of ['ears', 'faces']) copyFileSync(join(SAMPLE_DATASET, sub, file), join(dir, sub, file));
  const manifest = {
    format: 'ear2face-pairs',
    version: 1,
    imageSize,
    pairs: pairs.map(({ file, subject }) => ({ ear: `ears/${file}`, face: `faces/${file}`, subject })),
    ...(heldOutSubjects ? { split: { heldOutSubjects } } : {}),
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

test("evaluate --run on the held-out people prints the table and reproduces the run's final.json", () => {
  const json = join(tempDir(), 'nested', 'eval.json');
  const grid = join(tempDir(), 'grid.png');
  const r = runCli('evaluate', '--run', run, '--backend', 'wasm', '--json', json, '--grid', grid);
  assert.equal(r.status, 0, r.stderr);
  // 5 held-out people: 5 rows of ear | generated | real at 64², with 2 px gaps around and between.
  const header = readImageFileHeader(grid);
  assert.deepEqual([header.width, header.height], [3 * 64 + 4 * 2, 5 * 64 + 6 * 2]);
  assert.match(r.stdout, /held-out split: 25 pairs of 5 people/);
  for (const row of [/PSNR \(dB\) +\d+\.\d\d/, /Rank-1, face descriptor +\d\.\d{3} +0\.200/, /Rank-10, pixels +\d\.\d{3} +1\.000/, /TAR @ FAR 0\.01 +\d\.\d{3} +0\.010/, /EER +\d\.\d{3} +0\.500/]) {
    assert.match(r.stdout, row);
  }
  const written = JSON.parse(readFileSync(json, 'utf8'));
  assert.equal(written.split, 'held-out');
  assert.equal(written.step, 1);
  // Same weights, same pairs, same noise: the same numbers as training's own evaluation.
  const final = JSON.parse(readFileSync(join(run, 'final.json'), 'utf8'));
  assert.deepEqual(written.summary, final.summary);
});

test('--split train and all evaluate the other pairs; --checkpoint names a file', () => {
  const pairs = ['s0001', 's0002', 's0003'].flatMap((subject) => [0, 1].map((i) => ({ file: `${subject}_0${i}.png`, subject })));
  const data = dataset(pairs, 64, ['s0003']);
  const train = runCli('evaluate', '--run', run, '--data', data, '--backend', 'wasm', '--split', 'train');
  assert.equal(train.status, 0, train.stderr);
  assert.match(train.stdout, /train split: 4 pairs of 2 people/);
  const all = runCli('evaluate', '--checkpoint', join(run, 'ckpt-00000001.e2f'), '--data', data, '--split', 'all', '--backend', 'wasm');
  assert.equal(all.status, 0, all.stderr);
  assert.match(all.stdout, /all split: 6 pairs of 3 people/);
  assert.match(all.stdout, /Rank-1, pixels +\d\.\d{3} +0\.333/);
});

test('a dataset at another size, with one person, or without subjects is refused saying why', () => {
  const big = dataset([{ file: 's0001_00.png', subject: 's1' }, { file: 's0002_00.png', subject: 's2' }], 128);
  const size = runCli('evaluate', '--run', run, '--data', big, '--split', 'all', '--backend', 'wasm');
  assert.equal(size.status, 1);
  assert.match(size.stderr, /the checkpoint was trained at 64×64 but the dataset .* is 128×128 \(its manifest's imageSize\); evaluate on a 64² dataset .* or train at 128/);

  const one = dataset([{ file: 's0001_00.png', subject: 's1' }, { file: 's0001_01.png', subject: 's1' }], 64);
  const single = runCli('evaluate', '--run', run, '--data', one, '--split', 'all', '--backend', 'wasm');
  assert.equal(single.status, 1);
  assert.match(single.stderr, /the all pairs of .* show 1 person \(s1\); Rank-k identification ranks people against each other and needs at least 2/);
  const heldOut = runCli('evaluate', '--run', run, '--data', one, '--backend', 'wasm');
  assert.equal(heldOut.status, 1);
  assert.match(heldOut.stderr, /needs at least 2 subjects.*Rank-k identification needs pairs of at least 2 people/);

  const unnamed = tempDir('ear2face-data-');
  for (const sub of ['ears', 'faces']) {
    mkdirSync(join(unnamed, sub));
    copyFileSync(join(SAMPLE_DATASET, sub, 's0001_00.png'), join(unnamed, sub, 'left.png'));
  }
  const noSubject = runCli('evaluate', '--run', run, '--data', unnamed, '--backend', 'wasm');
  assert.equal(noSubject.status, 1);
  assert.match(noSubject.stderr, /left\.png: file name "left" does not match subjectPattern.*every pair needs its subject/);
});

test('missing run folders and checkpoints, and bad options, are reported', () => {
  const none = runCli('evaluate');
  assert.equal(none.status, 2);
  assert.match(none.stderr, /give --run DIR \(its newest checkpoint\), --checkpoint FILE or --model FILE/);
  const both = runCli('evaluate', '--run', run, '--checkpoint', 'x.e2f');
  assert.equal(both.status, 2);
  assert.match(both.stderr, /give one of --run, --checkpoint and --model, not several/);
  const missing = runCli('evaluate', '--run', join(run, 'nope'));
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /--run .*nope: no such folder; expected a run folder/);
  const empty = runCli('evaluate', '--run', tempDir());
  assert.equal(empty.status, 1);
  assert.match(empty.stderr, /no checkpoint \(ckpt-<step>\.e2f\) in this folder; train first/);
  const file = runCli('evaluate', '--checkpoint', join(run, 'nope.e2f'));
  assert.equal(file.status, 1);
  assert.match(file.stderr, /--checkpoint .*nope\.e2f: no such file/);
  const split = runCli('evaluate', '--run', run, '--split', 'test');
  assert.equal(split.status, 2);
  assert.match(split.stderr, /--split must be one of held-out, train, all, got "test"/);
});
