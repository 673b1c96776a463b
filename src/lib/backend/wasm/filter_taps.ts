/**
 * A filter as the matrix the matMul formulations use, restricted to the taps a convolution really
 * uses (see `trimUnusedTaps`), built in one pass over the wasm heap rather than slice + transpose.
 */
import { tf } from '../tf';
import { ConvGeometry, TrimmedConv } from './conv_geometry';
import { allocate, copyRun, floatOffset, heap, wasmBackend } from './wasm_heap';
import { transposeFast } from './transpose_rows';

function checkFilter(filter: tf.Tensor, full: ConvGeometry): void {
  const want = [full.filterHeight, full.filterWidth, full.inChannels, full.outChannels];
  if (filter.shape.length !== 4 || filter.shape.some((d, i) => d !== want[i])) {
    throw new Error(`filter must have shape [${want}], got [${filter.shape}]`);
  }
}

/**
 * The used taps of an HWIO filter as `[K', Co]`, K' = usedRows·usedCols·Ci.
 *
 * @example
 * const g = convGeometry([1, 2, 2, 8], [4, 4, 8, 16], 2, 1, 1);
 * filterMatrix(tf.zeros([4, 4, 8, 16]), g, trimUnusedTaps(g)).shape; // [32, 16]
 */
export function filterMatrix(filter: tf.Tensor4D, full: ConvGeometry, t: TrimmedConv): tf.Tensor2D {
  checkFilter(filter, full);
  const g = t.geometry;
  if (!t.trimmed) return tf.reshape(filter, [g.patch, g.outChannels]);
  const backend = wasmBackend();
  const out = allocate<tf.Rank.R2>(backend, [g.patch, g.outChannels]);
  const h = heap(backend);
  const tapSize = full.inChannels * full.outChannels;
  const run = g.filterWidth * tapSize; // one filter row's used taps are contiguous
  let d = floatOffset(backend, out);
  const src = floatOffset(backend, filter);
  for (let r = 0; r < g.filterHeight; r++, d += run) {
    copyRun(h, d, src + ((t.firstRow + r) * full.filterWidth + t.firstColumn) * tapSize, run);
  }
  return out;
}

/**
 * The used taps of an HWIO filter, transposed: `[Co, K']`.
 *
 * @example
 * const g = convGeometry([1, 8, 8, 3], [4, 4, 3, 16], 2, 1, 1);
 * filterMatrixTransposed(tf.zeros([4, 4, 3, 16]), g, trimUnusedTaps(g)).shape; // [16, 48]
 */
export function filterMatrixTransposed(filter: tf.Tensor4D, full: ConvGeometry, t: TrimmedConv): tf.Tensor2D {
  checkFilter(filter, full);
  const g = t.geometry;
  const backend = wasmBackend();
  const out = allocate<tf.Rank.R2>(backend, [g.outChannels, g.patch]);
  const h = heap(backend);
  const src = floatOffset(backend, filter);
  const dst = floatOffset(backend, out);
  const Ci = full.inChannels;
  const Co = full.outChannels;
  if (!t.trimmed) {
    transposeFast(backend, src, g.patch, Co, dst);
    return out;
  }
  for (let r = 0; r < g.filterHeight; r++) {
    for (let c = 0; c < g.filterWidth; c++) {
      const tap = (t.firstRow + r) * full.filterWidth + t.firstColumn + c;
      transposeFast(backend, src + tap * Ci * Co, Ci, Co, dst + (r * g.filterWidth + c) * Ci, g.patch);
    }
  }
  return out;
}

/**
 * A `[K', Co]` gradient for the used taps, placed in a zero HWIO gradient of the full filter.
 *
 * @example
 * const g = convGeometry([1, 2, 2, 8], [4, 4, 8, 16], 2, 1, 1);
 * expandToAllTaps(tf.ones([32, 16]), g, trimUnusedTaps(g)).shape; // [4, 4, 8, 16], ones in the centre
 */
export function expandToAllTaps(dW: tf.Tensor2D, full: ConvGeometry, t: TrimmedConv): tf.Tensor4D {
  const shape: [number, number, number, number] = [full.filterHeight, full.filterWidth, full.inChannels, full.outChannels];
  const g = t.geometry;
  if (dW.shape[0] !== g.patch || dW.shape[1] !== g.outChannels) {
    throw new Error(`expandToAllTaps dW must have shape [${g.patch},${g.outChannels}], got [${dW.shape}]`);
  }
  if (!t.trimmed) return tf.reshape(dW, shape);
  const backend = wasmBackend();
  const out = allocate<tf.Rank.R4>(backend, shape);
  const h = heap(backend);
  const dst = floatOffset(backend, out);
  const tapSize = full.inChannels * full.outChannels;
  h.fill(0, dst, dst + full.filterHeight * full.filterWidth * tapSize);
  const run = g.filterWidth * tapSize;
  let s = floatOffset(backend, dW);
  for (let r = 0; r < g.filterHeight; r++, s += run) {
    copyRun(h, dst + ((t.firstRow + r) * full.filterWidth + t.firstColumn) * tapSize, s, run);
  }
  return out;
}

/**
 * The filter of the "full" convolution that computes a stride-1 conv's input gradient: taps
 * reversed and in/out channels swapped, `W'[ky, kx, co, ci] = W[kh−1−ky, kw−1−kx, ci, co]`.
 *
 * @example
 * flippedTransposedFilter(tf.zeros([3, 3, 8, 2])).shape; // [3, 3, 2, 8]
 */
export function flippedTransposedFilter(filter: tf.Tensor4D): tf.Tensor4D {
  const [kh, kw, ci, co] = filter.shape;
  const backend = wasmBackend();
  const out = allocate<tf.Rank.R4>(backend, [kh, kw, co, ci]);
  const h = heap(backend);
  const src = floatOffset(backend, filter);
  const dst = floatOffset(backend, out);
  const taps = kh * kw;
  for (let tap = 0; tap < taps; tap++) {
    transposeFast(backend, src + tap * ci * co, ci, co, dst + (taps - 1 - tap) * ci * co);
  }
  return out;
}
