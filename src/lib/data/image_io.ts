/**
 * Tensors ↔ PNG files with jimp. Images in the library are float tensors in [-1, 1] (the
 * generator's tanh range); files are 8-bit RGB.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Jimp } from 'jimp';
import { tf } from '../backend/tf';

/** An image as plain data: height × width × 3 floats in [-1, 1], row-major. */
export interface RgbImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** Reads a [H, W, 3] (or [1, H, W, 3]) tensor in [-1, 1] into plain data. */
export function tensorToRgb(t: tf.Tensor): RgbImage {
  const shape = t.shape.length === 4 && t.shape[0] === 1 ? t.shape.slice(1) : t.shape;
  if (shape.length !== 3 || shape[2] !== 3) {
    throw new Error(`tensorToRgb: expected an image tensor of shape [H, W, 3] or [1, H, W, 3], got [${t.shape.join(', ')}]`);
  }
  return { height: shape[0], width: shape[1], data: t.dataSync() as Float32Array };
}

/**
 * Lays images out as a grid (rows × columns) with a gap, all cells the size of the largest image.
 *
 * @example
 * const grid = composeGrid([[ear, fake, real]], 2);   // one row: ear | generated | real
 */
export function composeGrid(rows: RgbImage[][], gap = 2, background = 1): RgbImage {
  if (rows.length === 0 || rows.some((r) => r.length === 0)) throw new Error('composeGrid: expected at least one image in every row');
  const cellW = Math.max(...rows.flat().map((i) => i.width));
  const cellH = Math.max(...rows.flat().map((i) => i.height));
  const cols = Math.max(...rows.map((r) => r.length));
  const width = cols * cellW + (cols + 1) * gap;
  const height = rows.length * cellH + (rows.length + 1) * gap;
  const data = new Float32Array(width * height * 3).fill(background);
  rows.forEach((row, r) =>
    row.forEach((img, c) => {
      const x0 = gap + c * (cellW + gap);
      const y0 = gap + r * (cellH + gap);
      for (let y = 0; y < img.height; y++) {
        data.set(img.data.subarray(y * img.width * 3, (y + 1) * img.width * 3), ((y0 + y) * width + x0) * 3);
      }
    }),
  );
  return { width, height, data };
}

/** Encodes [-1, 1] RGB data as PNG bytes. */
export async function encodePng(img: RgbImage): Promise<Buffer> {
  const out = new Jimp({ width: img.width, height: img.height, color: 0x000000ff });
  const px = out.bitmap.data;
  for (let i = 0, j = 0; i < img.width * img.height; i++, j += 3) {
    for (let k = 0; k < 3; k++) px[i * 4 + k] = Math.round(Math.min(1, Math.max(-1, img.data[j + k])) * 127.5 + 127.5);
    px[i * 4 + 3] = 255;
  }
  return out.getBuffer('image/png');
}

/**
 * Writes [-1, 1] RGB data as a PNG file, creating the folder.
 *
 * @example
 * await writePng(tensorToRgb(fakeFace), 'runs/demo/sample.png');
 */
export async function writePng(img: RgbImage, path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, await encodePng(img));
}

/** Decodes PNG/JPEG/BMP bytes into [-1, 1] RGB data (alpha dropped). */
export async function decodeImage(bytes: Buffer, name = 'image'): Promise<RgbImage> {
  let img;
  try {
    img = await Jimp.read(bytes);
  } catch (e) {
    throw new Error(`${name}: not a readable image (${(e as Error).message})`);
  }
  const { width, height, data: px } = img.bitmap;
  const data = new Float32Array(width * height * 3);
  for (let i = 0; i < width * height; i++) for (let k = 0; k < 3; k++) data[i * 3 + k] = px[i * 4 + k] / 127.5 - 1;
  return { width, height, data };
}
