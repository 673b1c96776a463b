/**
 * The shape facts of one 2-D convolution (NHWC input, HWIO filter) that the training kernels
 * need, derived once with tfjs' own `computeConv2DInfo` so padding and rounding match tfjs exactly.
 */
import { tf } from '../tf';

export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padTop: number;
  padLeft: number;
  /** Output positions, batch·outHeight·outWidth: the rows of the im2col matrix. */
  rows: number;
  /** Patch length, filterHeight·filterWidth·inChannels: the columns of the im2col matrix. */
  patch: number;
}

export type ConvPad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;

/**
 * Geometry of the convolution that maps `xShape` to its output with filter `filterShape`.
 *
 * @example
 * const g = convGeometry([1, 8, 8, 3], [4, 4, 3, 16], 2, 1, 1);
 * // g.outHeight === 4, g.rows === 16, g.patch === 48, g.padTop === 1
 */
export function convGeometry(
  xShape: readonly number[],
  filterShape: readonly number[],
  strides: number | [number, number],
  dilations: number | [number, number],
  pad: ConvPad,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): ConvGeometry {
  if (xShape.length !== 4) throw new Error(`conv input shape must be rank 4 (NHWC), got [${xShape}]`);
  if (filterShape.length !== 4) throw new Error(`conv filter shape must be rank 4 (HWIO), got [${filterShape}]`);
  if (xShape[3] !== filterShape[2]) {
    throw new Error(`conv input channels ${xShape[3]} must equal filter in-channels ${filterShape[2]} (filter [${filterShape}])`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    dilations,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    rows: info.batchSize * info.outHeight * info.outWidth,
    patch: info.filterHeight * info.filterWidth * info.inChannels,
  };
}

/** Multiply-adds ×2 of the convolution (the same for its input and filter gradients). */
export function convFlops(g: ConvGeometry): number {
  return 2 * g.rows * g.patch * g.outChannels;
}

/**
 * The output columns `ox` whose input column `ox·stride + kx·dilation − padLeft` lies inside the
 * image, as the half-open range [first, end); likewise for rows with the height fields.
 */
export function validOutputRange(
  k: number,
  stride: number,
  dilation: number,
  pad: number,
  inSize: number,
  outSize: number,
): [number, number] {
  const first = Math.max(0, Math.ceil((pad - k * dilation) / stride));
  const end = Math.min(outSize, Math.floor((inSize - 1 + pad - k * dilation) / stride) + 1);
  return [first, Math.max(first, end)];
}

/** A convolution restricted to the filter taps that ever touch the image, and where they start. */
export interface TrimmedConv {
  geometry: ConvGeometry;
  /** First used tap row and column of the original filter. */
  firstRow: number;
  firstColumn: number;
  /** Whether any tap was dropped. */
  trimmed: boolean;
}

/** Whether tap `k` reads at least one image position (not only padding). */
function tapIsUsed(k: number, stride: number, dilation: number, pad: number, inSize: number, outSize: number): boolean {
  const [first, end] = validOutputRange(k, stride, dilation, pad, inSize, outSize);
  return end > first;
}

function usedTaps(k: number, stride: number, dilation: number, pad: number, inSize: number, outSize: number): [number, number] {
  let first = 0;
  while (first < k && !tapIsUsed(first, stride, dilation, pad, inSize, outSize)) first++;
  let end = k;
  while (end > first && !tapIsUsed(end - 1, stride, dilation, pad, inSize, outSize)) end--;
  return [first, end];
}

/**
 * Drops filter taps that only ever read padding (e.g. a 4×4 stride-2 pad-1 conv from 2×2 to 1×1
 * uses only the central 2×2 taps), so the kernels move a quarter of the weights instead of all.
 *
 * @example
 * const t = trimUnusedTaps(convGeometry([1, 2, 2, 8], [4, 4, 8, 8], 2, 1, 1));
 * // t.trimmed === true, t.geometry.filterHeight === 2, t.firstRow === 1, t.geometry.padTop === 0
 */
export function trimUnusedTaps(g: ConvGeometry): TrimmedConv {
  const [r0, r1] = usedTaps(g.filterHeight, g.strideHeight, g.dilationHeight, g.padTop, g.inHeight, g.outHeight);
  const [c0, c1] = usedTaps(g.filterWidth, g.strideWidth, g.dilationWidth, g.padLeft, g.inWidth, g.outWidth);
  const trimmed = r0 > 0 || c0 > 0 || r1 < g.filterHeight || c1 < g.filterWidth;
  if (!trimmed || r1 <= r0 || c1 <= c0) return { geometry: g, firstRow: 0, firstColumn: 0, trimmed: false };
  const filterHeight = r1 - r0;
  const filterWidth = c1 - c0;
  return {
    geometry: {
      ...g,
      filterHeight,
      filterWidth,
      padTop: g.padTop - r0 * g.dilationHeight,
      padLeft: g.padLeft - c0 * g.dilationWidth,
      patch: filterHeight * filterWidth * g.inChannels,
    },
    firstRow: r0,
    firstColumn: c0,
    trimmed: true,
  };
}
