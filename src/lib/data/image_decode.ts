/**
 * Image files → RgbImage in [-1, 1] with jimp: every failure becomes an {@link ImageError} that
 * names the file and the problem, and the header is checked (structure, size limits) before the
 * decoder allocates anything.
 */
import { readFileSync } from 'node:fs';
import { Jimp } from 'jimp';
import { bytesSource } from './byte_source';
import { ImageError } from './image_error';
import { checkImageLimits, ImageLimits, readImageHeader } from './image_header';
import { FORMAT_NAMES } from './image_signature';
import type { RgbImage } from './rgb_image';

export interface DecodeOptions {
  /**
   * Colour that transparent pixels are composited over, as 8-bit RGB (default white,
   * [255, 255, 255]): a cut-out face on white looks like a photo on a plain backdrop.
   */
  background?: [number, number, number];
  /** Size limits checked against the header before decoding. */
  limits?: ImageLimits;
}

const WHITE: [number, number, number] = [255, 255, 255];

/** byte → [-1, 1]. */
const TO_UNIT = Float32Array.from({ length: 256 }, (_, v) => v / 127.5 - 1);

function checkBackground(bg: unknown): [number, number, number] {
  if (!Array.isArray(bg) || bg.length !== 3 || !bg.every((v) => Number.isFinite(v) && v >= 0 && v <= 255)) {
    throw new Error(`background: got ${JSON.stringify(bg)}; expected [r, g, b] with values in 0..255`);
  }
  return bg as [number, number, number];
}

/** RGBA bytes (straight alpha) → RGB in [-1, 1], transparent parts over `bg`. Gray images arrive as R = G = B. */
function rgbaToRgb(px: Uint8Array, width: number, height: number, bg: [number, number, number]): RgbImage {
  const data = new Float32Array(width * height * 3);
  for (let i = 0, o = 0; o < data.length; i += 4, o += 3) {
    const a = px[i + 3];
    if (a === 255) {
      data[o] = TO_UNIT[px[i]];
      data[o + 1] = TO_UNIT[px[i + 1]];
      data[o + 2] = TO_UNIT[px[i + 2]];
    } else {
      const f = a / 255;
      for (let k = 0; k < 3; k++) data[o + k] = (px[i + k] * f + bg[k] * (1 - f)) / 127.5 - 1;
    }
  }
  return { width, height, data };
}

/**
 * Decodes PNG, JPEG, BMP, TIFF or GIF bytes into [-1, 1] RGB data: grayscale becomes R = G = B,
 * transparency is composited over `options.background` (default white). `name` (a file name)
 * starts every error message.
 *
 * @example
 * const img = await decodeImage(readFileSync('ears/s0001_00.png'), 'ears/s0001_00.png');
 * img.width;   // e.g. 128
 * await decodeImage(Buffer.alloc(0), 'ears/x.png');
 * // ImageError: ears/x.png: zero-byte file; expected a PNG, JPEG, BMP, TIFF or GIF image
 */
export async function decodeImage(bytes: Uint8Array, name = 'image', options: DecodeOptions = {}): Promise<RgbImage> {
  const bg = checkBackground(options.background ?? WHITE);
  const header = readImageHeader(bytesSource(bytes), name);
  checkImageLimits(header, name, options.limits);
  let bitmap: { width: number; height: number; data: Uint8Array };
  try {
    bitmap = (await Jimp.fromBuffer(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length))).bitmap;
  } catch (e) {
    const said = e instanceof Error ? e.message : String(e);
    throw new ImageError(name, 'corrupt', `corrupt or truncated ${FORMAT_NAMES[header.format]} data (the decoder says: ${said})`);
  }
  const { width, height, data } = bitmap;
  if (width * height * 4 !== data.length || width < 1 || height < 1) {
    throw new ImageError(name, 'corrupt', `the ${FORMAT_NAMES[header.format]} decoder returned ${data.length} bytes for ${width}×${height} px`);
  }
  return rgbaToRgb(data, width, height, bg);
}

/**
 * Reads and decodes an image file (see {@link decodeImage}); the error names the path.
 * The file is read synchronously: one call is several times faster than the four thread-pool
 * round trips of an async read, and decoding occupies the thread anyway.
 *
 * @example
 * const face = await readImage('data/pairs/faces/s0001_00.png');
 * const cutout = await readImage('mask.png', { background: [0, 0, 0] });   // transparent → black
 */
export async function readImage(path: string, options: DecodeOptions = {}): Promise<RgbImage> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ImageError(path, 'not-found', 'no such file');
    if (code === 'EISDIR') throw new ImageError(path, 'not-found', 'not a file (a folder)');
    throw new ImageError(path, 'unreadable', `cannot read the file (${code ?? (e as Error).message})`);
  }
  return decodeImage(bytes, path, options);
}
