import { test } from 'node:test';
import assert from 'node:assert/strict';
import { float16BitsToFloat32, float32ToFloat16Bits } from './float16';

const toHalf = (x: number): number => float32ToFloat16Bits(Float32Array.of(x))[0];
const fromHalf = (h: number): number => float16BitsToFloat32(Uint16Array.of(h))[0];
/** The half nearest to the float32 with these bits (never passed through a JS number, so NaN bits survive). */
const halfOfBits = (bits: number): number => float32ToFloat16Bits(new Float32Array(Uint32Array.of(bits).buffer))[0];
const hex = (h: number): string => `0x${h.toString(16).padStart(4, '0')}`;

test('float32 → half: hand-computed bit patterns', () => {
  const cases: Array<[number, number]> = [
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [65504, 0x7bff], // largest finite half
    [65519, 0x7bff], // just below the halfway point to 65536: still finite
    [65520, 0x7c00], // halfway between 65504 and 65536 (which is out of range): ties to even → Inf
    [-1e6, 0xfc00],
    [2 ** -14, 0x0400], // smallest normal
    [2 ** -24, 0x0001], // smallest subnormal
    [3 * 2 ** -24, 0x0003],
    [2 ** -25, 0x0000], // exactly halfway between 0 and 2⁻²⁴: ties to even → 0
    [3 * 2 ** -26, 0x0001], // 0.75 · 2⁻²⁴: nearest is 2⁻²⁴
    [-(2 ** -26), 0x8000], // underflows to −0
    [1 / 3, 0x3555], // 0x3eaaaaab: fraction 0x2aaaab → 0x155 with 0xaab < 0x1000 dropped → down
    [0.1, 0x2e66], // 0x3dcccccd: fraction 0x4ccccd → 0x266, dropped 0x0ccd < 0x1000 → down
    [2 / 3, 0x3955], // 0x3f2aaaab: dropped 0xaab → down
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [0, 0x0000],
    [-0, 0x8000],
  ];
  for (const [x, h] of cases) assert.equal(hex(toHalf(x)), hex(h), `${x}`);
});

test('float32 → half: ties round to the even neighbour, anything past the tie rounds away', () => {
  // 1 + 2⁻¹¹ is exactly halfway between 1 (0x3c00, even) and 1 + 2⁻¹⁰ (0x3c01): → 0x3c00.
  assert.equal(hex(toHalf(1 + 2 ** -11)), '0x3c00');
  // 1 + 3·2⁻¹¹ is halfway between 0x3c01 (odd) and 0x3c02 (even): → 0x3c02.
  assert.equal(hex(toHalf(1 + 3 * 2 ** -11)), '0x3c02');
  // One float32 ulp above the first tie: → 0x3c01.
  assert.equal(hex(halfOfBits(0x3f801001)), '0x3c01');
  // Subnormal tie: 1.5 · 2⁻²⁴ lies between 0x0001 (odd) and 0x0002 (even): → 0x0002.
  assert.equal(hex(toHalf(1.5 * 2 ** -24)), '0x0002');
  // Rounding up across the subnormal/normal border: (1023.5 + ε)·2⁻²⁴ → 0x0400 = 2⁻¹⁴.
  assert.equal(hex(toHalf(1023.75 * 2 ** -24)), '0x0400');
  // Rounding up across an exponent: 2 − 2⁻¹² → 2 (0x4000).
  assert.equal(hex(toHalf(2 - 2 ** -12)), '0x4000');
});

test('NaN stays NaN with its sign; float32 subnormals become zero', () => {
  const h = toHalf(NaN);
  assert.equal(h & 0x7c00, 0x7c00);
  assert.notEqual(h & 0x3ff, 0);
  const negativeNaN = halfOfBits(0xffc00001);
  assert.equal(negativeNaN & 0x8000, 0x8000);
  assert.notEqual(negativeNaN & 0x3ff, 0);
  // A signalling NaN whose payload sits only in the low bits still comes out a NaN (quiet bit set).
  assert.equal(hex(halfOfBits(0x7f800001)), '0x7e00');
  assert.equal(hex(halfOfBits(0x00000001)), '0x0000');
  assert.equal(hex(halfOfBits(0x80700000)), '0x8000');
});

test('half → float32: hand-computed values', () => {
  assert.equal(fromHalf(0x3c00), 1);
  assert.equal(fromHalf(0x7bff), 65504);
  assert.equal(fromHalf(0x0001), 2 ** -24);
  assert.equal(fromHalf(0x03ff), 1023 * 2 ** -24);
  assert.equal(fromHalf(0x8001), -(2 ** -24));
  assert.equal(fromHalf(0x0400), 2 ** -14);
  assert.equal(fromHalf(0x3555), 0.333251953125);
  assert.equal(fromHalf(0xc000), -2);
  assert.equal(fromHalf(0x7c00), Infinity);
  assert.equal(fromHalf(0xfc00), -Infinity);
  assert.ok(Object.is(fromHalf(0x8000), -0));
  assert.ok(Object.is(fromHalf(0x0000), 0));
  assert.ok(Number.isNaN(fromHalf(0x7e00)));
  assert.ok(Number.isNaN(fromHalf(0xfd01)));
});

test('all 65536 patterns: half → float32 → half gives the same bits (NaNs: NaN with the same sign)', () => {
  const all = new Uint16Array(65536).map((_, i) => i);
  const wide = float16BitsToFloat32(all);
  const back = float32ToFloat16Bits(wide);
  let nans = 0;
  for (let h = 0; h < 65536; h++) {
    const isNaN = (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
    if (isNaN) {
      nans++;
      assert.ok(Number.isNaN(wide[h]), hex(h));
      assert.equal(back[h] & 0xfc00, h & 0xfc00, hex(h));
      assert.notEqual(back[h] & 0x3ff, 0, hex(h));
    } else if (back[h] !== h) {
      assert.fail(`${hex(h)} → ${wide[h]} → ${hex(back[h])}`);
    }
  }
  assert.equal(nans, 2 * 1023);
  // Finite halves come out in increasing order: the conversion is monotonic.
  for (let h = 1; h < 0x7c00; h++) assert.ok(wide[h] > wide[h - 1], hex(h));
});

test('every float32 rounds to one of its two neighbouring halves, the nearer one', () => {
  // A sweep over float32 patterns spread across the whole half range (and beyond).
  const probes = new Float32Array(200_000);
  const bits = new Uint32Array(probes.buffer);
  for (let i = 0; i < bits.length; i++) bits[i] = (0x33000000 + i * 0x6e1) >>> 0; // 2⁻²⁵ … ~2¹⁷
  const halves = float32ToFloat16Bits(probes);
  const values = float16BitsToFloat32(halves);
  for (let i = 0; i < probes.length; i++) {
    const x = probes[i];
    const h = halves[i];
    if (x >= 65520) {
      assert.equal(h, 0x7c00, `${x}`);
      continue;
    }
    const below = h > 0 ? fromHalf(h - 1) : -Infinity;
    const above = h < 0x7bff ? fromHalf(h + 1) : Infinity;
    const error = Math.abs(values[i] - x);
    assert.ok(error <= Math.abs(x - below) && error <= Math.abs(above - x), `${x} → ${hex(h)}`);
  }
});

test('works on views into larger buffers', () => {
  const big = Float32Array.of(7, 1, 2, 7);
  assert.deepEqual([...float32ToFloat16Bits(big.subarray(1, 3))], [0x3c00, 0x4000]);
});
