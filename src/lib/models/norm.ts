import { tf } from '../backend/tf';

/** The normalisation layer of both networks (pix2pix `--norm batch|instance`). */
export type NormKind = 'batch' | 'instance';

/** PyTorch's defaults for BatchNorm2d / InstanceNorm2d. */
export const NORM_EPSILON = 1e-5;
export const BATCH_NORM_MOMENTUM = 0.1;

/** The variables of one batch-norm layer: affine `gamma`/`beta` and the running statistics. */
export interface BatchNormVariables {
  gamma: tf.Variable;
  beta: tf.Variable;
  runningMean: tf.Variable;
  runningVar: tf.Variable;
}

/** How a batch-norm layer normalises in one call. */
export interface BatchNormMode {
  /** Normalise by the batch's statistics and update the running buffers. */
  training: boolean;
  /** When not training: normalise by the running buffers instead of the batch (PyTorch `eval()`). */
  runningStats?: boolean;
}

/**
 * Batch normalisation over N, H, W of an NHWC tensor (PyTorch BatchNorm2d, affine, eps 1e-5).
 * - `training: true`: batch statistics; running mean and (unbiased) variance move towards them with
 *   momentum 0.1.
 * - `training: false` (default inference): still the batch statistics, buffers untouched. This is what
 *   pix2pix does at test time (its networks stay in train mode unless `--eval`); with batch 1 it
 *   amounts to instance normalisation.
 * - `training: false, runningStats: true`: the running buffers (pix2pix `--eval`).
 *
 * @example
 * const v = { gamma: tf.variable(tf.ones([2])), beta: tf.variable(tf.zeros([2])),
 *             runningMean: tf.variable(tf.zeros([2]), false), runningVar: tf.variable(tf.ones([2]), false) };
 * batchNorm(tf.tensor4d([1, 10, 3, 30], [1, 1, 2, 2]), v, { training: true }).arraySync();
 * // ≈ [[[[-1, -1], [1, 1]]]]; v.runningMean is now [0.2, 2]
 */
export function batchNorm(x: tf.Tensor4D, v: BatchNormVariables, mode: BatchNormMode): tf.Tensor4D {
  if (!mode.training && mode.runningStats) {
    // x·a + b with per-channel a, b: two fast passes (wasm's FusedBatchNorm is slower, see normalize).
    const a = tf.mul(v.gamma, tf.rsqrt(tf.add(v.runningVar, NORM_EPSILON)));
    return tf.add(tf.mul(x, a), tf.sub(v.beta, tf.mul(v.runningMean, a))) as tf.Tensor4D;
  }
  const onStatistics = mode.training ? (mean: tf.Tensor4D, variance: tf.Tensor4D, count: number) =>
    updateRunningStatistics(v, mean, variance, count) : undefined;
  return normalize(x, false, v.gamma, v.beta, onStatistics);
}

/**
 * Instance normalisation: each sample and channel over H, W, no affine parameters and no running
 * statistics (PyTorch InstanceNorm2d defaults, as pix2pix uses it).
 *
 * @example
 * instanceNorm(tf.tensor4d([1, 10, 3, 30], [1, 1, 2, 2])).arraySync(); // ≈ [[[[-1, -1], [1, 1]]]]
 */
export function instanceNorm(x: tf.Tensor4D): tf.Tensor4D {
  return normalize(x, true, undefined, undefined, undefined);
}

/**
 * (x − mean) / √(var + eps) · gamma + beta with biased variance over N,H,W (or H,W per sample), as
 * one custom-gradient op. The closed-form backward pass
 *   dx = s·(dy − mean(dy)) − s·mean(dy·xc)/(var + eps) · xc,  s = gamma/√(var + eps),  xc = x − mean
 * costs a few elementwise passes, where tfjs's own FusedBatchNorm + moments gradients tile the
 * variance and materialise ones-tensors of the input's size. Means are taken with a full-window
 * average pool: on wasm (XNNPACK) that is one pass, ~6× faster than tf.mean over N,H,W, which
 * transposes the tensor first; FusedBatchNorm itself is ~5× slower there than a multiply and an add
 * (measured at 128×128×64).
 */
function normalize(
  x: tf.Tensor4D,
  perSample: boolean,
  gamma: tf.Tensor | undefined,
  beta: tf.Tensor | undefined,
  onStatistics: ((mean: tf.Tensor4D, variance: tf.Tensor4D, count: number) => void) | undefined,
): tf.Tensor4D {
  const [batch, height, width] = x.shape;
  const count = perSample ? height * width : batch * height * width;
  // Mean over H, W (and N unless per sample), kept as [1 | B, 1, 1, C] to broadcast.
  const average = (t: tf.Tensor4D): tf.Tensor4D => {
    const pooled = tf.avgPool(t, [height, width], 1, 'valid');
    return perSample || batch === 1 ? pooled : (tf.mean(pooled, 0, true) as tf.Tensor4D);
  };
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const input = args[0] as tf.Tensor4D;
    const mean = average(input);
    const centered = tf.sub(input, mean) as tf.Tensor4D;
    const variance = average(tf.square(centered));
    onStatistics?.(mean, variance, count);
    const invStd = tf.rsqrt(tf.add(variance, NORM_EPSILON)) as tf.Tensor4D;
    const scale = gamma ? (tf.mul(invStd, gamma) as tf.Tensor4D) : invStd;
    const scaled = tf.mul(centered, scale) as tf.Tensor4D;
    const value = beta ? (tf.add(scaled, beta) as tf.Tensor4D) : scaled;
    save([centered, invStd, scale]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [xc, inv, s] = saved as tf.Tensor4D[];
      const dy4 = dy as tf.Tensor4D;
      const meanDy = average(dy4);
      const meanDyXc = average(tf.mul(dy4, xc));
      const b = tf.mul(tf.mul(s, tf.square(inv)), tf.neg(meanDyXc));
      const dx = tf.add(tf.mul(tf.sub(dy4, meanDy), s), tf.mul(xc, b));
      const grads: tf.Tensor[] = [dx];
      const channels = xc.shape[3];
      if (gamma) grads.push(tf.reshape(tf.mul(meanDyXc, tf.mul(inv, count)), [channels]));
      if (beta) grads.push(tf.reshape(tf.mul(meanDy, count), [channels]));
      return grads;
    };
    return { value, gradFunc };
  });
  const inputs = [x, ...(gamma ? [gamma] : []), ...(beta ? [beta] : [])];
  return op(...inputs) as tf.Tensor4D;
}

function updateRunningStatistics(
  v: BatchNormVariables,
  mean: tf.Tensor4D,
  variance: tf.Tensor4D,
  count: number,
): void {
  const channels = mean.shape[3];
  // PyTorch keeps the unbiased variance in its running estimate.
  const unbiased = count > 1 ? tf.mul(variance, count / (count - 1)) : variance;
  const m = BATCH_NORM_MOMENTUM;
  v.runningMean.assign(tf.add(tf.mul(v.runningMean, 1 - m), tf.mul(tf.reshape(mean, [channels]), m)));
  v.runningVar.assign(tf.add(tf.mul(v.runningVar, 1 - m), tf.mul(tf.reshape(unbiased, [channels]), m)));
}
