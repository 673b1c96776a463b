import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../backend/select';
import { tf } from '../backend/tf';
import type { PairItem } from '../data/pair_item';
import { encodeRawPng } from '../data/png_writer';
import { tempFolder } from '../data/test_images';
import { meanFaceBaseline, nearestEarBaseline, tileFace } from './baselines';

before(() => initBackend({ backend: 'wasm' }));
const tmp = tempFolder('baselines');
after(() => tmp.remove());

const S = 4;
const PIXELS = S * S * 3;
/** What the decoder makes of an 8-bit value. */
const unit = (byte: number) => Math.fround(byte / 127.5 - 1);

/** Bytes of an S×S picture: a constant, or a function of (x, y, channel). */
function bytesOf(fill: number | ((x: number, y: number, c: number) => number), width = S): Uint8Array {
  const out = new Uint8Array(width * S * 3);
  for (let y = 0; y < S; y++) for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) out[(y * width + x) * 3 + c] = typeof fill === 'number' ? fill : fill(x, y, c);
  return out;
}
let fileCount = 0;
function png(bytes: Uint8Array, width = S): string {
  const path = join(tmp.dir, `img${++fileCount}.png`);
  writeFileSync(path, encodeRawPng(width, S, 3, bytes));
  return path;
}

/** Face of training pair i: a distinct pattern. */
const faceBytes = (i: number) => bytesOf((x, y, c) => (37 * i + 11 * x + 5 * y + 3 * c) % 256);
/** A training pair with a constant-grey ear and face pattern i, in two files. */
function trainPair(id: string, earByte: number, faceIndex: number): PairItem {
  return { id, subject: id, ear: png(bytesOf(earByte)), face: png(faceBytes(faceIndex)), aligned: false };
}
/** A test pair whose face file does not exist: reading it would throw. */
function testPair(id: string, ear: Uint8Array): PairItem {
  return { id, subject: id, ear: png(ear), face: join(tmp.dir, `no-such-face-${id}.png`), aligned: false };
}
/** An aligned (ear | face side by side) pair in one 2S×S file. */
function alignedPair(id: string, earByte: number, faceIndex: number): PairItem {
  const face = faceBytes(faceIndex);
  const path = png(bytesOf((x, y, c) => (x < S ? earByte : face[(y * S + x - S) * 3 + c]), 2 * S), 2 * S);
  return { id, subject: id, ear: path, face: path, aligned: true };
}

// Training ears are greys 0, 100, 200, 255, plus an exact copy of ear 100 (a tie) and an aligned pair.
const train = [trainPair('t0', 0, 0), trainPair('t1', 100, 1), trainPair('t2', 200, 2), trainPair('t3', 255, 3), trainPair('t1copy', 100, 4), alignedPair('t5', 30, 5)];
const trainFaces = [0, 1, 2, 3, 4, 5].map((i) => Float32Array.from(faceBytes(i), unit));

test('mean face: the pixel mean of every training face (aligned ones split), computed from the bytes written', async () => {
  const mean = await meanFaceBaseline(train, S);
  assert.equal(mean.width, S);
  assert.equal(mean.height, S);
  const expected = new Float32Array(PIXELS);
  for (let p = 0; p < PIXELS; p++) {
    let sum = 0;
    for (const f of trainFaces) sum += f[p];
    expected[p] = sum / trainFaces.length;
  }
  assert.deepEqual(mean.data, expected);
  const before = tf.memory().numTensors;
  const tiled = tileFace(mean, 3);
  assert.deepEqual(tiled.shape, [3, S, S, 3]);
  assert.deepEqual(tiled.dataSync().subarray(2 * PIXELS), expected);
  tiled.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('mean face: resized like evaluation when the files are larger than imageSize', async () => {
  // Constant faces stay constant under any resize: the mean of greys 0 and 255 at 2×2 is 0.
  const items = [0, 255].map((g, i) => ({ id: `g${i}`, subject: `g${i}`, ear: png(bytesOf(g)), face: png(bytesOf(g)), aligned: false }));
  const mean = await meanFaceBaseline(items, 2);
  assert.equal(mean.data.length, 2 * 2 * 3);
  for (const v of mean.data) assert.ok(Math.abs(v) < 1e-7, `${v}`);
});

test('nearest ear: each test ear gets the face of the training ear nearest in pixels; test faces are never read', async () => {
  const test1 = testPair('q90', bytesOf(90)); //  nearest 100 (t1, then its copy), then 30 (t5), 0 (t0)
  const test2 = testPair('q240', bytesOf(240)); // nearest 255 (t3), then 200 (t2)
  const aligned = alignedPair('q20', 20, 9); //   nearest 30 (t5), then 0 (t0)
  const tests = [test1, test2, aligned];
  const before = tf.memory().numTensors;
  const { faces, neighbours } = await nearestEarBaseline(train, tests, S);
  assert.deepEqual(faces.shape, [3, S, S, 3]);
  const rows = faces.dataSync();
  assert.deepEqual(rows.slice(0, PIXELS), trainFaces[1]);
  assert.deepEqual(rows.slice(PIXELS, 2 * PIXELS), trainFaces[3]);
  assert.deepEqual(rows.slice(2 * PIXELS), trainFaces[5]);
  assert.deepEqual(neighbours.map((n) => n.map((x) => x.item.id)), [['t1'], ['t3'], ['t5']]);
  // Squared L2 of two greys: PIXELS · (difference)², within float32 rounding of |a|² + |b|² − 2a·b.
  const expectedDistance = (a: number, b: number) => PIXELS * (unit(a) - unit(b)) ** 2;
  assert.ok(Math.abs(neighbours[0][0].distance - expectedDistance(90, 100)) < 1e-4, `${neighbours[0][0].distance}`);
  assert.ok(Math.abs(neighbours[1][0].distance - expectedDistance(240, 255)) < 1e-4, `${neighbours[1][0].distance}`);
  faces.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('nearest ear, k > 1: the mean of the k nearest ears\' faces; ties keep training order; any batch size gives the same', async () => {
  const tests = [testPair('q90', bytesOf(90)), testPair('q240', bytesOf(240))];
  const results = [];
  for (const batchSize of [1, 2, 64]) {
    const before = tf.memory().numTensors;
    const r = await nearestEarBaseline(train, tests, S, { k: 3, batchSize });
    results.push({ faces: r.faces.dataSync().slice(), ids: r.neighbours.map((n) => n.map((x) => x.item.id)) });
    r.faces.dispose();
    assert.equal(tf.memory().numTensors, before);
  }
  // 90: the two ears of grey 100 tie (t1 listed first: it comes first), then 30 (t5). 240: 255, 200, 100 (t1 before its copy).
  assert.deepEqual(results[0].ids, [['t1', 't1copy', 't5'], ['t3', 't2', 't1']]);
  const mean3 = (a: number, b: number, c: number) => trainFaces[a].map((v, p) => (v + trainFaces[b][p] + trainFaces[c][p]) / 3);
  const expected = [mean3(1, 4, 5), mean3(3, 2, 1)];
  for (const [i, e] of expected.entries()) {
    const row = results[0].faces.subarray(i * PIXELS, (i + 1) * PIXELS);
    e.forEach((v, p) => assert.ok(Math.abs(row[p] - v) < 1e-6, `test ${i} pixel ${p}: ${row[p]} vs ${v}`));
  }
  for (const r of results.slice(1)) assert.deepEqual(r, results[0]);
});

test('nearest ear matches a brute-force search on random pictures', async () => {
  let state = 12345;
  const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 24;
  const trainEars = Array.from({ length: 7 }, () => bytesOf(() => random()));
  const testEars = Array.from({ length: 4 }, () => bytesOf(() => random()));
  const trainItems = trainEars.map((ear, i) => ({ id: `r${i}`, subject: `r${i}`, ear: png(ear), face: png(faceBytes(i)), aligned: false }));
  const testItems = testEars.map((ear, i) => testPair(`x${i}`, ear));
  const { faces, neighbours } = await nearestEarBaseline(trainItems, testItems, S, { k: 2, batchSize: 3 });
  faces.dispose();
  // Brute force in float64 over the bytes that were written.
  for (const [t, ear] of testEars.entries()) {
    const ranked = trainEars
      .map((e, i) => ({ i, d: e.reduce((sum, byte, p) => sum + (unit(byte) - unit(ear[p])) ** 2, 0) }))
      .sort((x, y) => x.d - y.d);
    assert.deepEqual(neighbours[t].map((n) => n.item.id), [`r${ranked[0].i}`, `r${ranked[1].i}`]);
    neighbours[t].forEach((n, j) => assert.ok(Math.abs(n.distance - ranked[j].d) < 1e-3, `${n.distance} vs ${ranked[j].d}`));
  }
});

test('bad input: overlapping sets, k beyond the training set, empty lists, a bad size', async () => {
  const q = testPair('q', bytesOf(90));
  await assert.rejects(nearestEarBaseline(train, [q, { ...train[2], id: 'same' }], S), /training pair t2 and test pair same share the ear .*must not overlap/);
  await assert.rejects(nearestEarBaseline(train, [q], S, { k: 7 }), /k 7; expected an integer from 1 to the 6 training pairs/);
  await assert.rejects(nearestEarBaseline(train, [], S), /testItems is empty/);
  await assert.rejects(meanFaceBaseline([], S), /trainItems is empty/);
  await assert.rejects(meanFaceBaseline(train, 0), /imageSize 0; expected a positive integer/);
  await assert.rejects(nearestEarBaseline(train, [q], S, { batchSize: 0 }), /batchSize 0/);
  // A missing training face is an error naming the file (training faces are read; test faces never).
  await assert.rejects(meanFaceBaseline([{ ...train[0], face: join(tmp.dir, 'gone.png') }], S), /gone\.png/);
});
