/**
 * Data-pipeline throughput: decode + pix2pix jitter of image files at the training size,
 * through the same lazy loader training uses. The loader must outpace training by a wide margin
 * (a 256² pix2pix step takes seconds on 2 cores), so the figure is compared with a step rate.
 *
 * @example
 * // node dist/bench/data_throughput.js --size 256 --pairs 150 --format png
 * // {"size":256,"format":"png","pairs":150,"images":300,"imagesPerSecond":…,"pairsPerSecond":…,…}
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Jimp } from 'jimp';
import { initBackend } from '../lib/backend/select';
import { tf } from '../lib/backend/tf';
import { augmentPair } from '../lib/data/augment';
import { syntheticPairs } from '../lib/data/synthetic/pair';
import { readImage } from '../lib/data/image_decode';
import { PairLoader } from '../lib/data/loader';
import { loadPairIndex } from '../lib/data/paired_dataset';
import { rgbToPngBytes } from '../lib/data/png_writer';
import type { RgbImage } from '../lib/data/rgb_image';
import { Rng } from '../lib/util/rng';

export interface DataThroughputOptions {
  /** Side of the generated files and of the batches (default 256). */
  size?: number;
  /** Pairs generated (two files each; default 150). */
  pairs?: number;
  /** File format written (default 'png'). */
  format?: 'png' | 'jpeg';
  /** Loader batch size (default 1, as pix2pix trains). */
  batchSize?: number;
  /** A training-step rate (steps/s at batch size 1) to compare with. */
  stepsPerSecond?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface DataThroughput {
  size: number;
  format: 'png' | 'jpeg';
  pairs: number;
  images: number;
  /** Files decoded and jittered per second through the training loader (tensors included). */
  imagesPerSecond: number;
  pairsPerSecond: number;
  /** Breakdown: read + decode of one file, and the jitter of one pair, in ms. */
  decodeMsPerImage: number;
  augmentMsPerPair: number;
  /** pairsPerSecond / stepsPerSecond when a step rate was given: how many times the loader outpaces training. */
  headroom: number | null;
}

async function encode(img: RgbImage, format: 'png' | 'jpeg'): Promise<Buffer> {
  if (format === 'png') return rgbToPngBytes(img);
  const j = new Jimp({ width: img.width, height: img.height, color: 0x000000ff });
  for (let i = 0; i < img.width * img.height; i++) {
    for (let k = 0; k < 3; k++) j.bitmap.data[i * 4 + k] = Math.round(img.data[i * 3 + k] * 127.5 + 127.5);
  }
  return j.getBuffer('image/jpeg', { quality: 90 });
}

/**
 * Writes `pairs` generated ear/face pairs as files to a temporary folder, then times one
 * training epoch of the loader over them (augmentation on) and, separately, decoding and
 * jitter alone. The folder is removed afterwards. Needs an initialised tf backend.
 *
 * @example
 * const r = await measureDataThroughput({ size: 256, pairs: 150, stepsPerSecond: 0.14 });
 * r.imagesPerSecond;   // e.g. 120
 */
export async function measureDataThroughput(options: DataThroughputOptions = {}): Promise<DataThroughput> {
  const size = options.size ?? 256;
  const pairs = options.pairs ?? 150;
  const format = options.format ?? 'png';
  const batchSize = options.batchSize ?? 1;
  const log = options.log ?? (() => {});
  for (const [key, v] of [['size', size], ['pairs', pairs], ['batchSize', batchSize]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`measureDataThroughput: ${key} ${v}; expected a positive integer`);
  }
  if (format !== 'png' && format !== 'jpeg') throw new Error(`measureDataThroughput: format ${JSON.stringify(format)}; expected 'png' or 'jpeg'`);
  const dir = mkdtempSync(join(tmpdir(), 'ear2face-data-bench-'));
  try {
    mkdirSync(join(dir, 'ears'));
    mkdirSync(join(dir, 'faces'));
    const ext = format === 'png' ? 'png' : 'jpg';
    // Rendering is slow at 256², and decoding costs the same for a repeated picture, so a few
    // distinct pairs are written under many names.
    const distinct = syntheticPairs({ size, subjects: 4, perSubject: 4, seed: 1 });
    const files = await Promise.all(distinct.map(async (p) => ({ ear: await encode(p.ear, format), face: await encode(p.face, format) })));
    for (let i = 0; i < pairs; i++) {
      const name = `s${String(Math.floor(i / 4)).padStart(4, '0')}_${i}.${ext}`;
      writeFileSync(join(dir, 'ears', name), files[i % files.length].ear);
      writeFileSync(join(dir, 'faces', name), files[i % files.length].face);
    }
    log(`wrote ${pairs} ${size}² ${format.toUpperCase()} pairs to ${dir}`);
    const index = await loadPairIndex(dir, { imageSize: size });

    // Warm up the decoder and the resampler (first calls compile), then time them alone.
    for (const item of index.items.slice(0, 3)) await readImage(item.ear);
    let t0 = performance.now();
    const decoded: RgbImage[] = [];
    for (const item of index.items) {
      decoded.push(await readImage(item.ear));
      await readImage(item.face);
    }
    const decodeMsPerImage = (performance.now() - t0) / (2 * pairs);
    const rng = new Rng(1);
    t0 = performance.now();
    for (const img of decoded) augmentPair({ ear: img, face: img }, size, rng);
    const augmentMsPerPair = (performance.now() - t0) / pairs;
    decoded.length = 0;

    const loader = new PairLoader(index.items, { imageSize: size, mode: 'train', epochs: 1, batchSize, seed: 1 });
    t0 = performance.now();
    let seen = 0;
    for await (const b of loader) {
      seen += b.items.length;
      tf.dispose([b.ear, b.face]);
    }
    const seconds = (performance.now() - t0) / 1000;
    const pairsPerSecond = seen / seconds;
    const result: DataThroughput = {
      size,
      format,
      pairs,
      images: 2 * seen,
      imagesPerSecond: (2 * seen) / seconds,
      pairsPerSecond,
      decodeMsPerImage,
      augmentMsPerPair,
      headroom: options.stepsPerSecond ? pairsPerSecond / options.stepsPerSecond : null,
    };
    log(`${size}² ${format}: ${result.imagesPerSecond.toFixed(1)} images/s through the loader (decode ${decodeMsPerImage.toFixed(2)} ms/image, jitter ${augmentMsPerPair.toFixed(2)} ms/pair)`);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const arg = (flag: string): string | undefined => {
    const i = process.argv.indexOf(flag);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  (async () => {
    await initBackend({ backend: 'wasm' });
    const r = await measureDataThroughput({
      size: Number(arg('--size') ?? 256),
      pairs: Number(arg('--pairs') ?? 150),
      format: (arg('--format') ?? 'png') as 'png' | 'jpeg',
      stepsPerSecond: arg('--steps-per-second') === undefined ? 0.14 : Number(arg('--steps-per-second')),
      log: (line) => process.stderr.write(`${line}\n`),
    });
    console.log(JSON.stringify(r));
  })().catch((e: Error) => {
    console.error(`data_throughput: ${e.message}`);
    process.exitCode = 1;
  });
}
