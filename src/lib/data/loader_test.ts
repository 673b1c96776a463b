import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../backend/select';
import { tf } from '../backend/tf';
import { preparePair } from './augment';
import { ImageError } from './image_error';
import { LoadedBatch, PairLoader } from './loader';
import { loadPair, PairItem } from './pair_item';
import { rgbToPngBytes } from './png_writer';
import type { RgbImage } from './rgb_image';
import { patternRgb, tempFolder } from './test_images';

before(() => initBackend({ backend: 'wasm' }));
const tmp = tempFolder('loader');
after(() => tmp.remove());

/** Side-by-side 2S×S images whose halves are identical (ear = face), `count` subjects of 2. */
function alignedItems(count: number, size = 24): PairItem[] {
  const dir = join(tmp.dir, `aligned${count}_${size}`);
  mkdirSync(dir, { recursive: true });
  return Array.from({ length: count }, (_, i) => {
    const half = patternRgb(size, size, i);
    const img: RgbImage = { width: 2 * size, height: size, data: new Float32Array(2 * size * size * 3) };
    for (let y = 0; y < size; y++) {
      img.data.set(half.data.subarray(y * size * 3, (y + 1) * size * 3), y * 2 * size * 3);
      img.data.set(half.data.subarray(y * size * 3, (y + 1) * size * 3), (y * 2 + 1) * size * 3);
    }
    const path = join(dir, `p${Math.floor(i / 2)}_${i}.png`);
    writeFileSync(path, rgbToPngBytes(img));
    return { id: `p${i}`, subject: `p${Math.floor(i / 2)}`, ear: path, face: path, aligned: true };
  });
}

async function collect(loader: PairLoader): Promise<LoadedBatch[]> {
  const out: LoadedBatch[] = [];
  for await (const b of loader) out.push(b);
  return out;
}
const dispose = (batches: LoadedBatch[]) => batches.forEach((b) => tf.dispose([b.ear, b.face]));

test('eval: every pair once, in order, resized only; the last batch is smaller; no tensor left behind', async () => {
  const items = alignedItems(5);
  const before = tf.memory().numTensors;
  const loader = new PairLoader(items, { imageSize: 16, mode: 'eval', batchSize: 2 });
  assert.equal(loader.batchesPerEpoch, 3);
  const batches = await collect(loader);
  assert.deepEqual(batches.map((b) => b.items.map((i) => i.id)), [['p0', 'p1'], ['p2', 'p3'], ['p4']]);
  assert.deepEqual(batches.map((b) => b.subjects), [['p0', 'p0'], ['p1', 'p1'], ['p2']]);
  assert.deepEqual(batches.map((b) => b.ear.shape), [[2, 16, 16, 3], [2, 16, 16, 3], [1, 16, 16, 3]]);
  assert.deepEqual(batches.map((b) => [b.epoch, b.index]), [[0, 0], [0, 1], [0, 2]]);
  const expected = preparePair(await loadPair(items[3]), 16);
  assert.deepEqual(batches[1].ear.dataSync().subarray(16 * 16 * 3), expected.ear.data);
  assert.deepEqual(batches[1].face.dataSync().subarray(16 * 16 * 3), expected.face.data);
  assert.equal(tf.memory().numTensors, before + 6);
  dispose(batches);
  assert.equal(tf.memory().numTensors, before);
  assert.equal(loader.stats.livePairs, 0);
});

test('train: each epoch a seeded permutation; augmented pairs stay aligned; N epochs end', async () => {
  const items = alignedItems(6);
  const run = async (seed: number) => {
    const batches = await collect(new PairLoader(items, { imageSize: 16, mode: 'train', batchSize: 3, epochs: 3, seed }));
    const ids = batches.map((b) => b.items.map((i) => i.id));
    const pixels = batches.map((b) => Array.from(b.ear.dataSync()));
    for (const b of batches) assert.deepEqual(b.ear.dataSync(), b.face.dataSync()); // ear = face in every file
    dispose(batches);
    return { batches, ids, pixels };
  };
  const before = tf.memory().numTensors;
  const a = await run(4);
  assert.equal(a.batches.length, 6);
  const epochs = [0, 1, 2].map((e) => a.batches.filter((b) => b.epoch === e).flatMap((b) => b.items.map((i) => i.id)));
  for (const ep of epochs) assert.deepEqual([...ep].sort(), items.map((i) => i.id).sort());
  assert.ok(epochs[0].join() !== epochs[1].join() || epochs[1].join() !== epochs[2].join(), 'orders differ between epochs');
  const b = await run(4);
  assert.deepEqual(b.ids, a.ids);
  assert.deepEqual(b.pixels, a.pixels);
  const c = await run(5);
  assert.notDeepEqual(c.ids, a.ids);
  // Augmentation on: not the plain resize of the eval path.
  const plain = preparePair(await loadPair(a.batches[0].items[0]), 16).ear.data;
  assert.notDeepEqual(Float32Array.from(a.pixels[0].slice(0, plain.length)), plain);
  assert.equal(tf.memory().numTensors, before);
});

test('leaving a for-await loop closes the loader: prefetched batches dropped, decoding stops, no tensors kept', async () => {
  const items = alignedItems(8);
  const before = tf.memory().numTensors;
  const loader = new PairLoader(items, { imageSize: 16, mode: 'train', batchSize: 2, prefetch: 3 });
  let n = 0;
  for await (const batch of loader) {
    tf.dispose([batch.ear, batch.face]);
    await new Promise((r) => setTimeout(r, 20)); // let the queue fill
    if (++n === 7) break; // endless by default; past the first epoch
  }
  const decoded = loader.stats.decodedPairs;
  assert.ok(decoded >= 14, `decoded ${decoded}`);
  assert.equal(loader.stats.livePairs, 0);
  assert.ok(loader.stats.maxLivePairs <= (3 + 1) * 2, `max live ${loader.stats.maxLivePairs}`);
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(loader.stats.decodedPairs, decoded);
  assert.deepEqual(await loader.next(), { value: undefined, done: true });
  assert.equal(tf.memory().numTensors, before);
});

test('close() while the queue is full releases everything', async () => {
  const loader = new PairLoader(alignedItems(6), { imageSize: 16, mode: 'eval', prefetch: 2 });
  const first = (await loader.next()).value as LoadedBatch;
  await new Promise((r) => setTimeout(r, 30));
  assert.ok(loader.stats.livePairs >= 2, `live ${loader.stats.livePairs}`);
  await loader.close();
  assert.equal(loader.stats.livePairs, 0);
  tf.dispose([first.ear, first.face]);
});

test('a file that fails to decode: strict throws after the batches before it, lenient skips it once and counts it', async () => {
  const items = alignedItems(4);
  const broken = join(tmp.dir, 'p9_9.png');
  const png = Buffer.from(rgbToPngBytes(patternRgb(32, 16)));
  for (let i = 45; i < png.length - 16; i += 2) png[i] ^= 0xa5;
  writeFileSync(broken, png);
  const withBad = [...items.slice(0, 2), { id: 'bad', subject: 'p9', ear: broken, face: broken, aligned: true }, ...items.slice(2)];
  const before = tf.memory().numTensors;

  const strict = new PairLoader(withBad, { imageSize: 16, mode: 'eval', batchSize: 2 });
  const got = (await strict.next()).value as LoadedBatch;
  assert.deepEqual(got.items.map((i) => i.id), ['p0', 'p1']);
  tf.dispose([got.ear, got.face]);
  await assert.rejects(strict.next(), (e: unknown) => e instanceof ImageError && e.file === broken && /corrupt or truncated PNG data/.test(e.message));
  assert.deepEqual(await strict.next(), { value: undefined, done: true });

  const warnings: string[] = [];
  const lenient = new PairLoader(withBad, { imageSize: 16, mode: 'train', epochs: 3, batchSize: 2, strict: false, onWarning: (m) => warnings.push(m) });
  const batches = await collect(lenient);
  assert.equal(batches.reduce((s, b) => s + b.items.length, 0), 12); // 4 good pairs × 3 epochs
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /^skipped pair bad: .*p9_9\.png: corrupt or truncated PNG data/);
  assert.equal(lenient.summary.total, 5);
  assert.equal(lenient.summary.used, 4);
  assert.deepEqual(lenient.summary.skipped.map((s) => [s.item, s.problem]), [['bad', 'corrupt']]);
  dispose(batches);
  assert.equal(tf.memory().numTensors, before);
});

test('lenient mode with no decodable pair ends with an error instead of looping', async () => {
  const empty = join(tmp.dir, 'e_0.png');
  writeFileSync(empty, '');
  const loader = new PairLoader([{ id: 'e', subject: 'e', ear: empty, face: empty, aligned: true }], { imageSize: 16, mode: 'train', strict: false, onWarning: () => {} });
  await assert.rejects(loader.next(), /PairLoader: none of the 1 pairs could be decoded \(all skipped\); see loader\.summary/);
  assert.deepEqual(loader.summary.skipped.map((s) => s.problem), ['empty']);
});

test('options are checked by name', () => {
  const items = alignedItems(1);
  assert.throws(() => new PairLoader([], { imageSize: 16, mode: 'eval' }), /PairLoader: items is empty/);
  assert.throws(() => new PairLoader(items, { imageSize: 16, mode: 'test' as never }), /PairLoader: mode "test"; expected 'train' or 'eval'/);
  assert.throws(() => new PairLoader(items, { imageSize: 16, mode: 'eval', prefetch: 0 }), /PairLoader: prefetch 0; expected a positive integer/);
  assert.throws(() => new PairLoader(items, { imageSize: 16.5, mode: 'eval' }), /PairLoader: imageSize 16\.5; expected a positive integer/);
  assert.throws(() => new PairLoader(items, { imageSize: 16, mode: 'eval', epochs: 0 }), /PairLoader: epochs 0; expected a positive integer or Infinity/);
});
