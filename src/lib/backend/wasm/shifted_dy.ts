/**
 * The filter gradient for convolutions with very few output channels (the PatchGAN's last layer
 * has one), where the patch matrix im2col(x)ᵀ would be huge (16·Ci × M) next to the result:
 *   dW[tap, ci, co] = Σ_p x̃ᵀ[ci, p] · S[p, (tap, co)],
 * with x̃ᵀ the zero-padded input, channels first ([Ci, P], P = padded positions), as the un-packed
 * left operand, and S the output gradient scattered to the position each tap reads, [P, taps·Co],
 * as the small packed right operand. It wastes stride² of the arithmetic, which is nothing at
 * these sizes, and reads x once instead of once per tap.
 */
import { tf } from '../tf';
import { ConvGeometry } from './conv_geometry';
import { allocate, floatOffset, heap, wasmBackend } from './wasm_heap';
import { transposeFast } from './transpose_rows';

/** Height and width of the padded grid the taps read: (out − 1)·stride + (k − 1)·dilation + 1. */
function paddedGrid(g: ConvGeometry): [number, number] {
  return [
    (g.outHeight - 1) * g.strideHeight + (g.filterHeight - 1) * g.dilationHeight + 1,
    (g.outWidth - 1) * g.strideWidth + (g.filterWidth - 1) * g.dilationWidth + 1,
  ];
}

/** Whether the scattered matrix S is at most 1/8 of the patch matrix this replaces. */
export function shiftedDyIsSmaller(g: ConvGeometry): boolean {
  const [hp, wp] = paddedGrid(g);
  return g.batch * hp * wp * g.outChannels * 8 <= g.inChannels * g.rows;
}

/**
 * The filter gradient by the shifted-dy formulation above.
 *
 * @example
 * const g = convGeometry([1, 31, 31, 512], [4, 4, 512, 1], 1, 1, 1);
 * filterGradientShiftedDy(x, dy, g).shape; // [4, 4, 512, 1]
 */
export function filterGradientShiftedDy(x: tf.Tensor4D, dy: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
  const backend = wasmBackend();
  const [hp, wp] = paddedGrid(g);
  const { batch: B, inHeight: H, inWidth: W, inChannels: Ci, outChannels: Co } = g;
  const P = B * hp * wp;
  const taps = g.filterHeight * g.filterWidth;
  return tf.tidy(() => {
    // x̃ᵀ [Ci, P]: each input row lands, transposed, at its padded position.
    const xT = allocate<tf.Rank.R2>(backend, [Ci, P]);
    const xo = floatOffset(backend, xT);
    heap(backend).fill(0, xo, xo + Ci * P);
    const ix0 = Math.max(0, -g.padLeft);
    const ix1 = Math.min(W, wp - g.padLeft);
    for (let b = 0; b < B && ix1 > ix0; b++) {
      for (let iy = 0; iy < H; iy++) {
        const py = iy + g.padTop;
        if (py < 0 || py >= hp) continue;
        const src = floatOffset(backend, x) + ((b * H + iy) * W + ix0) * Ci;
        transposeFast(backend, src, ix1 - ix0, Ci, xo + (b * hp + py) * wp + ix0 + g.padLeft, P);
      }
    }
    // S [P, taps·Co]: dy[b, oy, ox, :] at the row of the position tap (ky, kx) reads.
    const width = taps * Co;
    const S = allocate<tf.Rank.R2>(backend, [P, width]);
    const h = heap(backend);
    const so = floatOffset(backend, S);
    h.fill(0, so, so + P * width);
    let d = floatOffset(backend, dy);
    for (let b = 0; b < B; b++) {
      for (let oy = 0; oy < g.outHeight; oy++) {
        for (let ox = 0; ox < g.outWidth; ox++, d += Co) {
          for (let ky = 0; ky < g.filterHeight; ky++) {
            const row = (b * hp + oy * g.strideHeight + ky * g.dilationHeight) * wp + ox * g.strideWidth;
            for (let kx = 0; kx < g.filterWidth; kx++) {
              const at = so + (row + kx * g.dilationWidth) * width + (ky * g.filterWidth + kx) * Co;
              for (let co = 0; co < Co; co++) h[at + co] = h[d + co];
            }
          }
        }
      }
    }
    const R = tf.matMul(xT, S); // [Ci, taps·Co]
    // dW[tap, ci, co] = R[ci, tap·Co + co]
    const dW = allocate<tf.Rank.R4>(backend, [g.filterHeight, g.filterWidth, Ci, Co]);
    const h2 = heap(backend);
    const ro = floatOffset(backend, R);
    const wo = floatOffset(backend, dW);
    for (let tap = 0; tap < taps; tap++) {
      for (let ci = 0; ci < Ci; ci++) {
        for (let co = 0; co < Co; co++) h2[wo + (tap * Ci + ci) * Co + co] = h2[ro + ci * width + tap * Co + co];
      }
    }
    return dW;
  });
}
