/**
 * `Conv2D` for the wasm backend when the filter is big and the image small. The stock kernel hands
 * the filter to XNNPACK, which re-packs it (~25 ns per float) whenever the filter is a new tensor,
 * as it is after every optimizer step: 100 ms for a 4×4×512×512 filter that needs 5 ms of
 * arithmetic on an 8×8 image. Here the filter is transposed in one blocked pass (~7 ns per float)
 * and becomes the un-packed LEFT operand:
 *   yᵀ[Co, M] = Wᵀ[Co, K] · im2col(x)ᵀ[K, M],
 * so XNNPACK packs only the small patch matrix. Other shapes go to the stock kernel.
 */
import { tf } from '../tf';
import { ConvGeometry, ConvPad, convGeometry, trimUnusedTaps } from './conv_geometry';
import { sliceUsedTaps } from './filter_taps';
import { im2colColumns } from './im2col';
import { asTensor4D, requireNHWC, requireShape } from './kernel_inputs';
import { transposeMatrix } from './transpose_rows';

export type ForwardPlan = 'stock' | 'weights-left';

/** The cheaper formulation for a fresh filter: weights-left when the image has few output positions. */
export function chooseForwardPlan(g: ConvGeometry): ForwardPlan {
  return g.rows <= g.outChannels ? 'weights-left' : 'stock';
}

/**
 * `conv2d(x, filter)` as a weights-left matMul.
 *
 * @example
 * const x = tf.ones([1, 3, 3, 1]) as tf.Tensor4D;
 * const w = tf.ones([2, 2, 1, 1]) as tf.Tensor4D;
 * conv2dWeightsLeft(x, w, convGeometry(x.shape, w.shape, 1, 1, 'valid')); // all 4s, [1,2,2,1]
 */
export function conv2dWeightsLeft(x: tf.Tensor4D, filter: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
  requireShape(filter.shape, [g.filterHeight, g.filterWidth, g.inChannels, g.outChannels], 'conv2dWeightsLeft filter');
  return tf.tidy(() => {
    const filterT = transposeMatrix(filter, g.patch);
    const yT = tf.matMul(filterT, im2colColumns(x, g));
    return tf.reshape(transposeMatrix(yT, g.outChannels), [g.batch, g.outHeight, g.outWidth, g.outChannels]);
  });
}

interface Conv2DAttrs {
  strides: number | [number, number];
  pad: ConvPad;
  dataFormat?: 'NHWC' | 'NCHW';
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

type KernelArgs = { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap; backend: unknown };

/**
 * Builds the registry entry point; shapes the stock kernel does better are passed to `stock`.
 */
export function makeConv2DKernel(stock: tf.KernelFunc): (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[] {
  return (args) => {
    const attrs = args.attrs as unknown as Conv2DAttrs;
    const x = args.inputs.x;
    const filter = args.inputs.filter;
    if (attrs.dataFormat === 'NHWC' || attrs.dataFormat === undefined) {
      requireNHWC(attrs.dataFormat, 'Conv2D');
      if (x !== undefined && filter !== undefined && x.shape.length === 4 && filter.shape.length === 4) {
        const t = trimUnusedTaps(
          convGeometry(x.shape, filter.shape, attrs.strides, attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode),
        );
        if (chooseForwardPlan(t.geometry) === 'weights-left') {
          const x4 = asTensor4D(x, 'x');
          const filter4 = asTensor4D(filter, 'filter');
          return tf.tidy(() => conv2dWeightsLeft(x4, sliceUsedTaps(filter4, t), t.geometry));
        }
      }
    }
    return stock(args as Parameters<tf.KernelFunc>[0]);
  };
}
