import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { initBackend } from '../backend/select';
import { tf } from '../backend/tf';
import { PairLoader } from './loader';
import { loadPairIndex } from './paired_dataset';
import { encodeRawPng } from './png_writer';
import { tempFolder } from './test_images';

before(() => initBackend({ backend: 'wasm' }));
const tmp = tempFolder('memory');
after(() => tmp.remove());

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMB = (): number => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

const PAIRS = 10_000;

test(`${PAIRS} pairs of tiny PNGs: one pass with bounded memory and a bounded number of decoded pairs`, async () => {
  // Aligned 32×16 files (a 16×16 ear beside a 16×16 face), each with its own colours.
  const t0 = performance.now();
  const px = new Uint8Array(32 * 16 * 3);
  for (let i = 0; i < PAIRS; i++) {
    for (let j = 0; j < px.length; j++) px[j] = (i * 7 + j * 13) & 255;
    writeFileSync(join(tmp.dir, `s${Math.floor(i / 4)}_${i}.png`), encodeRawPng(32, 16, 3, px, 1));
  }
  const written = performance.now();
  const index = await loadPairIndex(tmp.dir);
  assert.equal(index.items.length, PAIRS);
  assert.equal(index.subjects.length, PAIRS / 4);
  const indexed = performance.now();

  const prefetch = 3;
  const batchSize = 25;
  const tensorsBefore = tf.memory().numTensors;
  const loader = new PairLoader(index.items, { imageSize: 16, mode: 'train', epochs: 1, batchSize, prefetch, seed: 1 });
  const heap: number[] = [];
  let pairs = 0;
  let batches = 0;
  let rssPeak = 0;
  for await (const b of loader) {
    pairs += b.items.length;
    tf.dispose([b.ear, b.face]);
    if (++batches % 100 === 0) {
      heap.push(heapMB());
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }
  }
  const done = performance.now();
  assert.equal(pairs, PAIRS);
  assert.equal(batches, PAIRS / batchSize);
  assert.equal(tf.memory().numTensors, tensorsBefore);
  const stats = loader.stats;
  assert.equal(stats.decodedPairs, PAIRS);
  assert.equal(stats.livePairs, 0);
  assert.ok(stats.maxLivePairs <= (prefetch + 1) * batchSize, `at most ${(prefetch + 1) * batchSize} decoded pairs at once, saw ${stats.maxLivePairs}`);
  // Flat: the heap at the end is within a few MB of the heap after the first 100 batches.
  const growth = heap[heap.length - 1] - heap[0];
  assert.ok(growth < 8, `heap grew ${growth.toFixed(1)} MB over the pass (${heap.map((h) => h.toFixed(1)).join(', ')})`);
  console.log(
    `# ${PAIRS} files written in ${((written - t0) / 1000).toFixed(1)} s, indexed in ${((indexed - written) / 1000).toFixed(1)} s, ` +
      `loaded in ${((done - indexed) / 1000).toFixed(1)} s (${Math.round(PAIRS / ((done - indexed) / 1000))} pairs/s); ` +
      `heap ${heap[0].toFixed(1)} → ${heap[heap.length - 1].toFixed(1)} MB, peak RSS ${(rssPeak / 2 ** 20).toFixed(0)} MB, at most ${stats.maxLivePairs} pairs decoded at once`,
  );
});
