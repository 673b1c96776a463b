/**
 * An image's format and declared size from its header, checked before decoding: the decoder
 * allocates whatever size a header claims and reports broken files cryptically, so structure
 * and size limits are checked here first, with messages that name the file and the problem.
 */
import { statSync } from 'node:fs';
import { ByteSource, readUint, withFileSource } from './byte_source';
import { ImageError } from './image_error';
import { FORMAT_NAMES, ImageFormat, READABLE_FORMATS, SIGNATURE_BYTES, sniffSignature } from './image_signature';
import { readGifSize } from './gif_header';
import { readTiffSize } from './tiff_header';

/** What the header of a readable image declares. */
export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
  /** Pixels the decoder will allocate (more than width·height for a multi-page TIFF). */
  pixels: number;
}

/** Size limits checked before decoding. */
export interface ImageLimits {
  /** Largest width or height accepted (default 8192). */
  maxSide?: number;
  /** Largest pixel count accepted (default 50 000 000). */
  maxPixels?: number;
}

export const DEFAULT_IMAGE_LIMITS: Required<ImageLimits> = { maxSide: 8192, maxPixels: 50_000_000 };

const PNG_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

/** Walks a PNG's chunks: IHDR first, an IDAT, an IEND, every chunk inside the file. */
function readPngSize(src: ByteSource, name: string): { width: number; height: number } {
  const corrupt = (detail: string): never => {
    throw new ImageError(name, 'corrupt', `corrupt PNG: ${detail}`);
  };
  let size: { width: number; height: number } | null = null;
  let sawData = false;
  for (let at = 8; ; ) {
    if (at + 8 > src.size) {
      throw new ImageError(name, 'truncated', `truncated PNG: the file ends at byte ${src.size} without an IEND chunk`);
    }
    const length = readUint(src, at, 4, false)!;
    const type = String.fromCharCode(...src.read(at + 4, 4));
    if (!/^[A-Za-z]{4}$/.test(type)) corrupt(`the chunk at byte ${at} has type bytes ${JSON.stringify(type)}, not letters`);
    if (length > 0x7fffffff) corrupt(`chunk ${type} at byte ${at} declares ${length} bytes`);
    if (at + 12 + length > src.size) {
      throw new ImageError(name, 'truncated', `truncated PNG: chunk ${type} at byte ${at} declares ${length} bytes but the file ends at byte ${src.size}`);
    }
    if (size === null) {
      if (type !== 'IHDR' || length !== 13) corrupt(`the first chunk is ${type} (${length} bytes); expected IHDR (13 bytes)`);
      const width = readUint(src, at + 8, 4, false)!;
      const height = readUint(src, at + 12, 4, false)!;
      const [depth, colour, compression, filter, interlace] = src.read(at + 16, 5);
      if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) corrupt(`IHDR declares a ${width}×${height} image`);
      if (!PNG_DEPTHS[colour]?.includes(depth)) corrupt(`IHDR declares colour type ${colour} with bit depth ${depth}, which PNG does not define`);
      if (compression !== 0 || filter !== 0 || interlace > 1) corrupt(`IHDR declares compression ${compression}, filter ${filter}, interlace ${interlace}`);
      size = { width, height };
    } else if (type === 'IDAT') {
      sawData = true;
    } else if (type === 'IEND') {
      if (!sawData) corrupt('no IDAT (image data) chunk before IEND');
      return size;
    }
    at += 12 + length;
  }
}

/** JPEG frame types the decoder reads: baseline, extended sequential, progressive. */
const JPEG_READABLE_FRAMES = new Set([0xc0, 0xc1, 0xc2]);

/** Walks a JPEG's marker segments up to the frame header (SOFn), which holds the size. */
function readJpegSize(src: ByteSource, name: string): { width: number; height: number } {
  const corrupt = (detail: string): never => {
    throw new ImageError(name, 'corrupt', `corrupt JPEG: ${detail}`);
  };
  for (let at = 2; ; ) {
    if (at + 4 > src.size) {
      throw new ImageError(name, 'truncated', `truncated JPEG: the file ends at byte ${src.size} before the frame header`);
    }
    if (readUint(src, at, 1, false) !== 0xff) corrupt(`expected a marker (0xFF) at byte ${at}`);
    let m = readUint(src, at + 1, 1, false)!;
    while (m === 0xff && at + 2 < src.size) m = readUint(src, ++at + 1, 1, false)!; // fill bytes
    if ((m >= 0xd0 && m <= 0xd7) || m === 0x01) {
      at += 2;
      continue;
    }
    if (m === 0xd9 || m === 0xda) corrupt(`reached ${m === 0xd9 ? 'the end marker' : 'the image data'} at byte ${at} without a frame header`);
    const length = readUint(src, at + 2, 2, false);
    if (length === null) throw new ImageError(name, 'truncated', `truncated JPEG: the file ends at byte ${src.size} inside a segment header`);
    if (length < 2) corrupt(`segment 0xFF${m.toString(16).toUpperCase()} at byte ${at} declares length ${length}`);
    if (at + 2 + length > src.size) {
      throw new ImageError(name, 'truncated', `truncated JPEG: segment 0xFF${m.toString(16).toUpperCase()} at byte ${at} declares ${length} bytes but the file ends at byte ${src.size}`);
    }
    const isFrame = m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
    if (isFrame) {
      if (!JPEG_READABLE_FRAMES.has(m)) {
        throw new ImageError(name, 'unsupported-format', `JPEG frame type SOF${m - 0xc0} (lossless, hierarchical or arithmetic-coded) is not supported; save it as a baseline or progressive JPEG or a PNG`);
      }
      if (length < 8) corrupt(`the frame header at byte ${at} is ${length} bytes long`);
      const height = readUint(src, at + 5, 2, false)!;
      const width = readUint(src, at + 7, 2, false)!;
      if (width === 0 || height === 0) corrupt(`the frame header declares a ${width}×${height} image`);
      return { width, height };
    }
    at += 2 + length;
  }
}

/** A BMP's size from its DIB header; for uncompressed data, the pixel rows must fit in the file. */
function readBmpSize(src: ByteSource, name: string): { width: number; height: number } {
  const corrupt = (detail: string): never => {
    throw new ImageError(name, 'corrupt', `corrupt BMP: ${detail}`);
  };
  if (src.size < 26) throw new ImageError(name, 'truncated', `truncated BMP: the file ends at byte ${src.size} inside the header`);
  const dataAt = readUint(src, 10, 4, true)!;
  const dib = readUint(src, 14, 4, true)!;
  let width: number;
  let height: number;
  let bits: number;
  let compression = 0;
  if (dib === 12) {
    width = readUint(src, 18, 2, true)!;
    height = readUint(src, 20, 2, true)!;
    bits = readUint(src, 24, 2, true)!;
  } else {
    if (src.size < 34) throw new ImageError(name, 'truncated', `truncated BMP: the file ends at byte ${src.size} inside the header`);
    width = readUint(src, 18, 4, true)! | 0;
    height = readUint(src, 22, 4, true)! | 0;
    bits = readUint(src, 28, 2, true)!;
    compression = readUint(src, 30, 4, true)!;
  }
  height = Math.abs(height); // negative: rows stored top-down
  if (width <= 0 || height === 0) corrupt(`the header declares a ${width}×${height} image`);
  if (![1, 4, 8, 16, 24, 32].includes(bits)) corrupt(`the header declares ${bits} bits per pixel`);
  if (compression === 0 || compression === 3 || compression === 6) {
    const rowBytes = Math.ceil((width * bits) / 32) * 4;
    if (dataAt + rowBytes * height > src.size) {
      throw new ImageError(name, 'truncated', `truncated BMP: ${width}×${height} pixels at ${bits} bits need ${rowBytes * height} bytes from byte ${dataAt}, but the file has ${src.size} bytes`);
    }
  }
  return { width, height };
}

/**
 * Reads and checks the header of an image held by `src`; `name` is used in messages. Throws an
 * {@link ImageError}: 'empty', 'not-an-image', 'unsupported-format', 'truncated' or 'corrupt'.
 *
 * @example
 * readImageHeader(bytesSource(pngBytes), 'ear.png');   // { format: 'png', width: 256, height: 256, pixels: 65536 }
 * readImageHeader(bytesSource(Buffer.from('hello')), 'ear.png');
 * // ImageError: ear.png: not an image: starts with text "hello" (no PNG, JPEG, BMP, TIFF or GIF signature)
 */
export function readImageHeader(src: ByteSource, name: string): ImageHeader {
  if (src.size === 0) throw new ImageError(name, 'empty', `zero-byte file; expected a ${READABLE_FORMATS} image`);
  const sig = sniffSignature(src.read(0, SIGNATURE_BYTES));
  if (sig.kind === 'unsupported') {
    throw new ImageError(name, 'unsupported-format', `${sig.name} images are not supported; convert to PNG or JPEG (readable: ${READABLE_FORMATS})`);
  }
  if (sig.kind === 'unknown') {
    throw new ImageError(name, 'not-an-image', `not an image: starts with ${sig.description} (no ${READABLE_FORMATS} signature)`);
  }
  const format = sig.format;
  switch (format) {
    case 'png': {
      const s = readPngSize(src, name);
      return { format, ...s, pixels: s.width * s.height };
    }
    case 'jpeg': {
      const s = readJpegSize(src, name);
      return { format, ...s, pixels: s.width * s.height };
    }
    case 'bmp': {
      const s = readBmpSize(src, name);
      return { format, ...s, pixels: s.width * s.height };
    }
    case 'gif': {
      const s = readGifSize(src, name);
      return { format, ...s, pixels: s.width * s.height };
    }
    case 'tiff': {
      const s = readTiffSize(src, name);
      return { format, width: s.width, height: s.height, pixels: s.pixels };
    }
  }
}

/**
 * Reads and checks the header of an image file without reading the whole file.
 * Also throws an {@link ImageError} 'not-found' when there is no such file.
 *
 * @example
 * readImageFileHeader('faces/s0001_00.png');   // { format: 'png', width: 128, height: 128, pixels: 16384 }
 */
export function readImageFileHeader(path: string): ImageHeader {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new ImageError(path, 'not-found', 'no such file');
  }
  if (!isFile) throw new ImageError(path, 'not-found', 'not a file (a folder or a device?)');
  return withFileSource(path, (src) => readImageHeader(src, path));
}

/**
 * Throws an {@link ImageError} 'too-large' when the header declares more than the limits allow.
 *
 * @example
 * checkImageLimits({ format: 'png', width: 30000, height: 30000, pixels: 9e8 }, 'big.png');
 * // ImageError: big.png: PNG header declares 30000×30000 px; refusing images over 8192 px a side or 50000000 pixels (limits.maxSide, limits.maxPixels)
 */
export function checkImageLimits(header: ImageHeader, name: string, limits: ImageLimits = {}): void {
  const maxSide = limits.maxSide ?? DEFAULT_IMAGE_LIMITS.maxSide;
  const maxPixels = limits.maxPixels ?? DEFAULT_IMAGE_LIMITS.maxPixels;
  for (const [key, v] of [['maxSide', maxSide], ['maxPixels', maxPixels]] as const) {
    if (!(Number.isInteger(v) && v > 0)) throw new Error(`limits.${key}: got ${v}; expected a positive integer`);
  }
  if (header.width > maxSide || header.height > maxSide || header.pixels > maxPixels) {
    const pages = header.pixels > header.width * header.height ? ` (${header.pixels} pixels over all pages)` : '';
    throw new ImageError(
      name,
      'too-large',
      `${FORMAT_NAMES[header.format]} header declares ${header.width}×${header.height} px${pages}; refusing images over ${maxSide} px a side or ${maxPixels} pixels (limits.maxSide, limits.maxPixels)`,
    );
  }
}
