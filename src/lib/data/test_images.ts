/** Shared set-up for the data/ tests: image bytes in every format, temporary folders. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Jimp } from 'jimp';
import type { RgbImage } from './rgb_image';

/** A smooth colour pattern (compresses like a photo more than noise does). */
export function patternRgb(width: number, height: number, phase = 0): RgbImage {
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      data[o] = Math.round(255 * (x / Math.max(1, width - 1))) / 127.5 - 1;
      data[o + 1] = Math.round(255 * (y / Math.max(1, height - 1))) / 127.5 - 1;
      data[o + 2] = Math.round(127.5 + 127 * Math.sin((x + y) / 5 + phase)) / 127.5 - 1;
    }
  }
  return { width, height, data };
}

export type Mime = 'image/png' | 'image/jpeg' | 'image/bmp' | 'image/tiff' | 'image/gif';

/** The image encoded by jimp in the given format. */
export async function encodeWithJimp(img: RgbImage, mime: Mime): Promise<Buffer> {
  const out = new Jimp({ width: img.width, height: img.height, color: 0x000000ff });
  const px = out.bitmap.data;
  for (let i = 0; i < img.width * img.height; i++) {
    for (let k = 0; k < 3; k++) px[i * 4 + k] = Math.round(img.data[i * 3 + k] * 127.5 + 127.5);
    px[i * 4 + 3] = 255;
  }
  return out.getBuffer(mime as 'image/png');
}

/** A fresh temporary folder and a function that removes it. */
export function tempFolder(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `ear2face-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Largest absolute difference between two images' data. */
export function maxDiff(a: RgbImage, b: RgbImage): number {
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i] - b.data[i]));
  return m;
}
