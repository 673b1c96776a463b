import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeImage } from '../image_io';
import { readManifest } from '../manifest';
import { INCOMPLETE_MARKER, writeSyntheticDataset, type SyntheticDatasetOptions } from './write_dataset';
import { renderSyntheticPair } from './pair';
import { heldOutSubjects } from './split';

const tempDir = () => mkdtempSync(join(tmpdir(), 'ear2face-synthetic-'));
const quantised = (data: Float32Array) => Array.from(data, (v) => Math.round(Math.min(1, Math.max(-1, v)) * 127.5 + 127.5));

test('writes ears, faces and a manifest in the paired format, with the split and parameters', async () => {
  const out = join(tempDir(), 'ds');
  const progress: number[] = [];
  const r = await writeSyntheticDataset({ out, size: 64, subjects: 5, perSubject: 2, seed: 11, heldOutFraction: 0.2, onProgress: (done, total) => progress.push(done / total) });
  assert.equal(r.pairs, 10);
  assert.deepEqual(progress, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  assert.deepEqual(readdirSync(out).sort(), ['ears', 'faces', 'manifest.json']);
  assert.equal(readdirSync(join(out, 'ears')).length, 10);
  const doc = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  assert.equal(doc.format, 'ear2face-pairs');
  assert.equal(doc.version, 1);
  assert.equal(doc.imageSize, 64);
  assert.deepEqual(doc.pairs[3].ear, 'ears/s0002_01.png');
  assert.deepEqual(doc.pairs[3].face, 'faces/s0002_01.png');
  assert.equal(doc.pairs[3].subject, 's0002');
  assert.equal(typeof doc.pairs[3].params.earSize, 'number');
  assert.ok(['free', 'attached'].includes(doc.pairs[3].params.lobe));
  assert.equal(typeof doc.pairs[3].jitter.ear.angle, 'number');
  assert.deepEqual(doc.split, { heldOutSubjects: heldOutSubjects(5, 0.2, 11), seed: 11, fraction: 0.2 });
  assert.deepEqual(r.heldOutSubjects, doc.split.heldOutSubjects);
  assert.equal(doc.synthetic.generator, 'ear2face-synthetic');
  // The PNGs hold exactly the rendered pixels.
  const pair = renderSyntheticPair(11, 1, 1, 64);
  const ear = await decodeImage(readFileSync(join(out, 'ears/s0002_01.png')), 'ear');
  const face = await decodeImage(readFileSync(join(out, 'faces/s0002_01.png')), 'face');
  assert.equal(ear.width, 64);
  assert.deepEqual(quantised(ear.data), quantised(pair.ear.data));
  assert.deepEqual(quantised(face.data), quantised(pair.face.data));
  // The dataset loaders read it: every row valid, the split carried over.
  const m = readManifest(join(out, 'manifest.json'));
  assert.equal(m.rows.length, 10);
  assert.ok(m.rows.every((row) => row.error === undefined));
  assert.equal(m.imageSize, 64);
  assert.deepEqual(m.split?.heldOutSubjects, r.heldOutSubjects);
  assert.equal(m.rows[3].extra.params && typeof m.rows[3].extra.params, 'object');
});

test('the held-out subjects never appear among the training pairs', async () => {
  const out = join(tempDir(), 'ds');
  const r = await writeSyntheticDataset({ out, size: 64, subjects: 12, perSubject: 1, seed: 2, heldOutFraction: 0.25 });
  const doc = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  const held = new Set(r.heldOutSubjects);
  assert.equal(held.size, 3);
  const train = doc.pairs.filter((p: { subject: string }) => !held.has(p.subject));
  const test = doc.pairs.filter((p: { subject: string }) => held.has(p.subject));
  assert.equal(train.length, 9);
  assert.equal(test.length, 3);
  assert.ok(!train.some((p: { subject: string }) => held.has(p.subject)));
});

test('refuses a non-empty folder that is not a synthetic dataset, and says why', async () => {
  const out = tempDir();
  writeFileSync(join(out, 'notes.txt'), 'mine');
  await assert.rejects(writeSyntheticDataset({ out, size: 64, subjects: 2, perSubject: 1, seed: 0 }), /writeSyntheticDataset: out .* is not empty \(notes\.txt\) and is not a synthetic dataset; refusing to overwrite it/);
  const other = tempDir();
  writeFileSync(join(other, 'manifest.json'), JSON.stringify({ format: 'ear2face-pairs', version: 1, pairs: [] }));
  await assert.rejects(writeSyntheticDataset({ out: other, size: 64, subjects: 2, perSubject: 1, seed: 0 }), /refusing to overwrite/);
  assert.ok(existsSync(join(other, 'manifest.json')) && existsSync(join(out, 'notes.txt')));
  const file = join(tempDir(), 'file');
  writeFileSync(file, '');
  await assert.rejects(writeSyntheticDataset({ out: file, size: 64, subjects: 2, perSubject: 1, seed: 0 }), /out .*file is a file; expected a folder/);
});

test('replaces a previous synthetic dataset, removing its pictures that the new one lacks', async () => {
  const out = join(tempDir(), 'ds');
  await writeSyntheticDataset({ out, size: 64, subjects: 3, perSubject: 2, seed: 0 });
  writeFileSync(join(out, 'README.md'), 'kept');
  await writeSyntheticDataset({ out, size: 64, subjects: 2, perSubject: 1, seed: 1 });
  assert.deepEqual(readdirSync(join(out, 'ears')).sort(), ['s0001_00.png', 's0002_00.png']);
  assert.deepEqual(readdirSync(join(out, 'faces')).sort(), ['s0001_00.png', 's0002_00.png']);
  assert.equal(readFileSync(join(out, 'README.md'), 'utf8'), 'kept');
  assert.equal(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).pairs.length, 2);
});

test('an interrupted run leaves a marker and no manifest; the next run replaces it', async () => {
  const out = join(tempDir(), 'ds');
  await assert.rejects(
    writeSyntheticDataset({
      out, size: 64, subjects: 4, perSubject: 1, seed: 0,
      onProgress: (done) => {
        if (done === 2) throw new Error('stopped');
      },
    }),
    /stopped/,
  );
  assert.ok(existsSync(join(out, INCOMPLETE_MARKER)));
  assert.ok(!existsSync(join(out, 'manifest.json')));
  await writeSyntheticDataset({ out, size: 64, subjects: 4, perSubject: 1, seed: 0 });
  assert.ok(!existsSync(join(out, INCOMPLETE_MARKER)));
  assert.ok(existsSync(join(out, 'manifest.json')));
  // A rerun over a finished dataset removes its manifest first, so a crash cannot leave a stale one.
  mkdirSync(join(out, 'ears'), { recursive: true });
  await assert.rejects(writeSyntheticDataset({ out, size: 64, subjects: 4, perSubject: 1, seed: 1, onProgress: () => { throw new Error('again'); } }), /again/);
  assert.ok(!existsSync(join(out, 'manifest.json')));
});

test('bad options are errors naming the option, the value and what was expected', async () => {
  const ok: SyntheticDatasetOptions = { out: join(tempDir(), 'x'), size: 64, subjects: 4, perSubject: 2, seed: 0 };
  const cases: [Partial<SyntheticDatasetOptions>, RegExp][] = [
    [{ size: 100 }, /writeSyntheticDataset: size 100; expected one of 64, 128, 256/],
    [{ subjects: 1 }, /subjects 1; expected an integer of at least 2/],
    [{ subjects: 2.5 }, /subjects 2\.5/],
    [{ perSubject: 0 }, /perSubject 0; expected a positive integer/],
    [{ seed: -1 }, /seed -1; expected an integer from 0 to 4294967295/],
    [{ seed: 1.5 }, /seed 1\.5/],
    [{ heldOutFraction: 0 }, /heldOutFraction 0; expected a number between 0 and 1/],
    [{ heldOutFraction: 1 }, /heldOutFraction 1/],
    [{ out: '' }, /out ""; expected a folder path/],
  ];
  for (const [change, message] of cases) await assert.rejects(writeSyntheticDataset({ ...ok, ...change }), message);
  assert.ok(!existsSync(ok.out), 'nothing is written when an option is bad');
});
