import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeWeight, halfToFloat, weightByteLength } from './decode_weight';

test('half floats decode to their IEEE values', () => {
  assert.equal(halfToFloat(0x3c00), 1);
  assert.equal(halfToFloat(0xc000), -2);
  assert.equal(halfToFloat(0x3555), 0.333251953125); // nearest half to 1/3
  assert.equal(halfToFloat(0x7bff), 65504); // largest finite half
  assert.equal(halfToFloat(0x0001), 2 ** -24); // smallest subnormal
  assert.equal(halfToFloat(0x7c00), Infinity);
  assert.ok(Number.isNaN(halfToFloat(0x7e00)));
  assert.ok(Object.is(halfToFloat(0x8000), -0));
});

test('uint8 and uint16 quantized weights decode to q·scale + min', () => {
  const u8 = decodeWeight({ name: 'a', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } }, new Uint8Array([0, 2, 255]));
  assert.deepEqual(Array.from(u8), [-1, 0, 126.5]);
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint16(0, 1000, true);
  new DataView(bytes.buffer).setUint16(2, 65535, true);
  const u16 = decodeWeight({ name: 'b', shape: [2], dtype: 'float32', quantization: { dtype: 'uint16', scale: 0.25, min: 10 } }, bytes);
  assert.deepEqual(Array.from(u16), [260, 16393.75]);
});

test('float16 and plain float32 / int32 weights decode little-endian', () => {
  const half = new Uint8Array([0x00, 0x3c, 0x00, 0xc0]);
  assert.deepEqual(Array.from(decodeWeight({ name: 'h', shape: [2], dtype: 'float32', quantization: { dtype: 'float16' } }, half)), [1, -2]);
  const f32 = new Uint8Array(new Float32Array([1.5, -0.25]).buffer);
  assert.deepEqual(Array.from(decodeWeight({ name: 'f', shape: [1, 2], dtype: 'float32' }, f32)), [1.5, -0.25]);
  const i32 = new Uint8Array(new Int32Array([7, -3]).buffer);
  const ints = decodeWeight({ name: 'i', shape: [2], dtype: 'int32' }, i32);
  assert.ok(ints instanceof Int32Array);
  assert.deepEqual(Array.from(ints), [7, -3]);
});

test('byte lengths follow the stored dtype', () => {
  assert.equal(weightByteLength({ name: 'a', shape: [3, 3, 2, 4], dtype: 'float32' }), 288);
  assert.equal(weightByteLength({ name: 'a', shape: [3, 3, 2, 4], dtype: 'float32', quantization: { dtype: 'uint8', scale: 1, min: 0 } }), 72);
  assert.equal(weightByteLength({ name: 'a', shape: [3, 3, 2, 4], dtype: 'float32', quantization: { dtype: 'float16' } }), 144);
  assert.equal(weightByteLength({ name: 'a', shape: [], dtype: 'int32' }), 4);
});

test('a wrong number of bytes is refused naming the weight', () => {
  assert.throws(
    () => decodeWeight({ name: 'conv/filters', shape: [2, 2], dtype: 'float32' }, new Uint8Array(12)),
    /weight 'conv\/filters' needs 16 bytes but got 12/,
  );
});
