/**
 * im2col: the patches a convolution reads, laid out as a matrix, so the convolution becomes one
 * XNNPACK matMul. Two layouts, because XNNPACK packs (slowly, ~18 ns per float) only the RIGHT
 * operand of a matMul and the caller picks which operand to keep small:
 * - rows    `[M, K]`: M = batch·outH·outW output positions, K = fh·fw·inC patch entries;
 * - columns `[K, M]`: its transpose, for use as a left operand.
 * Positions that fall in the padding read as 0.
 */
import { tf } from '../tf';
import { ConvGeometry, validOutputRange } from './conv_geometry';
import { allocate, copyRun, floatOffset, heap, wasmBackend } from './wasm_heap';
import { transposeFast } from './transpose_rows';

function checkInput(x: tf.Tensor, g: ConvGeometry): void {
  const want = [g.batch, g.inHeight, g.inWidth, g.inChannels];
  if (x.shape.length !== 4 || x.shape.some((d, i) => d !== want[i])) {
    throw new Error(`im2col input must have shape [${want}], got [${x.shape}]`);
  }
}

/**
 * Patches as rows: `out[(b,oy,ox), (ky,kx,c)] = x[b, oy·sh + ky·dh − padTop, ox·sw + kx·dw − padLeft, c]`.
 *
 * @example
 * const g = convGeometry([1, 3, 3, 1], [2, 2, 1, 1], 1, 1, 'valid');
 * im2colRows(tf.range(0, 9).reshape([1, 3, 3, 1]), g); // [[0,1,3,4], [1,2,4,5], [3,4,6,7], [4,5,7,8]]
 */
export function im2colRows(x: tf.Tensor4D, g: ConvGeometry): tf.Tensor2D {
  checkInput(x, g);
  const backend = wasmBackend();
  const out = allocate<tf.Rank.R2>(backend, [g.rows, g.patch]);
  const h = heap(backend);
  const src = floatOffset(backend, x);
  let d = floatOffset(backend, out);
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = g;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) {
        for (let ky = 0; ky < g.filterHeight; ky++) {
          const iy = oy * g.strideHeight + ky * g.dilationHeight - g.padTop;
          const rowInside = iy >= 0 && iy < H;
          for (let kx = 0; kx < g.filterWidth; kx++, d += C) {
            const ix = ox * g.strideWidth + kx * g.dilationWidth - g.padLeft;
            if (rowInside && ix >= 0 && ix < W) copyRun(h, d, src + ((b * H + iy) * W + ix) * C, C);
            else h.fill(0, d, d + C);
          }
        }
      }
    }
  }
  return out;
}

/**
 * Patches as columns, the transpose of {@link im2colRows}: `[K, M]`.
 *
 * @example
 * const g = convGeometry([1, 2, 3, 1], [2, 2, 1, 1], 1, 1, 'valid');
 * im2colColumns(tf.range(0, 6).reshape([1, 2, 3, 1]), g); // [[0,1], [1,2], [3,4], [4,5]]
 */
export function im2colColumns(x: tf.Tensor4D, g: ConvGeometry): tf.Tensor2D {
  checkInput(x, g);
  const backend = wasmBackend();
  const { batch: B, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = g;
  // Channels first ([C, B·H·W]) so each output row copies from one contiguous image row.
  const planes = allocate<tf.Rank.R2>(backend, [C, B * H * W]);
  const out = allocate<tf.Rank.R2>(backend, [g.patch, g.rows]);
  const h = heap(backend);
  const p0 = floatOffset(backend, planes);
  transposeFast(backend, floatOffset(backend, x), B * H * W, C, p0);
  const sw = g.strideWidth;
  let d = floatOffset(backend, out);
  for (let ky = 0; ky < g.filterHeight; ky++) {
    for (let kx = 0; kx < g.filterWidth; kx++) {
      const [ox0, ox1] = validOutputRange(kx, sw, g.dilationWidth, g.padLeft, W, Wo);
      const colShift = kx * g.dilationWidth - g.padLeft;
      for (let c = 0; c < C; c++) {
        for (let b = 0; b < B; b++) {
          const plane = p0 + (c * B + b) * H * W;
          for (let oy = 0; oy < Ho; oy++, d += Wo) {
            const iy = oy * g.strideHeight + ky * g.dilationHeight - g.padTop;
            if (iy < 0 || iy >= H) {
              h.fill(0, d, d + Wo);
              continue;
            }
            for (let ox = 0; ox < ox0; ox++) h[d + ox] = 0;
            for (let ox = ox1; ox < Wo; ox++) h[d + ox] = 0;
            let s = plane + iy * W + ox0 * sw + colShift;
            if (sw === 1) copyRun(h, d + ox0, s, ox1 - ox0);
            else for (let ox = ox0; ox < ox1; ox++, s += sw) h[d + ox] = h[s];
          }
        }
      }
    }
  }
  planes.dispose();
  return out;
}
