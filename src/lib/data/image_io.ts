/**
 * Image files ↔ plain data ↔ tensors. Images in the library are float data in [-1, 1] (the
 * generator's tanh range); files are 8-bit RGB. This module gathers the image API: decoding
 * with checks (image_decode), headers (image_header), tensors (image_tensor), grids (grid), and
 * PNG writing with jimp (here).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Jimp } from 'jimp';
import { assertRgbImage, RgbImage } from './rgb_image';

export { assertRgbImage, createRgb } from './rgb_image';
export type { RgbImage } from './rgb_image';
export { decodeImage, readImage } from './image_decode';
export type { DecodeOptions } from './image_decode';
export { ImageError } from './image_error';
export type { ImageProblem } from './image_error';
export { checkImageLimits, DEFAULT_IMAGE_LIMITS, readImageFileHeader, readImageHeader } from './image_header';
export type { ImageHeader, ImageLimits } from './image_header';
export { IMAGE_EXTENSIONS, IMAGE_FORMATS } from './image_signature';
export type { ImageFormat } from './image_signature';
export { batchToRgbs, rgbsToBatch, rgbToTensor, tensorToRgb } from './image_tensor';
export { composeGrid } from './grid';

/**
 * Encodes [-1, 1] RGB data as 8-bit RGB PNG bytes (values outside [-1, 1] are clipped).
 *
 * @example
 * const bytes = await encodePng(createRgb(8, 8, [1, -1, -1]));   // a red 8×8 PNG
 */
export async function encodePng(img: RgbImage): Promise<Buffer> {
  assertRgbImage(img, 'encodePng: img');
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
  const bytes = await encodePng(img);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}
