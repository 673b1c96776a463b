import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readImage } from '../lib/data/image_decode';
import { runCli, tempDir, TINY } from './cli_test_util';
import { SAMPLE_DATASET } from './train_spec';

let run = '';
before(() => {
  run = join(tempDir(), 'run');
  const r = runCli('train', ...TINY, '--steps', '1', '--feature', '0', '--style', '0', '--out', run);
  assert.equal(r.status, 0, r.stderr);
});

const ear = (file: string) => join(SAMPLE_DATASET, 'ears', file);

test('a folder of ears: one face per readable ear and a grid; an unreadable one is skipped with a warning', async () => {
  const input = tempDir('ear2face-ears-');
  copyFileSync(ear('s0001_00.png'), join(input, 'a.png'));
  copyFileSync(ear('s0002_00.png'), join(input, 'b.png'));
  writeFileSync(join(input, 'broken.png'), Buffer.alloc(0));
  writeFileSync(join(input, 'notes.txt'), 'not an image, not listed');
  const out = join(tempDir(), 'faces');
  const r = runCli('sample', '--run', run, '--input', input, '--out', out, '--backend', 'wasm');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /warning: skipped .*broken\.png: zero-byte file/);
  assert.match(r.stdout, /2 faces \(1 image skipped\)/);
  assert.deepEqual(readdirSync(out).sort(), ['a-face.png', 'b-face.png', 'grid.png']);
  const face = await readImage(join(out, 'a-face.png'));
  assert.deepEqual([face.width, face.height], [64, 64]);
  // Two rows of ear | generated, 64² cells with a 2 px gap around each.
  const grid = await readImage(join(out, 'grid.png'));
  assert.deepEqual([grid.width, grid.height], [2 * 64 + 3 * 2, 2 * 64 + 3 * 2]);
});

test('the noise seed picks the face: the same seed gives the same file, another seed another face', () => {
  const outs = [0, 0, 1].map((seed) => {
    const out = tempDir();
    const r = runCli('sample', '--checkpoint', join(run, 'ckpt-00000001.e2f'), '--input', ear('s0003_00.png'), '--out', out, '--noise-seed', String(seed), '--backend', 'wasm');
    assert.equal(r.status, 0, r.stderr);
    return readFileSync(join(out, 's0003_00-face.png'));
  });
  assert.ok(outs[0].equals(outs[1]));
  assert.ok(!outs[0].equals(outs[2]));
});

test('bad input: an unreadable single ear, a folder of none, an --out that is a file', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'ear.png'), 'GIF89a but not really');
  const bad = runCli('sample', '--run', run, '--input', join(dir, 'ear.png'), '--out', join(dir, 'o'));
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /ear2face sample: .*ear\.png: corrupt GIF/);
  const onlyBad = tempDir();
  writeFileSync(join(onlyBad, 'x.png'), Buffer.alloc(0));
  const none = runCli('sample', '--run', run, '--input', onlyBad, '--out', join(dir, 'o'));
  assert.equal(none.status, 1);
  assert.match(none.stderr, /none of the 1 images in --input .* could be read/);
  const empty = runCli('sample', '--run', run, '--input', tempDir(), '--out', join(dir, 'o'));
  assert.equal(empty.status, 1);
  assert.match(empty.stderr, /no images in this folder; expected files ending in \.png/);
  const fileOut = runCli('sample', '--run', run, '--input', ear('s0001_00.png'), '--out', join(dir, 'ear.png'));
  assert.equal(fileOut.status, 1);
  assert.match(fileOut.stderr, /--out .*ear\.png: is a file; expected a folder/);
  const noInput = runCli('sample', '--run', run, '--out', join(dir, 'o'));
  assert.equal(noInput.status, 2);
  assert.match(noInput.stderr, /option --input is required/);
});
