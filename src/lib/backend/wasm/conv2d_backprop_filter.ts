/**
 * `Conv2DBackpropFilter` for the wasm backend, which tfjs-backend-wasm 4.22 lacks: the filter
 * gradient of a convolution as one XNNPACK matMul,
 *   dW[K, Co] = im2col(x)ᵀ[K, M] · dy[M, Co],
 * with the patch matrix as the left operand (XNNPACK leaves it as is) and dy as the right one
 * (XNNPACK packs it; dy is the small side for every pix2pix layer). Layers with one or two output
 * channels use the shifted-dy formulation of shifted_dy.ts instead.
 */
import { tf } from '../tf';
import { ConvGeometry, ConvPad, convGeometry, trimUnusedTaps } from './conv_geometry';
import { expandToAllTaps } from './filter_taps';
import { im2colColumns } from './im2col';
import { filterGradientShiftedDy, shiftedDyIsSmaller } from './shifted_dy';
import { asTensor4D, requireNHWC, requireShape } from './kernel_inputs';

export type BackpropFilterPlan = 'patches' | 'shifted-dy';

/** Shifted-dy when its scattered dy is far smaller than the patch matrix (a handful of output channels). */
export function chooseBackpropFilterPlan(g: ConvGeometry): BackpropFilterPlan {
  return shiftedDyIsSmaller(g) ? 'shifted-dy' : 'patches';
}

/**
 * Gradient of `conv2d(x, W)` with respect to `W`, given the output gradient `dy`.
 *
 * @example
 * const x = tf.ones([1, 3, 3, 1]) as tf.Tensor4D;
 * const dy = tf.ones([1, 2, 2, 1]) as tf.Tensor4D;
 * conv2dFilterGradient(x, dy, convGeometry(x.shape, [2, 2, 1, 1], 1, 1, 'valid')); // all 4s, [2,2,1,1]
 */
export function conv2dFilterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  g: ConvGeometry,
  plan: BackpropFilterPlan = chooseBackpropFilterPlan(g),
): tf.Tensor4D {
  requireShape(dy.shape, [g.batch, g.outHeight, g.outWidth, g.outChannels], 'conv2dFilterGradient dy');
  if (plan === 'shifted-dy') return filterGradientShiftedDy(x, dy, g);
  const t = trimUnusedTaps(g);
  return tf.tidy(() => {
    const columns = im2colColumns(x, t.geometry);
    const dW = tf.matMul(columns, tf.reshape(dy, [g.rows, g.outChannels])) as tf.Tensor2D;
    return expandToAllTaps(dW, g, t);
  });
}

interface BackpropFilterAttrs {
  strides: number | [number, number];
  pad: ConvPad;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
  dilations?: number | [number, number];
}

/** The registry entry point: inputs `x`, `dy`; attrs as tfjs' `Conv2DBackpropFilterAttrs`. */
export function conv2dBackpropFilterKernel(args: {
  inputs: tf.NamedTensorInfoMap;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const attrs = args.attrs as unknown as BackpropFilterAttrs;
  requireNHWC(attrs.dataFormat, 'Conv2DBackpropFilter');
  const x = asTensor4D(args.inputs.x, 'x');
  const dy = asTensor4D(args.inputs.dy, 'dy');
  const g = convGeometry(x.shape, attrs.filterShape, attrs.strides, attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode);
  return conv2dFilterGradient(x, dy, g);
}
