/**
 * Random access to the bytes of an image, in memory or in a file, so headers can be checked
 * without reading (or decoding) a whole file.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Bytes readable at any offset. */
export interface ByteSource {
  /** Total length in bytes. */
  readonly size: number;
  /** Up to `length` bytes from `offset`: fewer at the end, none past it. Do not keep the result. */
  read(offset: number, length: number): Uint8Array;
}

/**
 * A source over bytes in memory.
 *
 * @example
 * bytesSource(Buffer.from([1, 2, 3])).read(1, 5);   // Uint8Array [2, 3]
 */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) => bytes.subarray(Math.min(offset, bytes.length), Math.min(offset + length, bytes.length)),
  };
}

/** Bytes read from a file per call; one window is cached, since header walks read forwards. */
const WINDOW = 64 * 1024;

/**
 * Opens `path`, hands a file-backed source to `use`, and closes the file afterwards.
 *
 * @example
 * const first = withFileSource('faces/a.png', (src) => src.read(0, 8));
 */
export function withFileSource<T>(path: string, use: (src: ByteSource) => T): T {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    let start = 0;
    let window = new Uint8Array(0);
    const src: ByteSource = {
      size,
      read(offset, length) {
        const end = Math.min(offset + length, size);
        if (offset >= size || end <= offset) return new Uint8Array(0);
        if (offset < start || end > start + window.length) {
          window = new Uint8Array(Math.min(Math.max(end - offset, WINDOW), size - offset));
          start = offset;
          let got = 0;
          while (got < window.length) {
            const n = readSync(fd, window, got, window.length - got, start + got);
            if (n === 0) break;
            got += n;
          }
          window = window.subarray(0, got);
        }
        return window.subarray(offset - start, Math.min(end, start + window.length) - start);
      },
    };
    return use(src);
  } finally {
    closeSync(fd);
  }
}

/**
 * Unsigned integer of `bytes` (1, 2 or 4) at `offset`; null when the source ends before it.
 *
 * @example
 * readUint(bytesSource(Buffer.from([0x12, 0x34])), 0, 2, false);   // 0x1234
 * readUint(bytesSource(Buffer.from([0x12])), 0, 2, false);         // null
 */
export function readUint(src: ByteSource, offset: number, bytes: 1 | 2 | 4, littleEndian: boolean): number | null {
  const b = src.read(offset, bytes);
  if (b.length < bytes) return null;
  if (bytes === 1) return b[0];
  if (bytes === 2) return littleEndian ? b[0] | (b[1] << 8) : (b[0] << 8) | b[1];
  return littleEndian
    ? (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0
    : ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
}
