import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../backend/select';
import { decodeImage, readImage } from './image_decode';
import { ImageError, ImageProblem } from './image_error';
import { deflateSync } from 'node:zlib';
import { encodeRawPng, PNG_SIGNATURE, pngChunk, rgbToPngBytes } from './png_writer';
import { encodeWithJimp, maxDiff, Mime, patternRgb, tempFolder } from './test_images';

before(() => initBackend({ backend: 'wasm' }));
const tmp = tempFolder('decode');
after(() => tmp.remove());

/** Asserts that `p` rejects with an ImageError of `problem` whose message matches `message`. */
async function rejectsWith(p: Promise<unknown>, problem: ImageProblem, message: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ImageError, `expected an ImageError, got ${String(e)}`);
    assert.equal(e.problem, problem, e.message);
    assert.match(e.message, message);
    return true;
  });
}

const img = patternRgb(40, 24);

test('PNG, JPEG, BMP, TIFF and GIF written by jimp decode to the same picture', async () => {
  // Lossless formats exactly (largest difference); JPEG within its loss (mean difference).
  const tolerance: Record<string, number> = { 'image/png': 1e-6, 'image/bmp': 1e-6, 'image/tiff': 1e-6, 'image/jpeg': 0.03 };
  for (const mime of Object.keys(tolerance) as Mime[]) {
    const back = await decodeImage(await encodeWithJimp(img, mime), mime);
    assert.deepEqual([back.width, back.height], [40, 24], mime);
    const d = mime === 'image/jpeg' ? back.data.reduce((s, v, i) => s + Math.abs(v - img.data[i]), 0) / img.data.length : maxDiff(back, img);
    assert.ok(d <= tolerance[mime], `${mime}: difference ${d}`);
  }
  // jimp's GIF encoder quantises even a few colours slightly, so GIF gets a few-colour picture.
  const few = { width: 4, height: 1, data: Float32Array.of(1, -1, -1, -1, 1, -1, -1, -1, 1, 1, 1, 1) };
  const gif = await decodeImage(await encodeWithJimp(few, 'image/gif'), 'few.gif');
  assert.deepEqual([gif.width, gif.height], [4, 1]);
  assert.ok(maxDiff(gif, few) <= 0.1, `GIF: largest difference ${maxDiff(gif, few)}`);
});

test('grayscale PNG becomes R = G = B with the gray value', async () => {
  const back = await decodeImage(encodeRawPng(3, 1, 1, Uint8Array.of(0, 51, 255)), 'gray.png');
  assert.deepEqual(Array.from(back.data), [-1, -1, -1, 0.4 - 1, 0.4 - 1, 0.4 - 1, 1, 1, 1].map((v) => Math.fround(v)));
});

test('alpha is composited over white by default and over the background option', async () => {
  // (200, 0, 100) at alpha 128 over white: c·128/255 + 255·127/255.
  const rgba = encodeRawPng(2, 1, 4, Uint8Array.of(200, 0, 100, 128, 10, 20, 30, 0));
  const onWhite = await decodeImage(rgba, 'a.png');
  const expect = (c: number, bg: number, a: number) => (c * (a / 255) + bg * (1 - a / 255)) / 127.5 - 1;
  const want = [expect(200, 255, 128), expect(0, 255, 128), expect(100, 255, 128), 1, 1, 1];
  want.forEach((v, i) => assert.ok(Math.abs(onWhite.data[i] - v) < 1e-6, `white ${i}: ${onWhite.data[i]} vs ${v}`));
  const onBlack = await decodeImage(rgba, 'a.png', { background: [0, 0, 0] });
  [expect(200, 0, 128), expect(0, 0, 128), expect(100, 0, 128), -1, -1, -1].forEach((v, i) => assert.ok(Math.abs(onBlack.data[i] - v) < 1e-6, `black ${i}`));
  // Gray + alpha: gray 0 at alpha 0 over (0, 128, 255) shows the background.
  const ga = await decodeImage(encodeRawPng(1, 1, 2, Uint8Array.of(0, 0)), 'ga.png', { background: [0, 128, 255] });
  assert.deepEqual(Array.from(ga.data), [-1, 128 / 127.5 - 1, 1].map((v) => Math.fround(v)));
  await assert.rejects(decodeImage(rgba, 'a.png', { background: [0, 0, 300] }), /background: got \[0,0,300\]; expected \[r, g, b\] with values in 0\.\.255/);
});

test('16-bit samples are scaled to 8 bits; a palette\'s transparent entry shows the background', async () => {
  const header = (depth: number, colour: number) => {
    const h = Buffer.alloc(13);
    h.writeUInt32BE(2, 0);
    h.writeUInt32BE(1, 4);
    h[8] = depth;
    h[9] = colour;
    return pngChunk('IHDR', h);
  };
  const end = pngChunk('IEND', new Uint8Array(0));
  // Two RGB pixels at 16 bits: (0xffff, 0, 0x8000) and (0x1234, 0x5678, 0x9abc); row filter 0.
  const rows16 = Uint8Array.of(0, 0xff, 0xff, 0, 0, 0x80, 0, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc);
  const deep = await decodeImage(Buffer.concat([PNG_SIGNATURE, header(16, 2), pngChunk('IDAT', deflateSync(rows16)), end]), 'deep.png');
  assert.deepEqual(Array.from(deep.data, (v) => Math.round((v + 1) * 127.5)), [255, 0, 128, 0x12, 0x56, 0x9a]);
  // Palette: entry 0 opaque red, entry 1 blue but fully transparent (tRNS) → the background.
  const palette = Buffer.concat([
    PNG_SIGNATURE, header(8, 3), pngChunk('PLTE', Uint8Array.of(255, 0, 0, 0, 0, 255)), pngChunk('tRNS', Uint8Array.of(255, 0)),
    pngChunk('IDAT', deflateSync(Uint8Array.of(0, 0, 1))), end,
  ]);
  const pal = await decodeImage(palette, 'pal.png', { background: [0, 255, 0] });
  assert.deepEqual(Array.from(pal.data), [1, -1, -1, -1, 1, -1]);
});

test('a zero-byte file and a text file named .png are refused by name', async () => {
  await rejectsWith(decodeImage(Buffer.alloc(0), 'ears/001.png'), 'empty', /^ears\/001\.png: zero-byte file; expected a PNG, JPEG, BMP, TIFF or GIF image$/);
  await rejectsWith(decodeImage(Buffer.from('not a png at all'), 'ears/001.png'), 'not-an-image', /^ears\/001\.png: not an image: starts with text "not a png at all" \(no PNG, JPEG, BMP, TIFF or GIF signature\)$/);
  await rejectsWith(decodeImage(Buffer.from([0, 1, 2, 3, 250, 251]), 'x.jpg'), 'not-an-image', /starts with bytes 00 01 02 03 fa fb/);
  await rejectsWith(decodeImage(Buffer.from('BMW is a car, not a bitmap'), 'x.bmp'), 'not-an-image', /starts with text "BMW is a car, no…"/);
});

test('truncated files in every format are named as truncated or corrupt, never a crash', async () => {
  for (const mime of ['image/png', 'image/jpeg', 'image/bmp', 'image/tiff', 'image/gif'] as Mime[]) {
    const full = await encodeWithJimp(img, mime);
    for (const keep of [0.5, 0.9]) {
      const cut = full.subarray(0, Math.floor(full.length * keep));
      await assert.rejects(decodeImage(cut, `cut.${mime.slice(6)}`), (e: unknown) => {
        assert.ok(e instanceof ImageError, `${mime} ${keep}: ${String(e)}`);
        assert.ok(e.problem === 'truncated' || e.problem === 'corrupt', `${mime} ${keep}: ${e.problem}`);
        assert.match(e.message, new RegExp(`^cut\\.${mime.slice(6)}: (truncated|corrupt)`));
        return true;
      });
    }
  }
  // The PNG chunk walk says exactly where.
  const png = rgbToPngBytes(img);
  await rejectsWith(decodeImage(png.subarray(0, 60), 'cut.png'), 'truncated', /^cut\.png: truncated PNG: chunk IDAT at byte 33 declares \d+ bytes but the file ends at byte 60$/);
});

test('corrupt data is wrapped with the decoder\'s own words; a corrupt TIFF directory cannot crash the process', async () => {
  const png = Buffer.from(rgbToPngBytes(img));
  for (let i = 45; i < png.length - 20; i += 3) png[i] ^= 0x5a; // inside IDAT
  await rejectsWith(decodeImage(png, 'bad.png'), 'corrupt', /^bad\.png: corrupt or truncated PNG data \(the decoder says: .+\)$/);
  // Flipping bytes of a TIFF's directory once made the decoder grow an array until V8 aborted.
  const tiff = Buffer.from(await encodeWithJimp(img, 'image/tiff'));
  for (let i = 40; i < tiff.length; i += 7) tiff[i] ^= 0x55;
  await assert.rejects(decodeImage(tiff, 'bad.tif'), (e: unknown) => e instanceof ImageError && /^bad\.tif: (corrupt|truncated) TIFF/.test(e.message));
});

test('unsupported formats are named', async () => {
  const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 '), Buffer.alloc(20)]);
  await rejectsWith(decodeImage(webp, 'face.png'), 'unsupported-format', /^face\.png: WebP images are not supported; convert to PNG or JPEG/);
  const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>');
  await rejectsWith(decodeImage(svg, 'face.png'), 'unsupported-format', /SVG images are not supported/);
});

test('a header declaring an absurd size is refused before decoding', async () => {
  const png = Buffer.from(rgbToPngBytes(patternRgb(2, 2)));
  png.writeUInt32BE(30000, 16);
  png.writeUInt32BE(30000, 20);
  await rejectsWith(decodeImage(png, 'huge.png'), 'too-large', /^huge\.png: PNG header declares 30000×30000 px; refusing images over 8192 px a side or 50000000 pixels/);
  const jpeg = Buffer.from(await encodeWithJimp(patternRgb(8, 8), 'image/jpeg'));
  const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
  jpeg.writeUInt16BE(8000, sof + 5);
  jpeg.writeUInt16BE(8000, sof + 7);
  await rejectsWith(decodeImage(jpeg, 'big.jpg'), 'too-large', /JPEG header declares 8000×8000 px; .*50000000 pixels/);
  await rejectsWith(decodeImage(rgbToPngBytes(patternRgb(20, 10)), 'a.png', { limits: { maxSide: 16 } }), 'too-large', /declares 20×10 px; refusing images over 16 px a side/);
});

test('readImage names missing files and folders, and reads files', async () => {
  const path = join(tmp.dir, 'a.png');
  writeFileSync(path, rgbToPngBytes(img));
  assert.ok(maxDiff(await readImage(path), img) < 1e-6);
  await rejectsWith(readImage(join(tmp.dir, 'missing.png')), 'not-found', /missing\.png: no such file$/);
  mkdirSync(join(tmp.dir, 'folder.png'));
  await rejectsWith(readImage(join(tmp.dir, 'folder.png')), 'not-found', /folder\.png: not a file/);
  writeFileSync(join(tmp.dir, 'empty.png'), '');
  await rejectsWith(readImage(join(tmp.dir, 'empty.png')), 'empty', /empty\.png: zero-byte file/);
});
