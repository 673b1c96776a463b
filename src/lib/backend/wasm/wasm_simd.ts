/**
 * Two WebAssembly SIMD loops run on the tfjs wasm backend's own memory, for the data movement
 * around the kernels' matMuls. The module is assembled here from its opcodes (a few hundred
 * bytes), so no toolchain or binary file is involved. Addresses are in bytes, sizes in floats:
 * - transpose(src, rows, cols, dst, dstStride, srcPitch): the top-left rows × cols block (both
 *   multiples of 4) of a matrix whose rows are srcPitch floats apart, result row j written at
 *   dst + 4·j·dstStride. Each step moves a 4×4 block with four 128-bit loads, eight lane shuffles
 *   and four 128-bit stores, in 32×32 tiles for the caches: ~3 ns per float, against ~7 for a
 *   scalar JavaScript loop and ~16 for the stock wasm `Transpose`.
 * - addInto(dst, src, n): dst[i] += src[i] for the first n floats, n a multiple of 4 (col2im).
 */

// Opcodes (WebAssembly core spec 2.0, binary format §5.4, SIMD proposal §5.4.8).
const OP = {
  block: 0x02, loop: 0x03, br: 0x0c, brIf: 0x0d, end: 0x0b, select: 0x1b,
  localGet: 0x20, localSet: 0x21, localTee: 0x22, i32Const: 0x41,
  i32LtS: 0x48, i32GeS: 0x4e, i32GeU: 0x4f, i32Add: 0x6a, i32Mul: 0x6c, i32Shl: 0x74,
  simd: 0xfd, v128Load: 0x00, v128Store: 0x0b, i8x16Shuffle: 0x0d, f32x4Add: 0xe4,
  void: 0x40, i32: 0x7f, v128: 0x7b, func: 0x60,
} as const;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const bytes = (s: string) => [...Buffer.from(s, 'utf8')];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];

// Locals: parameters 0–4, then i32 scratch, then v128 registers.
const SRC = 0, ROWS = 1, COLS = 2, DST = 3, STRIDE = 4, PITCH = 5;
const I0 = 6, J0 = 7, I = 8, J = 9, I1 = 10, J1 = 11, S = 12, D = 13, ROWBYTES = 14, DROWBYTES = 15;
const A = [16, 17, 18, 19];
const T = [20, 21, 22, 23];
const TILE = 32;

const get = (l: number) => [OP.localGet, l];
const set = (l: number) => [OP.localSet, l];
const c = (n: number) => [OP.i32Const, ...sleb(n)];
const load = () => [OP.simd, ...uleb(OP.v128Load), 0, 0];
const store = () => [OP.simd, ...uleb(OP.v128Store), 0, 0];
/** Picks 32-bit lanes from the concatenation of two vectors (lanes 0–3 first, 4–7 second). */
const shuffle = (lanes: number[]) => [OP.simd, ...uleb(OP.i8x16Shuffle), ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3])];
/** `for (v = from; v < limit; v += step) body` */
const forLoop = (v: number, from: number[], limit: number[], step: number, body: number[]) => [
  ...from, ...set(v),
  OP.block, OP.void, OP.loop, OP.void,
  ...get(v), ...limit, OP.i32GeS, OP.brIf, 1,
  ...body,
  ...get(v), ...c(step), OP.i32Add, ...set(v),
  OP.br, 0, OP.end, OP.end,
];
/** min(a + step, limit) */
const minPlus = (a: number, step: number, limit: number) => [
  ...get(a), ...c(step), OP.i32Add, ...get(limit), ...get(a), ...c(step), OP.i32Add, ...get(limit), OP.i32LtS, OP.select,
];

const block4x4 = [
  // s = src + (i·pitch + j)·4
  ...get(SRC), ...get(I), ...get(PITCH), OP.i32Mul, ...get(J), OP.i32Add, ...c(2), OP.i32Shl, OP.i32Add, ...set(S),
  ...[0, 1, 2, 3].flatMap((r) => [...get(S), ...get(ROWBYTES), ...c(r), OP.i32Mul, OP.i32Add, ...load(), ...set(A[r])]),
  ...get(A[0]), ...get(A[1]), ...shuffle([0, 4, 1, 5]), ...set(T[0]),
  ...get(A[0]), ...get(A[1]), ...shuffle([2, 6, 3, 7]), ...set(T[1]),
  ...get(A[2]), ...get(A[3]), ...shuffle([0, 4, 1, 5]), ...set(T[2]),
  ...get(A[2]), ...get(A[3]), ...shuffle([2, 6, 3, 7]), ...set(T[3]),
  // d = dst + (j·dstStride + i)·4
  ...get(DST), ...get(J), ...get(STRIDE), OP.i32Mul, ...get(I), OP.i32Add, ...c(2), OP.i32Shl, OP.i32Add, ...set(D),
  ...get(D), ...get(T[0]), ...get(T[2]), ...shuffle([0, 1, 4, 5]), ...store(),
  ...get(D), ...get(DROWBYTES), OP.i32Add, ...get(T[0]), ...get(T[2]), ...shuffle([2, 3, 6, 7]), ...store(),
  ...get(D), ...get(DROWBYTES), ...c(2), OP.i32Mul, OP.i32Add, ...get(T[1]), ...get(T[3]), ...shuffle([0, 1, 4, 5]), ...store(),
  ...get(D), ...get(DROWBYTES), ...c(3), OP.i32Mul, OP.i32Add, ...get(T[1]), ...get(T[3]), ...shuffle([2, 3, 6, 7]), ...store(),
];

const transposeBody = [
  ...get(PITCH), ...c(2), OP.i32Shl, ...set(ROWBYTES),
  ...get(STRIDE), ...c(2), OP.i32Shl, ...set(DROWBYTES),
  ...forLoop(I0, c(0), get(ROWS), TILE, [
    ...minPlus(I0, TILE, ROWS), ...set(I1),
    ...forLoop(J0, c(0), get(COLS), TILE, [
      ...minPlus(J0, TILE, COLS), ...set(J1),
      ...forLoop(I, get(I0), get(I1), 4, forLoop(J, get(J0), get(J1), 4, block4x4)),
    ]),
  ]),
  OP.end,
];

// addInto(dst, src, n): params 0–2, local 3 = end address.
const ADD_DST = 0, ADD_SRC = 1, ADD_N = 2, ADD_END = 3;
const addIntoBody = [
  ...get(ADD_DST), ...get(ADD_N), ...c(2), OP.i32Shl, OP.i32Add, ...set(ADD_END),
  OP.block, OP.void, OP.loop, OP.void,
  ...get(ADD_DST), ...get(ADD_END), OP.i32GeU, OP.brIf, 1,
  ...get(ADD_DST), ...get(ADD_DST), ...load(), ...get(ADD_SRC), ...load(), OP.simd, ...uleb(OP.f32x4Add), ...store(),
  ...get(ADD_DST), ...c(16), OP.i32Add, ...set(ADD_DST),
  ...get(ADD_SRC), ...c(16), OP.i32Add, ...set(ADD_SRC),
  OP.br, 0, OP.end, OP.end,
  OP.end,
];

/** Limits of the imported memory: any size; a shared memory (threaded build) must declare a max. */
function memoryLimits(shared: boolean): number[] {
  return shared ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)];
}

const funcType = (params: number) => [OP.func, ...vec(new Array(params).fill([OP.i32])), ...vec([])];
const exported = (name: string, index: number) => [...uleb(name.length), ...bytes(name), 0x00, index];
const funcBody = (locals: number[][], code: number[]) => {
  const all = [...vec(locals), ...code];
  return [...uleb(all.length), ...all];
};

function assemble(shared: boolean): Uint8Array {
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([funcType(6), funcType(3)])),
    ...section(2, vec([[...uleb(3), ...bytes('env'), ...uleb(6), ...bytes('memory'), 0x02, ...memoryLimits(shared)]])),
    ...section(3, vec([[0], [1]])),
    ...section(7, vec([exported('transpose', 0), exported('addInto', 1)])),
    ...section(10, vec([
      funcBody([[...uleb(10), OP.i32], [...uleb(8), OP.v128]], transposeBody),
      funcBody([[...uleb(1), OP.i32]], addIntoBody),
    ])),
  ]);
}

export interface WasmSimd {
  transpose(src: number, rows: number, cols: number, dst: number, dstStride: number, srcPitch: number): void;
  addInto(dst: number, src: number, n: number): void;
}

const instances = new WeakMap<WebAssembly.Memory, WasmSimd | null>();

/**
 * The SIMD loops bound to `memory`, or null where WebAssembly SIMD is unavailable.
 *
 * @example
 * const simd = wasmSimdFor(memory); // simd?.transpose(srcBytes, 8, 4, dstBytes, 8, 4)
 */
export function wasmSimdFor(memory: WebAssembly.Memory): WasmSimd | null {
  let simd = instances.get(memory);
  if (simd === undefined) {
    try {
      const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
      const instance = new WebAssembly.Instance(new WebAssembly.Module(assemble(shared)), { env: { memory } });
      simd = instance.exports as unknown as WasmSimd;
    } catch {
      simd = null; // no SIMD in this engine: callers fall back to scalar loops
    }
    instances.set(memory, simd);
  }
  return simd;
}
