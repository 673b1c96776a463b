/**
 * Direct access to the float32 buffers of the tfjs `wasm` backend. The training kernels rearrange
 * data (im2col, col2im, transposes) with plain loops over the backend's heap instead of chains of
 * tf ops, because the stock strided-slice and transpose kernels are several times slower than a
 * single JavaScript pass.
 */
import { tf } from '../tf';
import { wasmSimdFor } from './wasm_simd';

/** The part of tfjs-backend-wasm's `BackendWasm` these kernels rely on. */
export interface WasmBackendLike {
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number } | undefined };
  wasm: { HEAPF32: Float32Array; HEAP32: Int32Array; wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
}

/** The active backend as a wasm backend; throws if tfjs runs on another engine. */
export function wasmBackend(): WasmBackendLike {
  const name = tf.getBackend();
  if (name !== 'wasm') throw new Error(`wasm heap access needs the 'wasm' backend, the active backend is '${name}'`);
  return tf.backend() as unknown as WasmBackendLike;
}

/**
 * The heap as float32 words. Fetch it again after every allocation: a growing wasm memory
 * replaces the view.
 */
export function heap(backend: WasmBackendLike): Float32Array {
  return backend.wasm.HEAPF32;
}

/** The backend's WebAssembly memory (threaded builds name it `wasmMemory`), if reachable. */
export function wasmMemory(backend: WasmBackendLike): WebAssembly.Memory | undefined {
  const m = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
  return m instanceof WebAssembly.Memory ? m : undefined;
}

/** Index of a tensor's first float in {@link heap}. */
export function floatOffset(backend: WasmBackendLike, t: tf.TensorInfo): number {
  if (t.dtype !== 'float32') throw new Error(`expected a float32 tensor, got ${t.dtype}`);
  return wordOffset(backend, t);
}

/** Index of a 4-byte (float32 or int32) tensor's first element in the heap's 32-bit views. */
export function wordOffset(backend: WasmBackendLike, t: tf.TensorInfo): number {
  const entry = backend.dataIdMap.get(t.dataId);
  if (entry === undefined) throw new Error(`tensor of shape [${t.shape}] has no data on the wasm backend (disposed?)`);
  // Unsigned shift: past 2 GiB the byte offset no longer fits a signed 32-bit integer.
  return entry.memoryOffset >>> 2;
}

/** A new uninitialised float32 tensor on the wasm backend, tracked by the engine (tidy-safe). */
export function allocate<R extends tf.Rank>(backend: WasmBackendLike, shape: number[]): tf.Tensor<R> {
  const info = backend.makeOutput(shape, 'float32');
  return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor<R>;
}

/** Copies `n` floats inside the heap; short runs by hand, long ones with `copyWithin`. */
export function copyRun(h: Float32Array, dst: number, src: number, n: number): void {
  if (n < 24) {
    for (let i = 0; i < n; i++) h[dst + i] = h[src + i];
  } else {
    h.copyWithin(dst, src, src + n);
  }
}

/** Adds `n` floats from `src` into `dst` inside the heap. */
export function addRun(h: Float32Array, dst: number, src: number, n: number): void {
  for (let i = 0; i < n; i++) h[dst + i] += h[src + i];
}

/** Runs at least this long are added by the SIMD loop; shorter ones cost less than the call. */
const SIMD_ADD_MIN = 16;

/**
 * {@link addRun} for this backend, with WebAssembly SIMD for long runs when available.
 *
 * @example
 * const add = runAdder(backend);
 * add(heap(backend), dstIndex, srcIndex, 64);
 */
export function runAdder(backend: WasmBackendLike): (h: Float32Array, dst: number, src: number, n: number) => void {
  const memory = wasmMemory(backend);
  const simd = memory !== undefined ? wasmSimdFor(memory) : null;
  if (simd === null) return addRun;
  return (h, dst, src, n) => {
    if (n < SIMD_ADD_MIN) {
      addRun(h, dst, src, n);
      return;
    }
    const n4 = n - (n % 4);
    simd.addInto(dst * 4, src * 4, n4);
    for (let i = n4; i < n; i++) h[dst + i] += h[src + i];
  };
}
