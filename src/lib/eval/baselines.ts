/**
 * Two non-learned baselines for the results table, whose faces go through the same evaluation as a
 * generator's (evaluatePairs):
 *   - the mean face: the pixel mean of all training faces, the same for every probe;
 *   - the nearest ear: for each test ear, the face paired with the training ear nearest in pixels
 *     (or the mean face of the k nearest).
 * Images are loaded as for evaluation (resized only, no jitter). Test pairs contribute their ear
 * and nothing else: a test face is never read (for a side-by-side file the face half is decoded
 * with the ear and dropped).
 */
import { tf } from '../backend/tf';
import { preparePair } from '../data/augment';
import { readImage, type DecodeOptions } from '../data/image_decode';
import { loadPair, type PairItem } from '../data/pair_item';
import { resizeRgb } from '../data/resize';
import type { RgbImage } from '../data/rgb_image';

export interface BaselineOptions {
  /** Transparency background and size limits for decoding. */
  decode?: DecodeOptions;
}

export interface NearestEarOptions extends BaselineOptions {
  /** Neighbours whose faces are averaged (default 1: the nearest ear's face itself). */
  k?: number;
  /** Training pairs decoded and compared at a time (default 64); memory stays at about this many pairs plus the chosen faces. */
  batchSize?: number;
}

/** A training pair chosen for a test ear. */
export interface Neighbour {
  item: PairItem;
  /** Squared L2 distance between the two ears' [-1, 1] pixels (summed over pixels and channels). */
  distance: number;
}

export interface NearestEarResult {
  /** [N, S, S, 3] in [-1, 1], row i for test pair i; the caller disposes it. */
  faces: tf.Tensor4D;
  /** For test pair i, its k nearest training pairs, nearest first (ties: the earlier training pair first). */
  neighbours: Neighbour[][];
}

/**
 * The pixel mean of the training faces at imageSize² (loaded as for evaluation: resized only).
 *
 * @example
 * const mean = await meanFaceBaseline(split.train, 64);
 * const generated = tileFace(mean, split.test.length);   // evaluate it like a generator's faces
 */
export async function meanFaceBaseline(trainItems: readonly PairItem[], imageSize: number, options: BaselineOptions = {}): Promise<RgbImage> {
  checkItems('meanFaceBaseline', 'trainItems', trainItems);
  checkSize('meanFaceBaseline', imageSize);
  const sum = new Float64Array(imageSize * imageSize * 3);
  for (const item of trainItems) {
    const { face } = preparePair(await loadPair(item, options.decode), imageSize);
    for (let i = 0; i < sum.length; i++) sum[i] += face.data[i];
  }
  return { width: imageSize, height: imageSize, data: Float32Array.from(sum, (s) => s / trainItems.length) };
}

/**
 * `count` copies of one face as a batch [count, H, W, 3] (the caller disposes it): the mean face as
 * the output for every probe.
 *
 * @example
 * tileFace(await meanFaceBaseline(split.train, 64), 3).shape;   // [3, 64, 64, 3]
 */
export function tileFace(face: RgbImage, count: number): tf.Tensor4D {
  if (!Number.isInteger(count) || count < 1) throw new Error(`tileFace: count ${count}; expected an integer ≥ 1`);
  const data = new Float32Array(count * face.data.length);
  for (let i = 0; i < count; i++) data.set(face.data, i * face.data.length);
  return tf.tensor4d(data, [count, face.height, face.width, 3]);
}

/**
 * For each test pair, the face of the training pair whose ear is nearest to the test ear (squared
 * L2 over [-1, 1] pixels at imageSize²), or with k > 1 the mean of the k nearest ears' faces. The
 * training set is streamed `batchSize` pairs at a time; only the faces still among some test
 * ear's k nearest are kept. Distances are computed as |a|² + |b|² − 2a·b in float32 (a matrix
 * product), so near-ties closer than ~1e-3 may order either way.
 *
 * @example
 * const { faces, neighbours } = await nearestEarBaseline(split.train, split.test, 64, { k: 1 });
 * neighbours[0][0].item.subject;   // whose face test pair 0 gets
 * evaluatePairs({ generated: faces, real, subjects }); faces.dispose();
 */
export async function nearestEarBaseline(
  trainItems: readonly PairItem[],
  testItems: readonly PairItem[],
  imageSize: number,
  options: NearestEarOptions = {},
): Promise<NearestEarResult> {
  const fn = 'nearestEarBaseline';
  checkItems(fn, 'trainItems', trainItems);
  checkItems(fn, 'testItems', testItems);
  checkSize(fn, imageSize);
  const k = options.k ?? 1;
  const batchSize = options.batchSize ?? 64;
  if (!Number.isInteger(k) || k < 1 || k > trainItems.length) throw new Error(`${fn}: k ${k}; expected an integer from 1 to the ${trainItems.length} training pairs`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`${fn}: batchSize ${batchSize}; expected an integer ≥ 1`);
  const testEars = new Map(testItems.map((t) => [t.ear, t]));
  const shared = trainItems.find((t) => testEars.has(t.ear));
  if (shared) throw new Error(`${fn}: training pair ${shared.id} and test pair ${testEars.get(shared.ear)!.id} share the ear ${shared.ear}; the sets must not overlap`);

  const pixels = imageSize * imageSize * 3;
  const testData = new Float32Array(testItems.length * pixels);
  for (const [i, item] of testItems.entries()) testData.set((await loadEar(item, imageSize, options.decode)).data, i * pixels);
  const best: Array<Array<{ index: number; distance: number }>> = testItems.map(() => []);
  const keptFaces = new Map<number, Float32Array>();
  const test = tf.tensor2d(testData, [testItems.length, pixels]);
  const testNorms = tf.tidy(() => tf.sum(tf.square(test), 1, true));
  try {
    for (let start = 0; start < trainItems.length; start += batchSize) {
      const batch = trainItems.slice(start, start + batchSize);
      const ears = new Float32Array(batch.length * pixels);
      const faces: Float32Array[] = [];
      for (const [j, item] of batch.entries()) {
        const pair = preparePair(await loadPair(item, options.decode), imageSize);
        ears.set(pair.ear.data, j * pixels);
        faces.push(pair.face.data);
      }
      const distances = tf.tidy(() => {
        const train = tf.tensor2d(ears, [batch.length, pixels]);
        const trainNorms = tf.sum(tf.square(train), 1);
        // An explicit transpose: wasm's matMul with transposeB is ~14× slower (measured at 200×12288 · 12288×64).
        const products = tf.matMul(test, tf.transpose(train));
        // Rounding can make a zero distance slightly negative.
        return tf.relu(tf.sub(tf.add(testNorms, trainNorms), tf.mul(2, products)));
      });
      const d = await distances.data();
      distances.dispose();
      for (const [i, list] of best.entries()) {
        for (let j = 0; j < batch.length; j++) insertNearest(list, { index: start + j, distance: d[i * batch.length + j] }, k);
      }
      // Keep only the faces some test ear still needs.
      const needed = new Set(best.flatMap((list) => list.map((n) => n.index)));
      for (const index of keptFaces.keys()) if (!needed.has(index)) keptFaces.delete(index);
      for (const [j, face] of faces.entries()) if (needed.has(start + j)) keptFaces.set(start + j, face);
    }
  } finally {
    tf.dispose([test, testNorms]);
  }
  const out = new Float32Array(testItems.length * pixels);
  for (const [i, list] of best.entries()) {
    const row = out.subarray(i * pixels, (i + 1) * pixels);
    for (const { index } of list) {
      const face = keptFaces.get(index)!;
      for (let p = 0; p < pixels; p++) row[p] += face[p];
    }
    if (k > 1) for (let p = 0; p < pixels; p++) row[p] /= k;
  }
  return {
    faces: tf.tensor4d(out, [testItems.length, imageSize, imageSize, 3]),
    neighbours: best.map((list) => list.map(({ index, distance }) => ({ item: trainItems[index], distance }))),
  };
}

/** Inserts `candidate` into the ascending `list` of at most `k`; an equal distance goes after the ones already there. */
function insertNearest(list: Array<{ index: number; distance: number }>, candidate: { index: number; distance: number }, k: number): void {
  if (list.length === k && candidate.distance >= list[k - 1].distance) return;
  let at = list.length;
  while (at > 0 && list[at - 1].distance > candidate.distance) at--;
  list.splice(at, 0, candidate);
  if (list.length > k) list.pop();
}

/** The ear of a pair only, resized to size² as for evaluation. A face file is never opened. */
async function loadEar(item: PairItem, size: number, decode: DecodeOptions | undefined): Promise<RgbImage> {
  const ear = item.aligned ? (await loadPair(item, decode)).ear : await readImage(item.ear, decode);
  return resizeRgb(ear, size, size);
}

function checkItems(fn: string, name: string, items: readonly PairItem[]): void {
  if (!Array.isArray(items) || items.length === 0) throw new Error(`${fn}: ${name} is empty; expected at least one pair (see loadPairIndex, splitIndex)`);
}

function checkSize(fn: string, imageSize: number): void {
  if (!Number.isInteger(imageSize) || imageSize < 1) throw new Error(`${fn}: imageSize ${imageSize}; expected a positive integer`);
}
