/**
 * The generator objective as a weighted sum of named terms. The built-in terms are 'adv' (the
 * adversarial term) and 'l1' (pixel L1); further terms plug in by name through
 * {@link TermFunction}s, and a run's weights pick which terms are on. The Ear2Face terms come
 * from `faceLossTerms(extractor)` (face_terms.ts), both seen through a frozen face network φ:
 * - 'feature': mean squared difference of φ's pooled features of the generated and the real face
 *   (Johnson et al. 2016's feature reconstruction loss, normalised by size; feature.ts);
 * - 'style': Σ over chosen layers of the mean squared difference of the Gram matrices
 *   FᵀF / (C·H·W) of φ's feature maps of the two faces (gram.ts, style.ts).
 * The full objective is λ_adv·adv + λ_pix·l1 + λ_feat·feature + λ_style·style.
 */
import { tf } from '../backend/tf';
import { GanMode, generatorGanLoss } from './adversarial';
import { pixelL1 } from './pixel_l1';

/** What a term may look at during one generator step. All tensors are NHWC. */
export interface ObjectiveContext {
  /** The conditioning input (ear), [-1, 1]. */
  ear: tf.Tensor4D;
  /** The generator's output for `ear`, [-1, 1]; gradients flow through it. */
  fake: tf.Tensor4D;
  /** The real target (face), [-1, 1]. */
  real: tf.Tensor4D;
  /** The discriminator's logits on the (ear, fake) pair. */
  fakeLogits: tf.Tensor4D;
  ganMode: GanMode;
}

/** Computes one raw (unweighted) term as a scalar. */
export type TermFunction = (ctx: ObjectiveContext) => tf.Scalar;

/** One active term of the objective. */
export interface ObjectiveTerm {
  readonly name: string;
  readonly weight: number;
  readonly compute: TermFunction;
}

/** The terms every trainer knows: pix2pix's λ_adv·adv + λ_pix·L1. */
export const BUILTIN_TERMS: Readonly<Record<string, TermFunction>> = Object.freeze({
  adv: (ctx: ObjectiveContext) => generatorGanLoss(ctx.fakeLogits, ctx.ganMode),
  l1: (ctx: ObjectiveContext) => pixelL1(ctx.fake, ctx.real),
});

const TERM_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Throws unless `name` can name a term (a letter, then letters, digits or `_`; it becomes part of a
 * record key such as `g/feature`, so no `/`).
 *
 * @example
 * assertTermName('style');   // passes
 * assertTermName('a/b');     // Error: term name "a/b": expected a letter followed by letters, digits or _
 */
export function assertTermName(name: string): void {
  if (typeof name !== 'string' || !TERM_NAME.test(name)) {
    throw new Error(`term name ${JSON.stringify(name)}: expected a letter followed by letters, digits or _`);
  }
}

/**
 * The active terms for a set of weights, in the order of `weights`. A weight of 0 leaves a term out
 * entirely (it is neither computed nor recorded), so an expensive term costs nothing when off.
 * Every name must be known to `available`; every weight must be finite and ≥ 0.
 *
 * @example
 * objectiveTerms({ adv: 1, l1: 100 }).map((t) => `${t.name}×${t.weight}`);   // ['adv×1', 'l1×100']
 * objectiveTerms({ style: 1 });   // Error: weights.style: no term named "style"; known terms: adv, l1
 */
export function objectiveTerms(
  weights: Readonly<Record<string, number>>,
  available: Readonly<Record<string, TermFunction>> = BUILTIN_TERMS,
): ObjectiveTerm[] {
  const terms: ObjectiveTerm[] = [];
  for (const [name, weight] of Object.entries(weights)) {
    const compute = Object.prototype.hasOwnProperty.call(available, name) ? available[name] : undefined;
    if (compute === undefined) {
      throw new Error(`weights.${name}: no term named "${name}"; known terms: ${Object.keys(available).join(', ')}`);
    }
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      throw new Error(`weights.${name}: got ${weight}; expected a finite number ≥ 0`);
    }
    if (weight > 0) terms.push({ name, weight, compute });
  }
  if (terms.length === 0) {
    throw new Error(`weights: every term has weight 0 (${JSON.stringify(weights)}); expected at least one positive weight`);
  }
  return terms;
}

/** The objective's value: the weighted total and each raw term by name. */
export interface ObjectiveValue {
  total: tf.Scalar;
  terms: Record<string, tf.Scalar>;
}

/**
 * Computes every term and the weighted total Σ weight·term. The caller owns the returned scalars
 * (intermediate tensors are the caller's scope's business, e.g. inside `tf.variableGrads`).
 *
 * @example
 * const v = evaluateObjective(objectiveTerms({ adv: 1, l1: 100 }), ctx);
 * v.total.dataSync();      // [adv + 100·l1]
 * v.terms.l1.dataSync();   // [raw L1]
 */
export function evaluateObjective(terms: readonly ObjectiveTerm[], ctx: ObjectiveContext): ObjectiveValue {
  const values: Record<string, tf.Scalar> = {};
  let total: tf.Scalar | null = null;
  for (const term of terms) {
    const value = term.compute(ctx);
    if (!(value instanceof tf.Tensor) || value.rank !== 0) {
      const got = value instanceof tf.Tensor ? `a tensor of shape [${value.shape}]` : String(value);
      throw new Error(`term "${term.name}" returned ${got}; expected a scalar tensor`);
    }
    values[term.name] = value;
    const weighted = tf.mul(value, term.weight) as tf.Scalar;
    if (total === null) {
      total = weighted;
    } else {
      const sum = tf.add(total, weighted) as tf.Scalar;
      total.dispose();
      weighted.dispose();
      total = sum;
    }
  }
  if (total === null) throw new Error('evaluateObjective: terms is empty; expected at least one term');
  return { total, terms: values };
}
