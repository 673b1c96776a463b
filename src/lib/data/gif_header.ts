/** GIF structure check: the screen size, and every block lies inside the file. */
import { ByteSource, readUint } from './byte_source';
import { ImageError } from './image_error';

/**
 * Reads a GIF's logical screen size and walks its blocks, so a truncated or corrupt file is
 * named before the decoder sees it (its own message is "Invalid block size").
 *
 * @example
 * readGifSize(bytesSource(gifBytes), 'a.gif');   // { width: 64, height: 48 }
 */
export function readGifSize(src: ByteSource, name: string): { width: number; height: number } {
  const truncated = (what: string, at: number): never => {
    throw new ImageError(name, 'truncated', `truncated GIF: the file ends at byte ${src.size}, inside ${what} that starts at byte ${at}`);
  };
  const u8 = (at: number, what: string, start: number): number => readUint(src, at, 1, true) ?? truncated(what, start);
  const width = readUint(src, 6, 2, true);
  const height = readUint(src, 8, 2, true);
  const packed = readUint(src, 10, 1, true);
  if (width === null || height === null || packed === null || src.size < 13) truncated('the screen descriptor', 6);
  if (width === 0 || height === 0) throw new ImageError(name, 'corrupt', `corrupt GIF: the header declares a ${width}×${height} screen`);
  let p = 13 + (packed! & 0x80 ? 3 * (2 << (packed! & 7)) : 0);
  if (p > src.size) truncated('the global colour table', 13);

  // Each sub-block is a length byte and that many bytes; a zero length ends the run.
  const skipSubBlocks = (start: number, what: string, blockStart: number): number => {
    let q = start;
    for (;;) {
      const len = u8(q, what, blockStart);
      q += 1 + len;
      if (len === 0) return q;
      if (q > src.size) truncated(what, blockStart);
    }
  };
  let frames = 0;
  for (;;) {
    if (p >= src.size) {
      // A missing trailer after complete blocks is tolerated, as decoders do.
      if (frames === 0) truncated('the image data', p);
      break;
    }
    const block = u8(p, 'a block', p);
    if (block === 0x3b) break;
    if (block === 0x21) {
      u8(p + 1, 'an extension', p);
      p = skipSubBlocks(p + 2, 'an extension', p);
    } else if (block === 0x2c) {
      const local = readUint(src, p + 9, 1, true) ?? truncated('an image descriptor', p);
      let q = p + 10 + (local & 0x80 ? 3 * (2 << (local & 7)) : 0);
      if (q >= src.size) truncated('an image descriptor', p);
      q += 1; // LZW minimum code size
      p = skipSubBlocks(q, 'the image data', p);
      frames++;
    } else {
      throw new ImageError(name, 'corrupt', `corrupt GIF: unknown block type 0x${block.toString(16).padStart(2, '0')} at byte ${p}`);
    }
  }
  if (frames === 0) throw new ImageError(name, 'corrupt', 'corrupt GIF: the file holds no image');
  return { width: width!, height: height! };
}
