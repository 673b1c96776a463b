// The committed sample (data/synthetic-sample, data/synthetic-sample-grid.png) must be what the code
// renders today for the documented command (data/README.md):
//   ear2face data synthetic --size 64 --subjects 48 --per-subject 5 --seed 0 \
//     --out data/synthetic-sample --grid --grid-size 128
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeImage } from '../image_io';
import { writeSyntheticDataset } from './write_dataset';
import { renderSyntheticPair } from './pair';
import { syntheticSampleGrid } from './sample_grid';

const root = join(__dirname, '../../../..');
const sample = join(root, 'data/synthetic-sample');
const quantised = (data: Float32Array) => Uint8Array.from(data, (v) => Math.round(Math.min(1, Math.max(-1, v)) * 127.5 + 127.5));
const decodedBytes = async (path: string) => quantised((await decodeImage(readFileSync(path), path)).data);

test('the committed sample was written with the documented settings and its manifest is reproduced exactly', async () => {
  const committed = readFileSync(join(sample, 'manifest.json'), 'utf8');
  const doc = JSON.parse(committed);
  assert.deepEqual(doc.synthetic, { generator: 'ear2face-synthetic', version: 1, seed: 0, subjects: 48, perSubject: 5 });
  assert.equal(doc.imageSize, 64);
  const out = join(mkdtempSync(join(tmpdir(), 'ear2face-sample-')), 'again');
  await writeSyntheticDataset({ out, size: 64, subjects: 48, perSubject: 5, seed: 0 });
  assert.equal(readFileSync(join(out, 'manifest.json'), 'utf8'), committed);
});

test('committed sample pictures have exactly the pixels the code renders', async () => {
  const doc = JSON.parse(readFileSync(join(sample, 'manifest.json'), 'utf8'));
  for (let i = 0; i < doc.pairs.length; i += 7) {
    const row = doc.pairs[i];
    const pair = renderSyntheticPair(0, Number(row.subject.slice(1)) - 1, Number(/_(\d+)\.png$/.exec(row.ear)![1]), 64);
    assert.deepEqual(await decodedBytes(join(sample, row.ear)), quantised(pair.ear.data), row.ear);
    assert.deepEqual(await decodedBytes(join(sample, row.face)), quantised(pair.face.data), row.face);
  }
});

test('the committed sample grid is what the code renders', async () => {
  const grid = syntheticSampleGrid({ seed: 0, size: 128, subjects: 8, perSubject: 2 });
  assert.deepEqual(await decodedBytes(join(root, 'data/synthetic-sample-grid.png')), quantised(grid.data));
});
