/**
 * `Conv2DBackpropInput` for the wasm backend — the input gradient of conv2d and the forward pass
 * of conv2dTranspose. The stock wasm kernel is a scalar loop (~2 GFLOP/s); here it is one XNNPACK
 * matMul that produces the patch matrix, then col2im. XNNPACK packs (slowly) the right operand
 * of a matMul, so the formulation keeps the smaller operand on the right:
 * - weights-left:  colsᵀ[K, M] = W[K, Co] · dyᵀ[Co, M]   (packs dy; for small images, big filters)
 * - weights-right: cols[M, K]  = dy[M, Co] · Wᵀ[Co, K]   (packs W; for big images, small filters)
 * - full-conv: for stride 1 and a small filter, one stock conv of dy with the reversed filter.
 */
import { tf } from '../tf';
import { ConvGeometry, ConvPad, convGeometry, trimUnusedTaps } from './conv_geometry';
import { filterMatrix, filterMatrixTransposed, flippedTransposedFilter } from './filter_taps';
import { col2imColumns, col2imRows } from './col2im';
import { asTensor4D, requireNHWC, requireShape } from './kernel_inputs';
import { transposeMatrix } from './transpose_rows';

export type BackpropInputPlan = 'weights-left' | 'weights-right' | 'full-conv';

/** Filters up to this many floats are cheap for XNNPACK to pack afresh on every call. */
const SMALL_FILTER = 1 << 16;

/**
 * The cheaper formulation: a stride-1 conv with a small filter is one stock "full" convolution
 * (no patch matrix at all); otherwise the matMul that packs the smaller of dy (M·Co floats) and
 * W (K·Co floats).
 */
export function chooseBackpropInputPlan(g: ConvGeometry): BackpropInputPlan {
  if (fullConvPads(g) !== null && g.patch * g.outChannels <= SMALL_FILTER) return 'full-conv';
  const used = trimUnusedTaps(g).geometry;
  return used.rows <= used.patch ? 'weights-left' : 'weights-right';
}

/**
 * Padding of the full convolution dx = conv(dy, W') for a stride-1, undilated conv, or null if the
 * conv is not of that kind. With stride 1, dx[i] = Σ_k dy[i + pad − k]·W[k]: a correlation of dy
 * with the reversed filter, padded by kh−1−padTop before and kh−1−padBottom after.
 */
/** Whether the 'full-conv' plan can compute this conv's input gradient. */
export function canUseFullConv(g: ConvGeometry): boolean {
  return fullConvPads(g) !== null;
}

function fullConvPads(g: ConvGeometry): [[number, number], [number, number]] | null {
  if (g.strideHeight !== 1 || g.strideWidth !== 1 || g.dilationHeight !== 1 || g.dilationWidth !== 1) return null;
  const padBottom = g.outHeight + g.filterHeight - 1 - g.inHeight - g.padTop;
  const padRight = g.outWidth + g.filterWidth - 1 - g.inWidth - g.padLeft;
  const pads: [[number, number], [number, number]] = [
    [g.filterHeight - 1 - g.padTop, g.filterHeight - 1 - padBottom],
    [g.filterWidth - 1 - g.padLeft, g.filterWidth - 1 - padRight],
  ];
  return pads.flat().every((p) => p >= 0) ? pads : null;
}

/**
 * Gradient of `conv2d(x, W)` with respect to `x` (shape given by `g`), from the output gradient.
 *
 * @example
 * const w = tf.ones([2, 2, 1, 1]) as tf.Tensor4D;
 * const dy = tf.ones([1, 2, 2, 1]) as tf.Tensor4D;
 * conv2dInputGradient(dy, w, convGeometry([1, 3, 3, 1], w.shape, 1, 1, 'valid'));
 * // [[1,2,1],[2,4,2],[1,2,1]] as [1,3,3,1]
 */
export function conv2dInputGradient(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  g: ConvGeometry,
  plan: BackpropInputPlan = chooseBackpropInputPlan(g),
): tf.Tensor4D {
  requireShape(dy.shape, [g.batch, g.outHeight, g.outWidth, g.outChannels], 'conv2dInputGradient dy');
  requireShape(filter.shape, [g.filterHeight, g.filterWidth, g.inChannels, g.outChannels], 'conv2dInputGradient filter');
  const t = trimUnusedTaps(g);
  const pads = fullConvPads(g);
  if (plan === 'full-conv' && pads === null) throw new Error(`the full-conv plan needs a stride-1 undilated conv with padding ≤ filter size − 1`);
  return tf.tidy(() => {
    if (plan === 'full-conv' && pads !== null) {
      return tf.conv2d(dy, flippedTransposedFilter(filter), 1, [[0, 0], pads[0], pads[1], [0, 0]]);
    }
    if (plan === 'weights-left') {
      const dyT = transposeMatrix(dy, g.rows);
      const colsT = tf.matMul(filterMatrix(filter, g, t), dyT) as tf.Tensor2D;
      return col2imColumns(colsT, t.geometry);
    }
    const filterT = filterMatrixTransposed(filter, g, t);
    const cols = tf.matMul(tf.reshape(dy, [g.rows, g.outChannels]), filterT) as tf.Tensor2D;
    return col2imRows(cols, t.geometry);
  });
}

interface BackpropInputAttrs {
  strides: number | [number, number];
  pad: ConvPad;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

/** The registry entry point: inputs `dy`, `filter`; attrs as tfjs' `Conv2DBackpropInputAttrs`. */
export function conv2dBackpropInputKernel(args: {
  inputs: tf.NamedTensorInfoMap;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const attrs = args.attrs as unknown as BackpropInputAttrs;
  requireNHWC(attrs.dataFormat, 'Conv2DBackpropInput');
  const dy = asTensor4D(args.inputs.dy, 'dy');
  const filter = asTensor4D(args.inputs.filter, 'filter');
  const g = convGeometry(attrs.inputShape, filter.shape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  return conv2dInputGradient(dy, filter, g);
}
