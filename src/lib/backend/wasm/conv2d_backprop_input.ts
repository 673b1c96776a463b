/**
 * `Conv2DBackpropInput` for the wasm backend — the input gradient of conv2d and the forward pass
 * of conv2dTranspose. The stock wasm kernel is a scalar loop (~2 GFLOP/s); here it is one XNNPACK
 * matMul that produces the patch matrix, then col2im. XNNPACK packs (slowly) the right operand
 * of a matMul, so the formulation keeps the smaller operand on the right:
 * - weights-left:  colsᵀ[K, M] = W[K, Co] · dyᵀ[Co, M]   (packs dy; for small images, big filters)
 * - weights-right: cols[M, K]  = dy[M, Co] · Wᵀ[Co, K]   (packs W; for big images, small filters)
 */
import { tf } from '../tf';
import { ConvGeometry, ConvPad, convGeometry, trimUnusedTaps } from './conv_geometry';
import { sliceUsedTaps } from './filter_taps';
import { col2imColumns, col2imRows } from './col2im';
import { asTensor4D, requireNHWC, requireShape } from './kernel_inputs';
import { transposeMatrix } from './transpose_rows';

export type BackpropInputPlan = 'weights-left' | 'weights-right';

/** The cheaper formulation: pack whichever of dy (M·Co floats) and W (K·Co floats) is smaller. */
export function chooseBackpropInputPlan(g: ConvGeometry): BackpropInputPlan {
  return g.rows <= g.patch ? 'weights-left' : 'weights-right';
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
  return tf.tidy(() => {
    if (plan === 'weights-left') {
      const dyT = transposeMatrix(dy, g.rows);
      const colsT = tf.matMul(tf.reshape(filter, [g.patch, g.outChannels]), dyT) as tf.Tensor2D;
      return col2imColumns(colsT, g);
    }
    const filterT = transposeMatrix(filter, g.patch);
    const cols = tf.matMul(tf.reshape(dy, [g.rows, g.outChannels]), filterT) as tf.Tensor2D;
    return col2imRows(cols, g);
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
  const t = trimUnusedTaps(g);
  return tf.tidy(() => conv2dInputGradient(dy, sliceUsedTaps(filter, t), t.geometry));
}
