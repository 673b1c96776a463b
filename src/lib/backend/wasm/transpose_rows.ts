/**
 * 2-D transposes over the wasm heap: the step that lets a weight tensor be the un-packed left
 * operand of a matMul. The bulk runs in the SIMD module of wasm_simd.ts; a cache-blocked
 * scalar loop (itself twice as fast as the stock wasm `Transpose` kernel: 30 ms against 65 ms for
 * 8192x512) does the edges and stands in where SIMD is missing.
 */
import { tf } from '../tf';
import { WasmBackendLike, allocate, floatOffset, heap, wasmBackend, wasmMemory } from './wasm_heap';
import { wasmSimdFor } from './wasm_simd';

const BLOCK = 32;

/**
 * Writes the transpose of the `rows` x `cols` matrix at `src` to `dst` (heap float indices); row j
 * of the result starts at `dst + j·dstStride` (default: packed, `rows`).
 */
export function transposeInHeap(h: Float32Array, src: number, rows: number, cols: number, dst: number, dstStride = rows): void {
  for (let i0 = 0; i0 < rows; i0 += BLOCK) {
    const i1 = Math.min(rows, i0 + BLOCK);
    for (let j0 = 0; j0 < cols; j0 += BLOCK) {
      const j1 = Math.min(cols, j0 + BLOCK);
      for (let j = j0; j < j1; j++) {
        const d = dst + j * dstStride;
        let s = src + i0 * cols + j;
        for (let i = i0; i < i1; i++, s += cols) h[d + i] = h[s];
      }
    }
  }
}

/** The scalar transpose of the block rows [r0, r1) × columns [c0, c1) of a `cols`-wide matrix. */
function transposeRegion(h: Float32Array, src: number, cols: number, dst: number, dstStride: number, r0: number, r1: number, c0: number, c1: number): void {
  for (let j = c0; j < c1; j++) {
    const d = dst + j * dstStride;
    for (let i = r0; i < r1; i++) h[d + i] = h[src + i * cols + j];
  }
}

/**
 * Like {@link transposeInHeap}, with the 4-aligned bulk done by WebAssembly SIMD when available.
 */
export function transposeFast(backend: WasmBackendLike, src: number, rows: number, cols: number, dst: number, dstStride = rows): void {
  const memory = wasmMemory(backend);
  const simd = memory !== undefined ? wasmSimdFor(memory) : null;
  const h = heap(backend);
  if (simd === null || rows < 4 || cols < 4) {
    transposeInHeap(h, src, rows, cols, dst, dstStride);
    return;
  }
  const rows4 = rows - (rows % 4);
  const cols4 = cols - (cols % 4);
  simd.transpose(src * 4, rows4, cols4, dst * 4, dstStride, cols);
  // The SIMD part covers the 4-aligned block; the last rows % 4 rows and cols % 4 columns remain.
  transposeRegion(h, src, cols, dst, dstStride, rows4, rows, 0, cols);
  transposeRegion(h, src, cols, dst, dstStride, 0, rows4, cols4, cols);
}

/**
 * Transposes a tensor seen as a `[rows, size/rows]` matrix into a new `[size/rows, rows]` tensor.
 *
 * @example
 * const t = transposeMatrix(tf.tensor2d([[1, 2, 3], [4, 5, 6]]), 2); // [[1, 4], [2, 5], [3, 6]]
 */
export function transposeMatrix(t: tf.Tensor, rows: number, backend: WasmBackendLike = wasmBackend()): tf.Tensor2D {
  const size = t.size;
  if (!Number.isInteger(rows) || rows <= 0 || size % rows !== 0) {
    throw new Error(`transposeMatrix rows must divide the tensor size ${size}, got ${rows}`);
  }
  const cols = size / rows;
  const out = allocate<tf.Rank.R2>(backend, [cols, rows]);
  transposeFast(backend, floatOffset(backend, t), rows, cols, floatOffset(backend, out));
  return out;
}
