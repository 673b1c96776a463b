/**
 * The adversarial (GAN) loss on discriminator logits: 'vanilla' (sigmoid cross-entropy, the original
 * GAN objective, pix2pix's default), 'lsgan' (least squares, Mao et al. 2017) and 'hinge' (Lim & Ye
 * 2017, "Geometric GAN"; the form used by SAGAN and SPADE).
 */
import { tf } from '../backend/tf';

/** The supported GAN objectives. */
export const GAN_MODES = ['vanilla', 'lsgan', 'hinge'] as const;
export type GanMode = (typeof GAN_MODES)[number];

/**
 * Throws unless `mode` is one of {@link GAN_MODES}; the message names the mode and the allowed ones.
 *
 * @example
 * assertGanMode('lsgan');   // passes
 * assertGanMode('wgan');    // Error: ganMode: unknown GAN mode "wgan"; expected one of 'vanilla', 'lsgan', 'hinge'
 */
export function assertGanMode(mode: unknown, argument = 'ganMode'): asserts mode is GanMode {
  if (!(GAN_MODES as readonly unknown[]).includes(mode)) {
    throw new Error(
      `${argument}: unknown GAN mode ${JSON.stringify(mode)}; expected one of ${GAN_MODES.map((m) => `'${m}'`).join(', ')}`,
    );
  }
}

/**
 * Elementwise sigmoid cross-entropy of logits `x` against target `z`, in the overflow-free form
 * max(x, 0) − x·z + log(1 + exp(−|x|)) (as documented for TensorFlow's
 * `sigmoid_cross_entropy_with_logits`). Its gradient is given explicitly as sigmoid(x) − z, which is
 * exact everywhere; differentiating the max/abs form would give −z at x = 0 instead of ½ − z.
 *
 * @example
 * sigmoidCrossEntropyWithLogits(tf.tensor1d([0]), 1).dataSync();   // [0.6931472] (= log 2)
 */
export function sigmoidCrossEntropyWithLogits(x: tf.Tensor, z: number): tf.Tensor {
  const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const logits = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    save([logits]);
    const value = tf.tidy(() =>
      tf.add(tf.sub(tf.relu(logits), tf.mul(logits, z)), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))),
    );
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, tf.sub(tf.sigmoid(saved[0]), z)),
    };
  });
  return f(x) as tf.Tensor;
}

/** Whose loss {@link ganLoss} computes; it matters only for 'hinge', where the two sides differ. */
export type GanRole = 'discriminator' | 'generator';

/**
 * Mean GAN loss of discriminator `logits` against an all-real (target 1) or all-fake (target 0)
 * label: sigmoid cross-entropy for 'vanilla', squared error for 'lsgan'. For 'hinge' the
 * discriminator's loss is mean(relu(1 − x)) on real and mean(relu(1 + x)) on fake logits, and the
 * generator's (role 'generator', target real only) is −mean(x).
 *
 * @example
 * ganLoss(tf.tensor1d([0, 0]), true, 'vanilla').dataSync();                // [0.6931472]
 * ganLoss(tf.tensor1d([0.5, 2]), false, 'lsgan').dataSync();               // [2.125]  = (0.25 + 4) / 2
 * ganLoss(tf.tensor1d([0.5, 2]), true, 'hinge').dataSync();                // [0.25]   = (0.5 + 0) / 2
 * ganLoss(tf.tensor1d([0.5, 2]), true, 'hinge', 'generator').dataSync();   // [-1.25]
 */
export function ganLoss(logits: tf.Tensor, targetIsReal: boolean, mode: GanMode, role: GanRole = 'discriminator'): tf.Scalar {
  assertGanMode(mode, 'mode');
  if (role !== 'discriminator' && role !== 'generator') {
    throw new Error(`ganLoss: role is ${JSON.stringify(role)}; expected 'discriminator' or 'generator'`);
  }
  if (mode === 'hinge' && role === 'generator' && !targetIsReal) {
    throw new Error(`ganLoss: the hinge generator loss has only a real target; got targetIsReal = false`);
  }
  const target = targetIsReal ? 1 : 0;
  return tf.tidy(() => {
    if (mode === 'vanilla') return tf.mean(sigmoidCrossEntropyWithLogits(logits, target)) as tf.Scalar;
    if (mode === 'lsgan') return tf.mean(tf.squaredDifference(logits, tf.scalar(target))) as tf.Scalar;
    if (role === 'generator') return tf.neg(tf.mean(logits)) as tf.Scalar;
    // relu(1 − x) for real, relu(1 + x) for fake: zero once D is confident by a margin of 1.
    return tf.mean(tf.relu(targetIsReal ? tf.sub(1, logits) : tf.add(1, logits))) as tf.Scalar;
  });
}

/**
 * The generator's adversarial term: the discriminator's logits on fakes should say "real"
 * ('vanilla', 'lsgan'), or be as high as possible ('hinge': −mean(logits)).
 *
 * @example
 * generatorGanLoss(tf.zeros([1, 30, 30, 1]), 'lsgan').dataSync();   // [1]
 * generatorGanLoss(tf.fill([1, 30, 30, 1], 2), 'hinge').dataSync();  // [-2]
 */
export function generatorGanLoss(fakeLogits: tf.Tensor, mode: GanMode): tf.Scalar {
  return ganLoss(fakeLogits, true, mode, 'generator');
}

/** The discriminator's two adversarial terms; its objective is (real + fake) × 0.5. */
export interface DiscriminatorGanLoss {
  real: tf.Scalar;
  fake: tf.Scalar;
  total: tf.Scalar;
}

/**
 * The discriminator's adversarial loss: real pairs should score "real", fake pairs "fake"; the total
 * is halved as in pix2pix so D learns at half G's rate. The halving applies to every mode, 'hinge'
 * included (SAGAN and SPADE add the two hinge parts unhalved): one rule for D's step whatever the
 * loss, and with Adam a constant factor on a loss changes the step size very little anyway.
 *
 * @example
 * const d = discriminatorGanLoss(tf.ones([1, 2, 2, 1]), tf.zeros([1, 2, 2, 1]), 'lsgan');
 * [d.real, d.fake, d.total].map((t) => t.dataSync()[0]);   // [0, 0, 0]
 */
export function discriminatorGanLoss(realLogits: tf.Tensor, fakeLogits: tf.Tensor, mode: GanMode): DiscriminatorGanLoss {
  const real = ganLoss(realLogits, true, mode);
  const fake = ganLoss(fakeLogits, false, mode);
  const total = tf.tidy(() => tf.mul(tf.add(real, fake), 0.5) as tf.Scalar);
  return { real, fake, total };
}
