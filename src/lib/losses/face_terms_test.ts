import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { faceLossTerms } from './face_terms';
import { identityExtractor, tinyExtractor } from './extractor_test_util';
import type { ObjectiveContext } from './objective';
import { DESCRIPTOR } from '../face/extractor';
import { Trainer } from '../train/trainer';
import { defaultTrainConfig } from '../train/config';
import { pix2pixNetworks } from '../train/networks';
import { maxDifference, randomPairs, readAll } from '../train/test_fixtures';

before(async () => {
  await initBackend({ backend: 'wasm' });
});

const close = (a: number, b: number, tol = 1e-5) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `expected ${b}, got ${a}`);

function context(fake: tf.Tensor4D, real: tf.Tensor4D): ObjectiveContext {
  return { ear: real, fake, real, fakeLogits: real, ganMode: 'lsgan' };
}

// fake positions (1, 2), (3, 4), (0, 1), (−1, 0); real all zero (see style_test.ts for the Grams).
const FAKE = [1, 2, 3, 4, 0, 1, -1, 0];
const STYLE_BOTH = (11 ** 2 + 2 * 14 ** 2 + 21 ** 2) / 256 + (83 ** 2 + 2 * 148 ** 2 + 273 ** 2) / 256;

test('feature and style by hand through an identity network, from one pass per image', () => {
  const net = identityExtractor();
  const fake = tf.tensor4d(FAKE, [1, 2, 2, 2]);
  const real = tf.zeros([1, 2, 2, 2]) as tf.Tensor4D;
  const start = tf.memory().numTensors;
  const terms = faceLossTerms(net);
  const [feature, style] = tf.tidy(() => {
    const ctx = context(fake, real);
    return [terms.feature(ctx), terms.style(ctx)];
  });
  // Channel means of the fake (0.75, 1.75) against (0, 0): (0.5625 + 3.0625) / 2.
  close(feature.dataSync()[0], 1.8125);
  close(style.dataSync()[0], STYLE_BOTH);
  assert.equal(net.calls, 2, 'one pass for the fake, one for the real');
  tf.dispose([feature, style]);
  assert.equal(tf.memory().numTensors, start);
  // Chosen layers and outputs.
  const only = faceLossTerms(net, { styleLayers: ['image'], featureOutput: 'square' });
  const [f2, s2] = tf.tidy(() => {
    const ctx = context(fake, real);
    return [only.feature(ctx), only.style(ctx)];
  });
  // Mean of squared squares: (1 + 16 + 81 + 256 + 0 + 1 + 1 + 0) / 8.
  close(f2.dataSync()[0], 356 / 8);
  close(s2.dataSync()[0], (11 ** 2 + 2 * 14 ** 2 + 21 ** 2) / 256);
  tf.dispose([fake, real, f2, s2]);
});

test('a new context gets a new pass; a context reused after its scope ended is recomputed', () => {
  const net = tinyExtractor();
  const terms = faceLossTerms(net);
  const [fake, real] = [tf.randomUniform([1, 32, 32, 3], -1, 1, 'float32', 1), tf.randomUniform([1, 32, 32, 3], -1, 1, 'float32', 2)] as tf.Tensor4D[];
  const ctx = context(fake, real);
  const first = tf.tidy(() => terms.style(ctx).dataSync()[0]);
  assert.equal(net.calls, 2);
  const again = tf.tidy(() => terms.style(ctx).dataSync()[0] + terms.feature(ctx).dataSync()[0] * 0);
  assert.equal(net.calls, 4, 'the first scope freed the shared tensors, so they are computed again');
  close(again, first);
  tf.tidy(() => [terms.feature(context(fake, real)), terms.feature(context(fake, real))]);
  assert.equal(net.calls, 8);
  net.dispose();
  tf.dispose([fake, real]);
});

test('the real face is a constant: no gradient reaches it; the fake gets one from each term', () => {
  const net = tinyExtractor();
  const terms = faceLossTerms(net);
  const fake = tf.randomUniform([1, 32, 32, 3], -1, 1, 'float32', 3) as tf.Tensor4D;
  const real = tf.randomUniform([1, 32, 32, 3], -1, 1, 'float32', 4) as tf.Tensor4D;
  const start = tf.memory().numTensors;
  for (const name of ['feature', 'style'] as const) {
    const [dFake, dReal] = tf.grads((f: tf.Tensor, r: tf.Tensor) => terms[name](context(f as tf.Tensor4D, r as tf.Tensor4D)))([fake, real]);
    const [fakeNorm, realNorm] = tf.tidy(() => [tf.sum(tf.abs(dFake)).dataSync()[0], tf.sum(tf.abs(dReal)).dataSync()[0]]);
    assert.ok(fakeNorm > 0, `${name}: no gradient reached the fake`);
    assert.equal(realNorm, 0, `${name}: a gradient reached the real face`);
    tf.dispose([dFake, dReal]);
  }
  assert.equal(tf.memory().numTensors, start);
  net.dispose();
  tf.dispose([fake, real]);
});

test('each term alone gives nonzero gradients to the generator weights (pix2pix U-Net, 64², ngf 4)', () => {
  const config = defaultTrainConfig({ imageSize: 64, ngf: 4, ndf: 4 });
  const generator = pix2pixNetworks.generator(config, 9);
  const net = tinyExtractor();
  const terms = faceLossTerms(net);
  const [{ ear, face }] = randomPairs(1);
  const start = tf.memory().numTensors;
  const names = Object.keys(generator.weights);
  for (const name of ['feature', 'style'] as const) {
    const { value, grads } = tf.variableGrads(() => {
      const fake = generator.apply(ear, { training: true, noiseSeed: 5 });
      return terms[name]({ ear, fake, real: face, fakeLogits: face, ganMode: 'vanilla' });
    }, names.map((n) => generator.weights[n]));
    // variableGrads names gradients by the variables' global names.
    const gradOf = (n: string) => grads[generator.weights[n].name];
    const norms = tf.tidy(() => tf.stack(names.map((n) => (gradOf(n) ? tf.sum(tf.abs(gradOf(n))) : tf.scalar(0)))).dataSync());
    const zero = names.filter((_, i) => !(norms[i] > 0));
    assert.ok(value.dataSync()[0] > 0, `${name}: the term is 0`);
    // Every kernel gets a gradient (norm layers' betas right before a ReLU may legitimately not all).
    assert.deepEqual(zero.filter((n) => n.endsWith('kernel')), [], `${name}: no gradient for ${zero.join(', ')}`);
    tf.dispose([value, ...Object.values(grads)]);
  }
  assert.equal(tf.memory().numTensors, start);
  generator.dispose();
  net.dispose();
  tf.dispose([ear, face]);
});

test('Ear2Face training (pix2pix 64², ngf = ndf = 4): g/total = adv + 100·l1 + feature + style; the face network is untouched; no leaks', () => {
  const net = tinyExtractor();
  const frozen = readAll(net.weights);
  const batches = randomPairs(2);
  const start = tf.memory().numTensors;
  const trainer = Trainer.create(
    { imageSize: 64, ngf: 4, ndf: 4, seed: 2, weights: { adv: 1, l1: 100, feature: 1, style: 1 } },
    { terms: faceLossTerms(net) },
  );
  const g0 = readAll(trainer.generator.weights);
  const first = trainer.step(batches[0]);
  assert.deepEqual(Object.keys(first.terms).sort(), ['d/fake', 'd/real', 'd/total', 'g/adv', 'g/feature', 'g/l1', 'g/style', 'g/total']);
  const t = first.terms;
  close(t['g/total'], t['g/adv'] + 100 * t['g/l1'] + t['g/feature'] + t['g/style'], 1e-5);
  assert.ok(t['g/feature'] > 0 && t['g/style'] > 0);
  assert.equal(net.calls, 2, 'one extractor pass for the fake and one for the real per step');
  const afterFirst = tf.memory().numTensors;
  for (let i = 0; i < 5; i++) {
    trainer.step(batches[i % 2]);
    assert.equal(tf.memory().numTensors, afterFirst, `numTensors changed at step ${i + 2}`);
  }
  assert.equal(net.calls, 12);
  assert.equal(maxDifference(readAll(net.weights), frozen), 0, 'the face network changed');
  assert.ok(maxDifference(readAll(trainer.generator.weights), g0) > 0, 'the generator did not change');
  trainer.dispose();
  assert.equal(tf.memory().numTensors, start);
  net.dispose();
  tf.dispose(batches.flatMap((b) => [b.ear, b.face]));
});

test('bad input: unknown layers and outputs at creation, mismatched images and missing outputs at the step', () => {
  const net = tinyExtractor();
  assert.throws(() => faceLossTerms(net, { styleLayers: ['conv9'] }), /faceLossTerms: options\.styleLayers: unknown layer "conv9"; known layers of tiny-test: conv1, conv2/);
  assert.throws(() => faceLossTerms(net, { styleLayers: [] }), /faceLossTerms: options\.styleLayers: got \[\]; expected a non-empty list/);
  assert.throws(() => faceLossTerms(net, { featureOutput: 'pool5' }), /faceLossTerms: options\.featureOutput is "pool5"; expected one of pooled, descriptor, conv1, conv2/);
  assert.throws(() => faceLossTerms(net, { styleLayer: ['conv1'] } as never), /faceLossTerms: unknown option "styleLayer"; expected one of styleLayers, featureOutput/);
  assert.throws(() => faceLossTerms({} as never), /faceLossTerms: extractor is object; expected a FeatureExtractor/);
  assert.doesNotThrow(() => faceLossTerms(net, { featureOutput: DESCRIPTOR, styleLayers: ['conv2'] }));
  const terms = faceLossTerms(net);
  const a = tf.zeros([1, 32, 32, 3]) as tf.Tensor4D;
  const b = tf.zeros([1, 16, 16, 3]) as tf.Tensor4D;
  const start = tf.memory().numTensors;
  assert.throws(
    () => tf.tidy(() => terms.feature(context(a, b))),
    /faceLossTerms: ctx\.fake has shape \[1,32,32,3\] but ctx\.real has shape \[1,16,16,3\]; expected equal shapes/,
  );
  // An extractor that says it has a layer but does not return it as a map.
  const liar = { ...net, extract: (images: tf.Tensor4D, outputs: readonly string[]) => {
    const out = net.extract(images, outputs);
    if (out.conv2) out.conv2 = tf.mean(out.conv2, [1, 2]);
    delete out.pooled;
    return out;
  } };
  assert.throws(() => tf.tidy(() => faceLossTerms(liar, { styleLayers: ['conv1'] }).feature(context(a, a))), /faceLossTerms: tiny-test\.extract gave no tensor "pooled" for the generated face/);
  assert.throws(() => tf.tidy(() => faceLossTerms(liar, { featureOutput: 'conv1' }).style(context(a, a))), /faceLossTerms: tiny-test output "conv2" has shape \[1,8\] \(rank 2\); expected a rank-4 NHWC map/);
  assert.equal(tf.memory().numTensors, start);
  net.dispose();
  tf.dispose([a, b]);
});
