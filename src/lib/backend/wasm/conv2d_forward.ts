/**
 * `Conv2D` for the wasm backend when the filter is big and the image small. The stock kernel hands
 * the filter to XNNPACK, which re-packs it (~25 ns per float) whenever the filter is a new tensor,
 * as it is after every optimizer step: 100 ms for a 4×4×512×512 filter that needs 5 ms of
 * arithmetic on an 8×8 image. Here the filter is transposed (SIMD, ~3 ns per float) and becomes
 * the un-packed LEFT operand:
 *   yᵀ[Co, M] = Wᵀ[Co, K] · im2col(x)ᵀ[K, M],
 * so XNNPACK packs only the small patch matrix. Other shapes go to the stock kernel.
 */
import { tf } from '../tf';
import { ConvGeometry, ConvPad, convGeometry, trimUnusedTaps } from './conv_geometry';
import { filterMatrixTransposed } from './filter_taps';
import { im2colColumns } from './im2col';
import { asTensor4D } from './kernel_inputs';
import { transposeMatrix } from './transpose_rows';

export type ForwardPlan = 'stock' | 'weights-left';

/**
 * The cheaper formulation for a fresh filter: weights-left when the output has at most as many
 * positions as channels (then the patch matrix XNNPACK packs is no bigger than the filter).
 */
export function chooseForwardPlan(g: ConvGeometry): ForwardPlan {
  return trimUnusedTaps(g).geometry.rows <= g.outChannels ? 'weights-left' : 'stock';
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
  const t = trimUnusedTaps(g);
  return tf.tidy(() => {
    const filterT = filterMatrixTransposed(filter, g, t);
    const yT = tf.matMul(filterT, im2colColumns(x, t.geometry));
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
    // NCHW and malformed calls go to the stock kernel, which reports them in its own words.
    if (attrs.dataFormat === 'NHWC' || attrs.dataFormat === undefined) {
      if (x?.dtype === 'float32' && filter?.dtype === 'float32' && x.shape.length === 4 && filter.shape.length === 4) {
        const g = convGeometry(x.shape, filter.shape, attrs.strides, attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode);
        if (chooseForwardPlan(g) === 'weights-left') {
          return conv2dWeightsLeft(asTensor4D(x, 'x'), asTensor4D(filter, 'filter'), g);
        }
      }
    }
    return stock(args as Parameters<tf.KernelFunc>[0]);
  };
}
