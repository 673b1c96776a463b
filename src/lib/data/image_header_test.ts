import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesSource, withFileSource } from './byte_source';
import { ImageError } from './image_error';
import { checkImageLimits, readImageFileHeader, readImageHeader } from './image_header';
import { sniffSignature } from './image_signature';
import { encodeRawPng, rgbToPngBytes } from './png_writer';
import { encodeWithJimp, patternRgb, tempFolder } from './test_images';

const tmp = tempFolder('header');
after(() => tmp.remove());

test('sniffSignature tells readable, unsupported and unknown bytes apart', () => {
  assert.deepEqual(sniffSignature(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), { kind: 'readable', format: 'jpeg' });
  assert.deepEqual(sniffSignature(Buffer.from('GIF89a\x01\x00')), { kind: 'readable', format: 'gif' });
  assert.deepEqual(sniffSignature(Buffer.from([0x4d, 0x4d, 0x00, 0x2a])), { kind: 'readable', format: 'tiff' });
  assert.deepEqual(sniffSignature(Buffer.from([0x49, 0x49, 0x2b, 0x00])), { kind: 'unsupported', name: 'BigTIFF' });
  assert.deepEqual(sniffSignature(Buffer.from('\x00\x00\x00\x1cftypavif')), { kind: 'unsupported', name: 'AVIF' });
  assert.deepEqual(sniffSignature(Buffer.from('%PDF-1.7')), { kind: 'unsupported', name: 'PDF' });
  assert.deepEqual(sniffSignature(Buffer.from('hello')), { kind: 'unknown', description: 'text "hello"' });
});

test('headers of every readable format give the declared size', async () => {
  const img = patternRgb(37, 21);
  for (const [mime, format] of [['image/png', 'png'], ['image/jpeg', 'jpeg'], ['image/bmp', 'bmp'], ['image/tiff', 'tiff'], ['image/gif', 'gif']] as const) {
    const h = readImageHeader(bytesSource(await encodeWithJimp(img, mime)), 'x');
    assert.deepEqual(h, { format, width: 37, height: 21, pixels: 37 * 21 }, mime);
  }
});

test('a file header is read through windows: a JPEG whose frame header comes after 100 KiB of metadata', async () => {
  const jpeg = await encodeWithJimp(patternRgb(9, 7), 'image/jpeg');
  const app = Buffer.alloc(4 + 60000);
  app.writeUInt16BE(0xffe2, 0);
  app.writeUInt16BE(60002, 2);
  const bloated = Buffer.concat([jpeg.subarray(0, 2), app, app, jpeg.subarray(2)]);
  const path = join(tmp.dir, 'meta.jpg');
  writeFileSync(path, bloated);
  assert.deepEqual(readImageFileHeader(path), { format: 'jpeg', width: 9, height: 7, pixels: 63 });
  // Reads past a window's end are short, not garbage.
  withFileSource(path, (src) => {
    assert.equal(src.read(src.size - 2, 10).length, 2);
    assert.equal(src.read(src.size + 5, 10).length, 0);
    assert.deepEqual(Array.from(src.read(0, 2)), [0xff, 0xd8]);
  });
});

test('structural problems are named with where they are', () => {
  const fail = (bytes: Uint8Array, re: RegExp, problem: string) =>
    assert.throws(() => readImageHeader(bytesSource(bytes), 'f'), (e: unknown) => e instanceof ImageError && e.problem === problem && re.test(e.message));
  const png = rgbToPngBytes(patternRgb(4, 4));
  fail(png.subarray(0, png.length - 12), /^f: truncated PNG: the file ends at byte \d+ without an IEND chunk$/, 'truncated');
  const noData = Buffer.concat([png.subarray(0, 33), png.subarray(png.length - 12)]);
  fail(noData, /^f: corrupt PNG: no IDAT \(image data\) chunk before IEND$/, 'corrupt');
  const badDepth = Buffer.from(encodeRawPng(1, 1, 3, Uint8Array.of(1, 2, 3)));
  badDepth[24] = 3;
  fail(badDepth, /^f: corrupt PNG: IHDR declares colour type 2 with bit depth 3, which PNG does not define$/, 'corrupt');
  fail(Buffer.from('GIF89a\x10\x00\x10\x00\x00\x00\x00\x2c\x00'), /^f: truncated GIF: the file ends at byte 15, inside an image descriptor that starts at byte 13$/, 'truncated');
  fail(Buffer.from('GIF89a\x00\x00\x10\x00\x00\x00\x00'), /^f: corrupt GIF: the header declares a 0×16 screen$/, 'corrupt');
});

test('checkImageLimits refuses by declared size and page pixels, and checks its options', () => {
  checkImageLimits({ format: 'png', width: 8192, height: 6000, pixels: 8192 * 6000 }, 'ok.png');
  assert.throws(() => checkImageLimits({ format: 'tiff', width: 100, height: 100, pixels: 60e6 }, 'pages.tif'), /pages\.tif: TIFF header declares 100×100 px \(60000000 pixels over all pages\)/);
  assert.throws(() => checkImageLimits({ format: 'png', width: 1, height: 1, pixels: 1 }, 'x', { maxSide: 0 }), /limits\.maxSide: got 0; expected a positive integer/);
});
