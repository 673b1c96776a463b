/** Turns the bytes of one manifest weight into numbers, undoing tfjs's weight quantization. */
import type { WeightSpec } from './weights_manifest';

/**
 * Bytes one stored value of `spec` takes in the .bin file.
 *
 * @example
 * bytesPerValue({ name: 'w', shape: [2], dtype: 'float32', quantization: { dtype: 'uint8', scale: 1, min: 0 } });   // 1
 */
export function bytesPerValue(spec: WeightSpec): number {
  const stored = spec.quantization?.dtype ?? spec.dtype;
  return stored === 'uint8' ? 1 : stored === 'uint16' || stored === 'float16' ? 2 : 4;
}

/**
 * Number of values in a tensor of this shape.
 *
 * @example
 * sizeOfShape([3, 3, 32, 64]);   // 18432
 */
export function sizeOfShape(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Bytes `spec` takes in the .bin file.
 *
 * @example
 * weightByteLength({ name: 'fc', shape: [256, 128], dtype: 'float32' });   // 131072
 */
export function weightByteLength(spec: WeightSpec): number {
  return sizeOfShape(spec.shape) * bytesPerValue(spec);
}

/**
 * Decodes one weight's bytes (exactly `weightByteLength(spec)` of them, little-endian).
 * uint8/uint16 → q·scale + min computed in double precision and stored as float32 (as tfjs-core
 * does, so both give bit-identical weights); float16 → float32.
 *
 * @example
 * decodeWeight({ name: 'b', shape: [2], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } },
 *              new Uint8Array([0, 4]));   // Float32Array [-1, 1]
 */
export function decodeWeight(spec: WeightSpec, bytes: Uint8Array): Float32Array | Int32Array {
  const expected = weightByteLength(spec);
  if (bytes.byteLength !== expected) {
    throw new Error(`decodeWeight: weight '${spec.name}' needs ${expected} bytes but got ${bytes.byteLength}`);
  }
  const n = sizeOfShape(spec.shape);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const q = spec.quantization;
  if (q === undefined) {
    const out = spec.dtype === 'int32' ? new Int32Array(n) : new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = spec.dtype === 'int32' ? view.getInt32(4 * i, true) : view.getFloat32(4 * i, true);
    return out;
  }
  const out = spec.dtype === 'int32' ? new Int32Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (q.dtype === 'float16') {
      out[i] = halfToFloat(view.getUint16(2 * i, true));
    } else {
      const stored = q.dtype === 'uint8' ? view.getUint8(i) : view.getUint16(2 * i, true);
      const value = stored * q.scale! + q.min!;
      out[i] = spec.dtype === 'int32' ? Math.round(value) : value;
    }
  }
  return out;
}

/**
 * IEEE 754 half precision bits → number: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits.
 *
 * @example
 * halfToFloat(0x3c00);   // 1
 * halfToFloat(0xc000);   // -2
 */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // subnormal
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
