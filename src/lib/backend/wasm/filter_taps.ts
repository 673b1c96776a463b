/** Cutting a filter down to its used taps, and padding a trimmed filter gradient back out. */
import { tf } from '../tf';
import { TrimmedConv } from './conv_geometry';

/** The taps of `filter` that `t` keeps (the filter itself when nothing was trimmed). */
export function sliceUsedTaps(filter: tf.Tensor4D, t: TrimmedConv): tf.Tensor4D {
  if (!t.trimmed) return filter;
  const g = t.geometry;
  return tf.slice(filter, [t.firstRow, t.firstColumn, 0, 0], [g.filterHeight, g.filterWidth, g.inChannels, g.outChannels]);
}

/** A gradient computed for the kept taps, zero-padded to the full `filterShape`. */
export function padToAllTaps(dW: tf.Tensor4D, t: TrimmedConv, filterShape: readonly number[]): tf.Tensor4D {
  if (!t.trimmed) return dW;
  const g = t.geometry;
  return tf.pad(dW, [
    [t.firstRow, filterShape[0] - t.firstRow - g.filterHeight],
    [t.firstColumn, filterShape[1] - t.firstColumn - g.filterWidth],
    [0, 0],
    [0, 0],
  ]);
}
