/**
 * col2im: the adjoint of im2col. Each patch entry is added back to the input position it was read
 * from (entries that fell in the padding are dropped), giving the input gradient of a convolution
 * — or the output of a transposed convolution — from the matMul that produced the patches.
 */
import { tf } from '../tf';
import { ConvGeometry, validOutputRange } from './conv_geometry';
import { allocate, floatOffset, heap, runAdder, wasmBackend } from './wasm_heap';
import { transposeFast } from './transpose_rows';

function checkMatrix(m: tf.Tensor, shape: [number, number], name: string): void {
  if (m.shape.length !== 2 || m.shape[0] !== shape[0] || m.shape[1] !== shape[1]) {
    throw new Error(`${name} must have shape [${shape}], got [${m.shape}]`);
  }
}

/**
 * Sums patch rows `[M, K]` (the layout of {@link im2colRows}) back into an NHWC image.
 *
 * @example
 * const g = convGeometry([1, 1, 3, 1], [1, 2, 1, 1], 1, 1, 'valid');
 * col2imRows(tf.tensor2d([[1, 2], [3, 4]]), g); // [[[[1], [5], [4]]]]
 */
export function col2imRows(cols: tf.Tensor2D, g: ConvGeometry): tf.Tensor4D {
  checkMatrix(cols, [g.rows, g.patch], 'col2imRows cols');
  const backend = wasmBackend();
  const { batch: B, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = g;
  const out = allocate<tf.Rank.R4>(backend, [B, H, W, C]);
  const h = heap(backend);
  const dx = floatOffset(backend, out);
  const addRun = runAdder(backend);
  h.fill(0, dx, dx + B * H * W * C);
  let s = floatOffset(backend, cols);
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) {
        for (let ky = 0; ky < g.filterHeight; ky++) {
          const iy = oy * g.strideHeight + ky * g.dilationHeight - g.padTop;
          const rowInside = iy >= 0 && iy < H;
          for (let kx = 0; kx < g.filterWidth; kx++, s += C) {
            const ix = ox * g.strideWidth + kx * g.dilationWidth - g.padLeft;
            if (rowInside && ix >= 0 && ix < W) addRun(h, dx + ((b * H + iy) * W + ix) * C, s, C);
          }
        }
      }
    }
  }
  return out;
}

/**
 * Sums patch columns `[K, M]` (the layout of {@link im2colColumns}) back into an NHWC image.
 *
 * @example
 * const g = convGeometry([1, 1, 3, 1], [1, 2, 1, 1], 1, 1, 'valid');
 * col2imColumns(tf.tensor2d([[1, 3], [2, 4]]), g); // [[[[1], [5], [4]]]]
 */
export function col2imColumns(colsT: tf.Tensor2D, g: ConvGeometry): tf.Tensor4D {
  checkMatrix(colsT, [g.patch, g.rows], 'col2imColumns cols');
  const backend = wasmBackend();
  const { batch: B, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = g;
  // Accumulate channels first so every patch row adds into one contiguous image row.
  const planes = allocate<tf.Rank.R2>(backend, [C, B * H * W]);
  const out = allocate<tf.Rank.R4>(backend, [B, H, W, C]);
  const h = heap(backend);
  const p0 = floatOffset(backend, planes);
  const addRun = runAdder(backend);
  h.fill(0, p0, p0 + C * B * H * W);
  const sw = g.strideWidth;
  let s = floatOffset(backend, colsT);
  for (let ky = 0; ky < g.filterHeight; ky++) {
    for (let kx = 0; kx < g.filterWidth; kx++) {
      const [ox0, ox1] = validOutputRange(kx, sw, g.dilationWidth, g.padLeft, W, Wo);
      const colShift = kx * g.dilationWidth - g.padLeft;
      for (let c = 0; c < C; c++) {
        for (let b = 0; b < B; b++) {
          const plane = p0 + (c * B + b) * H * W;
          for (let oy = 0; oy < Ho; oy++, s += Wo) {
            const iy = oy * g.strideHeight + ky * g.dilationHeight - g.padTop;
            if (iy < 0 || iy >= H) continue;
            let d = plane + iy * W + ox0 * sw + colShift;
            if (sw === 1) addRun(h, d, s + ox0, ox1 - ox0);
            else for (let ox = ox0; ox < ox1; ox++, d += sw) h[d] += h[s + ox];
          }
        }
      }
    }
  }
  transposeFast(backend, p0, C, B * H * W, floatOffset(backend, out));
  planes.dispose();
  return out;
}
