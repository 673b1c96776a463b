/**
 * A small PNG encoder for 8-bit gray, gray+alpha, RGB and RGBA pixels (PNG spec, ISO/IEC 15948):
 * fast enough to write thousands of files for tests and benchmarks, and able to write the colour
 * types the decoder must handle (the jimp encoder writes RGB(A) only).
 */
import { deflateSync } from 'node:zlib';
import type { RgbImage } from './rgb_image';

const COLOUR_TYPE: Record<1 | 2 | 3 | 4, number> = { 1: 0, 2: 4, 3: 2, 4: 6 };

let crcTable: Uint32Array | null = null;

/** CRC-32 (polynomial 0xEDB88320) as PNG chunks use it. */
function crc32(bytes: Uint8Array): number {
  if (crcTable === null) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The 8 bytes every PNG file starts with. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * One PNG chunk: length, type, data, CRC — for assembling files the encoder does not write
 * (palettes, 16-bit samples) in tests.
 *
 * @example
 * const end = pngChunk('IEND', new Uint8Array(0));   // 00 00 00 00 49 45 4e 44 ae 42 60 82
 */
export function pngChunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * Encodes 8-bit pixels, `channels` per pixel (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA), row-major.
 *
 * @example
 * const png = encodeRawPng(2, 1, 1, Uint8Array.from([0, 255]));   // a 2×1 grayscale PNG: black, white
 */
export function encodeRawPng(width: number, height: number, channels: 1 | 2 | 3 | 4, pixels: Uint8Array, level = 6): Buffer {
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1) {
    throw new Error(`encodeRawPng: size ${width}×${height}; expected positive integers`);
  }
  if (![1, 2, 3, 4].includes(channels)) throw new Error(`encodeRawPng: channels ${channels}; expected 1, 2, 3 or 4`);
  if (pixels.length !== width * height * channels) {
    throw new Error(`encodeRawPng: pixels has ${pixels.length} bytes; expected ${width}×${height}×${channels} = ${width * height * channels}`);
  }
  const stride = width * channels;
  const raw = new Uint8Array((stride + 1) * height); // each row: filter type 0, then the bytes
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = COLOUR_TYPE[channels];
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw, { level })),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

/**
 * Encodes [-1, 1] RGB data as an 8-bit RGB PNG with the fast encoder.
 *
 * @example
 * writeFileSync('ear.png', rgbToPngBytes({ width: 1, height: 1, data: Float32Array.of(1, -1, -1) }));   // one red pixel
 */
export function rgbToPngBytes(img: RgbImage, level = 6): Buffer {
  const bytes = new Uint8Array(img.width * img.height * 3);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(-1, img.data[i])) * 127.5 + 127.5);
  return encodeRawPng(img.width, img.height, 3, bytes, level);
}
