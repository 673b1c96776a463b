/**
 * IEEE 754 half precision (binary16) ↔ float32, on bit patterns: 1 sign bit, 5 exponent bits (bias
 * 15), 10 fraction bits. Largest finite value 65504, smallest subnormal 2⁻²⁴. Used to store
 * generator weights at half the size.
 */

/**
 * Rounds float32 values to the nearest half-precision value (ties to even) and returns their bit
 * patterns. Values from 65520 up (in magnitude) become ±Infinity, values below 2⁻²⁵ become ±0,
 * the sign of zero is kept, and NaN stays NaN (sign and the top fraction bits kept, made quiet).
 *
 * @example
 * float32ToFloat16Bits(Float32Array.of(1, 65504, 1 / 3));   // Uint16Array [0x3c00, 0x7bff, 0x3555]
 */
export function float32ToFloat16Bits(values: Float32Array): Uint16Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < bits.length; i++) out[i] = halfBitsOf(bits[i]);
  return out;
}

/** One float32 bit pattern → the nearest half's bit pattern. */
function halfBitsOf(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  const fraction = x & 0x7fffff;
  if (exponent === 0xff) return fraction === 0 ? sign | 0x7c00 : sign | 0x7e00 | (fraction >>> 13);
  const e = exponent - 127 + 15; // the half's biased exponent
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half (or zero): the value in units of 2⁻²⁴ is significand >> (14 − e).
    if (e < -10) return sign; // below 2⁻²⁵: rounds to zero
    const significand = fraction | 0x800000;
    const shift = 14 - e;
    return sign | roundShift(significand, shift);
  }
  // Normal: a carry out of the fraction moves into the exponent, and from 0x7bff to 0x7c00 (Inf).
  return sign | (((e << 10) | (fraction >>> 13)) + roundUp(fraction, 13, fraction >>> 13));
}

/** value >> shift, rounded to nearest, ties to even. */
function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  return kept + roundUp(value, shift, kept);
}

/** 1 when dropping the low `shift` bits of `value` must round `kept` up (nearest, ties to even). */
function roundUp(value: number, shift: number, kept: number): number {
  const rest = value & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return rest > half || (rest === half && (kept & 1) === 1) ? 1 : 0;
}

/**
 * Half-precision bit patterns → float32 values (exact: every half is a float32).
 *
 * @example
 * float16BitsToFloat32(Uint16Array.of(0x3c00, 0x0001, 0xfc00));   // Float32Array [1, 5.960464477539063e-8, -Infinity]
 */
export function float16BitsToFloat32(halves: Uint16Array): Float32Array {
  const out = new Float32Array(halves.length);
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < halves.length; i++) {
    const h = halves[i];
    const sign = (h & 0x8000) << 16;
    const e = (h >>> 10) & 0x1f;
    const fraction = h & 0x3ff;
    if (e === 0) {
      // Zero or subnormal: fraction · 2⁻²⁴, exact in float32.
      bits[i] = sign;
      if (fraction !== 0) out[i] = (sign ? -fraction : fraction) * 2 ** -24;
    } else if (e === 31) {
      bits[i] = (sign | 0x7f800000 | (fraction << 13)) >>> 0;
    } else {
      bits[i] = (sign | ((e - 15 + 127) << 23) | (fraction << 13)) >>> 0;
    }
  }
  return out;
}
