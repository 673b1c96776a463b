/**
 * Which image format a file holds, from its first bytes ("magic numbers"), so a text file named
 * `.png` or a WebP image gets a clear message instead of a decoder's guess.
 */

/** The formats the decoder (jimp 1.6) reads. */
export const IMAGE_FORMATS = ['png', 'jpeg', 'bmp', 'tiff', 'gif'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/** Display names, e.g. for messages. */
export const FORMAT_NAMES: Record<ImageFormat, string> = { png: 'PNG', jpeg: 'JPEG', bmp: 'BMP', tiff: 'TIFF', gif: 'GIF' };

/** "PNG, JPEG, BMP, TIFF or GIF". */
export const READABLE_FORMATS = 'PNG, JPEG, BMP, TIFF or GIF';

/** File extensions taken as images when a folder is scanned. */
export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.bmp', '.tif', '.tiff', '.gif'] as const;

/** The first bytes a sniff needs. */
export const SIGNATURE_BYTES = 32;

/** What the first bytes say. */
export type Signature =
  | { kind: 'readable'; format: ImageFormat }
  | { kind: 'unsupported'; name: string }
  | { kind: 'unknown'; description: string };

const ascii = (b: Uint8Array, from: number, to: number): string => String.fromCharCode(...b.subarray(from, to));
const startsWith = (b: Uint8Array, sig: number[], at = 0): boolean => sig.every((v, i) => b[at + i] === v);

/** Images in formats the decoder cannot read, recognised so the message can say which. */
function unsupportedName(b: Uint8Array): string | null {
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'WebP';
  if (ascii(b, 4, 8) === 'ftyp') {
    const brand = ascii(b, 8, 12);
    if (brand === 'avif' || brand === 'avis') return 'AVIF';
    if (['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return 'HEIF/HEIC';
    return `ISO media ('${brand}')`;
  }
  if (startsWith(b, [0x49, 0x49, 0x2b, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2b])) return 'BigTIFF';
  if (ascii(b, 0, 4) === '8BPS') return 'Photoshop (PSD)';
  if (startsWith(b, [0xff, 0x0a]) || (startsWith(b, [0, 0, 0, 0x0c]) && ascii(b, 4, 8) === 'JXL ')) return 'JPEG XL';
  if (startsWith(b, [0, 0, 0, 0x0c]) && ascii(b, 4, 8) === 'jP  ') return 'JPEG 2000';
  if (ascii(b, 0, 4) === 'qoif') return 'QOI';
  if (ascii(b, 0, 4) === '%PDF') return 'PDF';
  if (startsWith(b, [0, 0, 1, 0]) && b[4] > 0 && b[5] === 0) return 'ICO';
  if (b[0] === 0x50 && b[1] >= 0x31 && b[1] <= 0x37 && /\s/.test(String.fromCharCode(b[2]))) return 'Netpbm (PNM)';
  const text = ascii(b, 0, b.length).replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) return 'SVG';
  return null;
}

/** "text "hello…"" or "bytes 00 01 …", for saying what a non-image starts with. */
function describeStart(b: Uint8Array): string {
  const head = b.subarray(0, 16);
  const text = Buffer.from(head).toString('utf8').replace(/\uFFFD+$/, '');
  const printable = head.every((c) => c === 9 || c === 10 || c === 13 || (c >= 32 && c !== 127)) && !text.includes('\uFFFD');
  if (printable) {
    return `text ${JSON.stringify(text + (b.length > 16 ? '…' : ''))}`;
  }
  return `bytes ${Array.from(b.subarray(0, 8), (c) => c.toString(16).padStart(2, '0')).join(' ')}`;
}

/**
 * Reads the format from a file's first bytes (pass at least {@link SIGNATURE_BYTES} when the file
 * has them).
 *
 * @example
 * sniffSignature(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));   // { kind: 'readable', format: 'png' }
 * sniffSignature(Buffer.from('hello'));   // { kind: 'unknown', description: 'text "hello"' }
 */
export function sniffSignature(head: Uint8Array): Signature {
  const b = head;
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'readable', format: 'png' };
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { kind: 'readable', format: 'jpeg' };
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return { kind: 'readable', format: 'gif' };
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return { kind: 'readable', format: 'tiff' };
  // 'BM' alone is weak evidence (a text file may start with "BM"): also require a known DIB header size.
  if (b[0] === 0x42 && b[1] === 0x4d && b.length >= 18 && [12, 16, 40, 52, 56, 64, 108, 124].includes(b[14] | (b[15] << 8) | (b[16] << 16) | (b[17] << 24))) {
    return { kind: 'readable', format: 'bmp' };
  }
  const unsupported = unsupportedName(b);
  if (unsupported !== null) return { kind: 'unsupported', name: unsupported };
  return { kind: 'unknown', description: describeStart(b) };
}
