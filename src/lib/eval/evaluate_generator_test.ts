import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { createRgb } from '../data/rgb_image';
import { writePng } from '../data/image_io';
import type { PairItem } from '../data/pair_item';
import type { ApplyOptions, Network } from '../models/network';
import { identityExtractor } from '../losses/extractor_test_util';
import { evaluateGenerator, generateFaces } from './evaluate_generator';

before(async () => {
  await initBackend({ backend: 'wasm' });
});

const SIZE = 16;
/** 8-bit values that PNG stores exactly: byte b ↔ b / 127.5 − 1. */
const unit = (byte: number) => Math.fround(byte / 127.5 - 1);

/** A stand-in generator: `fn` of the ear, with the options it was called with recorded. */
function standIn(fn: (ear: tf.Tensor4D) => tf.Tensor4D): Network & { calls: ApplyOptions[]; batchSizes: number[] } {
  const calls: ApplyOptions[] = [];
  const batchSizes: number[] = [];
  return {
    kind: 'generator',
    weights: {},
    buffers: {},
    calls,
    batchSizes,
    apply(input, options) {
      calls.push(options);
      batchSizes.push(input.shape[0]);
      return tf.tidy(() => fn(input));
    },
    parameterCount: () => 0,
    dispose() {},
  };
}

/** Solid-colour pairs whose ear file is the face file, so an identity generator returns the real face. */
async function solidPairs(colours: Array<{ subject: string; rgb: [number, number, number] }>): Promise<PairItem[]> {
  const dir = mkdtempSync(join(tmpdir(), 'e2f-evalgen-'));
  const items: PairItem[] = [];
  for (const [i, { subject, rgb }] of colours.entries()) {
    const path = join(dir, `${subject}_${i}.png`);
    await writePng(createRgb(SIZE, SIZE, rgb.map(unit) as [number, number, number]), path);
    items.push({ id: `${subject}_${i}`, subject, ear: path, face: path, aligned: false });
  }
  return items;
}

test('a generator that returns the real face scores perfectly: PSNR ∞, SSIM 1, Rank-1 1, EER 0', async () => {
  const items = await solidPairs([
    { subject: 'a', rgb: [255, 0, 0] },
    { subject: 'a', rgb: [230, 20, 10] },
    { subject: 'b', rgb: [0, 255, 51] },
    { subject: 'c', rgb: [51, 102, 255] },
    { subject: 'c', rgb: [40, 90, 240] },
  ]);
  const start = tf.memory().numTensors;
  const g = standIn((ear) => tf.clone(ear));
  const { evaluation, subjects, generated } = await evaluateGenerator(g, items, { imageSize: SIZE, faceNet: identityExtractor(), batchSize: 2, noiseSeed: 7, keepGenerated: true });
  assert.equal(tf.memory().numTensors, start, 'no tensors left behind');
  assert.deepEqual(subjects, ['a', 'a', 'b', 'c', 'c']);
  const s = evaluation.summary;
  assert.equal(s.pairs, 5);
  assert.equal(s.identities, 3);
  assert.equal(s.psnr, Infinity);
  assert.ok(Math.abs(s.ssim - 1) < 1e-5, `ssim ${s.ssim}`);
  assert.equal(s.rank1, 1);
  assert.equal(s.pixelRank1, 1);
  assert.ok(Math.abs(s.identityCosine! - 1) < 1e-6);
  assert.equal(s.eer, 0);
  // One ear at a time, in inference mode, with the given noise seed.
  assert.deepEqual(g.batchSizes, [1, 1, 1, 1, 1]);
  assert.ok(g.calls.every((c) => c.training === false && c.noiseSeed === 7));
  assert.equal(generated!.length, 5);
  assert.deepEqual([generated![2].data[0], generated![2].data[1], generated![2].data[2]], [unit(0), unit(255), unit(51)]);
});

test('a constant grey output gives the hand-computed PSNR, SSIM, cosines and Rank-1 = 1/3', async () => {
  const colours: Array<{ subject: string; rgb: [number, number, number] }> = [
    { subject: 'a', rgb: [204, 204, 204] },
    { subject: 'b', rgb: [255, 0, 0] },
    { subject: 'c', rgb: [0, 255, 51] },
  ];
  const items = await solidPairs(colours);
  const grey = 0.5;
  const start = tf.memory().numTensors;
  const g = standIn((ear) => tf.fill(ear.shape, grey) as tf.Tensor4D);
  const { evaluation } = await evaluateGenerator(g, items, { imageSize: SIZE, faceNet: identityExtractor() });
  assert.equal(tf.memory().numTensors, start);
  const s = evaluation.summary;
  // Solid images: every pixel of pair j has the colour v_j, the generated one is grey c.
  const values = colours.map(({ rgb }) => rgb.map(unit));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const psnrs = values.map((v) => 10 * Math.log10(4 / mean(v.map((x) => (grey - x) ** 2))));
  // Flat images have no variance, so SSIM is its luminance term (2·c·v + C1) / (c² + v² + C1), C1 = (0.01·2)².
  const c1 = 0.0004;
  const ssims = values.map((v) => mean(v.map((x) => (2 * grey * x + c1) / (grey ** 2 + x ** 2 + c1))));
  // Pixel vectors and descriptors (channel means) both point along (1,1,1) for the grey face.
  const cosines = values.map((v) => v.reduce((a, b) => a + b, 0) / (Math.sqrt(3) * Math.hypot(...v)));
  assert.ok(Math.abs(s.psnr - mean(psnrs)) < 1e-3, `psnr ${s.psnr} vs ${mean(psnrs)}`);
  assert.ok(Math.abs(s.ssim - mean(ssims)) < 1e-4, `ssim ${s.ssim} vs ${mean(ssims)}`);
  assert.ok(Math.abs(s.identityCosine! - mean(cosines)) < 1e-5, `cosine ${s.identityCosine} vs ${mean(cosines)}`);
  // Every probe ranks the gallery the same way (grey a first): only a's probe finds its person first.
  assert.deepEqual(evaluation.descriptor!.identification.ranks, [1, 3, 2]);
  assert.equal(s.rank1, 1 / 3);
  assert.equal(s.pixelRank1, 1 / 3);
  assert.equal(s.chanceRank1, 1 / 3);
});

test('generateFaces gives each ear the face it would get alone', () => {
  const start = tf.memory().numTensors;
  // Normalises by the batch's own mean, as batch norm does at inference: alone, every face is 0.
  const g = standIn((ear) => tf.sub(ear, tf.mean(ear)) as tf.Tensor4D);
  const ears = tf.tensor4d([1, 2, 3, 4], [4, 1, 1, 1]);
  const faces = generateFaces(g, ears, 3);
  assert.deepEqual(Array.from(faces.dataSync()), [0, 0, 0, 0]);
  tf.dispose([ears, faces]);
  assert.equal(tf.memory().numTensors, start);
});

test('fewer than two subjects is refused: identification needs people to tell apart', async () => {
  const items = await solidPairs([{ subject: 'a', rgb: [0, 0, 0] }, { subject: 'a', rgb: [255, 255, 255] }]);
  await assert.rejects(
    evaluateGenerator(standIn((ear) => tf.clone(ear)), items, { imageSize: SIZE }),
    /the 2 pairs show 1 subject; Rank-k identification and verification need pairs of at least 2 subjects/,
  );
  await assert.rejects(evaluateGenerator(standIn((ear) => tf.clone(ear)), [], { imageSize: SIZE }), /items is empty/);
});
