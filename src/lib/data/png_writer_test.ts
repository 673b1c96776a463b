import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Jimp } from 'jimp';
import { encodeRawPng, pngChunk, rgbToPngBytes } from './png_writer';

test('every colour type decodes (by jimp) to the pixels written', async () => {
  const cases: [1 | 2 | 3 | 4, number[], number[]][] = [
    [1, [0, 200], [0, 0, 0, 255, 200, 200, 200, 255]],
    [2, [10, 128, 20, 255], [10, 10, 10, 128, 20, 20, 20, 255]],
    [3, [1, 2, 3, 4, 5, 6], [1, 2, 3, 255, 4, 5, 6, 255]],
    [4, [1, 2, 3, 0, 4, 5, 6, 7], [1, 2, 3, 0, 4, 5, 6, 7]],
  ];
  for (const [channels, pixels, rgba] of cases) {
    const img = await Jimp.fromBuffer(encodeRawPng(2, 1, channels, Uint8Array.from(pixels)));
    assert.deepEqual(Array.from(img.bitmap.data), rgba, `channels ${channels}`);
  }
});

test('the chunk CRC is the PNG one, and [-1, 1] data is rounded to bytes', async () => {
  assert.deepEqual(Array.from(pngChunk('IEND', new Uint8Array(0))), [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
  const img = await Jimp.fromBuffer(rgbToPngBytes({ width: 1, height: 1, data: Float32Array.of(-1, 0, 2) }));
  assert.deepEqual(Array.from(img.bitmap.data), [0, 128, 255, 255]);
});

test('bad arguments are named', () => {
  assert.throws(() => encodeRawPng(2, 2, 3, new Uint8Array(5)), /encodeRawPng: pixels has 5 bytes; expected 2×2×3 = 12/);
  assert.throws(() => encodeRawPng(0, 2, 3, new Uint8Array(0)), /encodeRawPng: size 0×2; expected positive integers/);
  assert.throws(() => encodeRawPng(1, 1, 5 as 3, new Uint8Array(5)), /encodeRawPng: channels 5; expected 1, 2, 3 or 4/);
});
