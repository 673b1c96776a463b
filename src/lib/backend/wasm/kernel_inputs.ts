/** Small adapters between the kernel-registry calling convention and tf ops. */
import { tf } from '../tf';

/**
 * A kernel input as a Tensor (the engine passes Tensors; a bare TensorInfo is wrapped, and the
 * wrapper is tracked by the enclosing tidy).
 */
export function asTensor4D(info: tf.TensorInfo | undefined, name: string): tf.Tensor4D {
  if (info === undefined) throw new Error(`kernel input '${name}' is missing`);
  if (info.shape.length !== 4) throw new Error(`kernel input '${name}' must be rank 4, got shape [${info.shape}]`);
  if (info instanceof tf.Tensor) return info as tf.Tensor4D;
  return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor4D;
}

/** Throws unless `dataFormat` is NHWC, the only layout these kernels implement. */
export function requireNHWC(dataFormat: unknown, kernel: string): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC') {
    throw new Error(`${kernel} on wasm supports dataFormat 'NHWC' only, got '${String(dataFormat)}'`);
  }
}

/** Throws unless `shape` equals `want`, naming the argument. */
export function requireShape(shape: readonly number[], want: readonly number[], name: string): void {
  if (shape.length !== want.length || shape.some((d, i) => d !== want[i])) {
    throw new Error(`${name} must have shape [${want}], got [${shape}]`);
  }
}
