import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { evaluateObjective, objectiveTerms, type ObjectiveContext } from './objective';

before(async () => {
  await initBackend({ backend: 'wasm' });
});

/** fake − real = [1, −2, 0, 1] → L1 = 1; lsgan on logits [0.5, 2] vs 1 → 0.625; vanilla → 0.3979… */
function context(ganMode: 'lsgan' | 'vanilla' = 'lsgan'): ObjectiveContext {
  return {
    ear: tf.zeros([1, 2, 2, 1]) as tf.Tensor4D,
    fake: tf.tensor4d([1, -1, 0.5, 0], [1, 2, 2, 1]),
    real: tf.tensor4d([0, 1, 0.5, -1], [1, 2, 2, 1]),
    fakeLogits: tf.tensor4d([0.5, 2], [1, 1, 2, 1]),
    ganMode,
  };
}

const read = (t: tf.Tensor) => t.dataSync()[0];
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-5, `expected ${b}, got ${a}`);

test('the weighted total is Σ weight × raw term, and each raw term is recorded', () => {
  const ctx = context();
  const before = tf.memory().numTensors;
  const v = evaluateObjective(objectiveTerms({ adv: 2, l1: 10 }), ctx);
  close(read(v.terms.adv), 0.625);
  close(read(v.terms.l1), 1);
  close(read(v.total), 2 * 0.625 + 10 * 1);
  tf.dispose([v.total, ...Object.values(v.terms)]);
  assert.equal(tf.memory().numTensors, before);
  tf.dispose(Object.values(ctx).filter((x) => x instanceof tf.Tensor));
});

test('vanilla adversarial term: −log σ(x) averaged', () => {
  const ctx = context('vanilla');
  const v = evaluateObjective(objectiveTerms({ adv: 1 }), ctx);
  // (log(1 + e^-0.5) + log(1 + e^-2)) / 2 = (0.474077 + 0.126928) / 2
  close(read(v.terms.adv), (0.474077 + 0.126928) / 2);
  assert.deepEqual(Object.keys(v.terms), ['adv']);
});

test('further terms plug in by name; weight 0 leaves a term out', () => {
  const ctx = context();
  const terms = objectiveTerms(
    { adv: 1, l1: 0, style: 0.5 },
    {
      adv: (c) => tf.mean(tf.squaredDifference(c.fakeLogits, 1)) as tf.Scalar,
      l1: () => {
        throw new Error('a weight-0 term must not be computed');
      },
      style: (c) => tf.sum(c.fake) as tf.Scalar, // 0.5
    },
  );
  assert.deepEqual(terms.map((t) => t.name), ['adv', 'style']);
  const v = evaluateObjective(terms, ctx);
  close(read(v.terms.style), 0.5);
  close(read(v.total), 0.625 + 0.5 * 0.5);
});

test('bad weights and names are refused with the name and the value', () => {
  assert.throws(() => objectiveTerms({ feature: 1 }), /weights\.feature: no term named "feature"; known terms: adv, l1/);
  assert.throws(() => objectiveTerms({ l1: -1 }), /weights\.l1: got -1; expected a finite number ≥ 0/);
  assert.throws(() => objectiveTerms({ l1: NaN }), /weights\.l1: got NaN/);
  assert.throws(() => objectiveTerms({ adv: 0, l1: 0 }), /every term has weight 0/);
});

test('a term that does not return a scalar is named', () => {
  const ctx = context();
  const terms = objectiveTerms({ bad: 1 }, { bad: (c) => c.fake as unknown as tf.Scalar });
  assert.throws(() => evaluateObjective(terms, ctx), /term "bad" returned a tensor of shape \[1,2,2,1\]; expected a scalar tensor/);
});
