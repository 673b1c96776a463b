import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { Trainer, TrainingDivergedError } from './trainer';
import { initTrainingBackend, maxDifference, randomPairs, readAll, tinyNetworks } from './test_fixtures';
import { Rng } from '../util/rng';
import { pix2pixNetworks } from './networks';
import type { TermFunction } from '../losses/objective';

let backend = '';
before(async () => {
  backend = await initTrainingBackend();
});

const tiny = { imageSize: 64 as const, ngf: 4, ndf: 4, seed: 3 };

/** The trainer's whole state (weights, buffers, both Adam states) as plain arrays, plus step and RNG. */
async function stateOf(trainer: Trainer): Promise<{ values: Map<string, Float32Array>; step: number; rng: number }> {
  const state = await trainer.exportState();
  const values = new Map([...state.tensors].map(([name, t]) => [name, t.dataSync().slice() as Float32Array]));
  tf.dispose([...state.tensors.values()]);
  return { values, step: state.step, rng: state.rngState };
}

test('each step records the D and G terms; g/total = adv + 100·l1', () => {
  const trainer = Trainer.create(tiny, { networks: tinyNetworks });
  const [batch] = randomPairs(1);
  const r = trainer.step(batch);
  assert.equal(r.step, 1);
  assert.equal(trainer.stepCount, 1);
  assert.equal(r.lr, 2e-4);
  assert.deepEqual(Object.keys(r.terms).sort(), ['d/fake', 'd/real', 'd/total', 'g/adv', 'g/l1', 'g/total']);
  assert.ok(Math.abs(r.terms['g/total'] - (r.terms['g/adv'] + 100 * r.terms['g/l1'])) < 1e-4);
  assert.ok(Math.abs(r.terms['d/total'] - 0.5 * (r.terms['d/real'] + r.terms['d/fake'])) < 1e-6);
  assert.ok(r.ms > 0);
  trainer.dispose();
  tf.dispose([batch.ear, batch.face]);
});

test(`tf.memory().numTensors stays constant over 20 steps and returns to its start after dispose (pix2pix, 64², ngf = ndf = 4)`, () => {
  const batches = randomPairs(2);
  const start = tf.memory().numTensors;
  const trainer = Trainer.create(tiny);
  trainer.step(batches[0]); // creates Adam's slots
  const after1 = tf.memory().numTensors;
  for (let i = 0; i < 20; i++) {
    trainer.step(batches[i % 2]);
    assert.equal(tf.memory().numTensors, after1, `numTensors changed at step ${i + 2}`);
  }
  trainer.dispose();
  assert.equal(tf.memory().numTensors, start);
  tf.dispose(batches.flatMap((b) => [b.ear, b.face]));
});

test('the same seed gives the same run; another seed a different one', () => {
  const batches = randomPairs(3);
  const run = (seed: number) => {
    const t = Trainer.create({ ...tiny, seed }, { networks: tinyNetworks });
    const records = batches.map((b) => t.step(b).terms);
    const weights = readAll({ ...prefixed('g', t.generator.weights), ...prefixed('d', t.discriminator.weights) });
    t.dispose();
    return { records, weights };
  };
  const a = run(11);
  const b = run(11);
  const c = run(12);
  assert.deepEqual(a.records, b.records);
  assert.equal(maxDifference(a.weights, b.weights), 0);
  assert.ok(maxDifference(a.weights, c.weights) > 1e-3);
  tf.dispose(batches.flatMap((x) => [x.ear, x.face]));
});

function prefixed(p: string, vars: Record<string, tf.Variable>): Record<string, tf.Variable> {
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [`${p}/${k}`, v]));
}

test("D's update leaves G's weights alone, and G's update leaves D's weights alone (pix2pix networks)", () => {
  // A zero-valued term runs inside the G step, after D's update and before G's: it sees the middle state.
  let middle: { g: Map<string, Float32Array>; d: Map<string, Float32Array> } | null = null;
  let trainer: Trainer | null = null;
  const probe: TermFunction = () => {
    middle = { g: readAll(trainer!.generator.weights), d: readAll(trainer!.discriminator.weights) };
    return tf.scalar(0);
  };
  trainer = Trainer.create({ ...tiny, weights: { adv: 1, l1: 100, probe: 1 } }, { terms: { probe } });
  const [batch] = randomPairs(1);
  const g0 = readAll(trainer.generator.weights);
  const d0 = readAll(trainer.discriminator.weights);
  trainer.step(batch);
  const g1 = readAll(trainer.generator.weights);
  const d1 = readAll(trainer.discriminator.weights);
  const m = middle as unknown as { g: Map<string, Float32Array>; d: Map<string, Float32Array> };
  assert.equal(maxDifference(g0, m.g), 0, 'the D step changed G');
  assert.ok(maxDifference(d0, m.d) > 0, 'the D step did not change D');
  assert.equal(maxDifference(m.d, d1), 0, 'the G step changed D');
  assert.ok(maxDifference(g0, g1) > 0, 'the G step did not change G');
  trainer.dispose();
  tf.dispose([batch.ear, batch.face]);
});

test("G's batch-norm statistics are updated once per step, in training mode (pix2pix networks)", () => {
  const trainer = Trainer.create(tiny);
  const [batch] = randomPairs(1);
  // The same G, built from the same seed, run once in training mode with the step's dropout seed.
  const rng = new Rng(tiny.seed);
  const twin = pix2pixNetworks.generator(trainer.config, rng.seed());
  rng.seed(); // D's seed
  tf.tidy(() => twin.apply(batch.ear, { training: true, noiseSeed: rng.seed() }));
  trainer.step(batch);
  const expected = readAll(twin.buffers);
  assert.ok(expected.size > 0 && [...expected.values()].some((v) => v.some((x) => x !== 0 && x !== 1)));
  assert.equal(maxDifference(readAll(trainer.generator.buffers), expected), 0);
  // Inference does not touch them.
  tf.tidy(() => trainer.generator.apply(batch.ear, { training: false, noiseSeed: 1 }));
  assert.equal(maxDifference(readAll(trainer.generator.buffers), expected), 0);
  twin.dispose();
  trainer.dispose();
  tf.dispose([batch.ear, batch.face]);
});

test('the learning rate follows the schedule; at rate 0 no weight moves', () => {
  const trainer = Trainer.create({ ...tiny, constantSteps: 2, decaySteps: 3 }, { networks: tinyNetworks });
  const [batch] = randomPairs(1);
  const rates = [1, 2, 3, 4, 5].map(() => trainer.step(batch).lr);
  // 2e-4 · (1 − k/4) for k = 1, 2, 3 once the 2 constant steps are done.
  const expected = [2e-4, 2e-4, 1.5e-4, 1e-4, 0.5e-4];
  rates.forEach((r, i) => assert.ok(Math.abs(r - expected[i]) < 1e-12, `step ${i + 1}: lr ${r}, expected ${expected[i]}`));
  assert.equal(trainer.learningRate, 0);
  const g = readAll(trainer.generator.weights);
  const d = readAll(trainer.discriminator.weights);
  assert.equal(trainer.step(batch).lr, 0);
  assert.equal(maxDifference(g, readAll(trainer.generator.weights)), 0);
  assert.equal(maxDifference(d, readAll(trainer.discriminator.weights)), 0);
  trainer.dispose();
  tf.dispose([batch.ear, batch.face]);
});

test('a NaN term throws TrainingDivergedError naming it and the step, and changes nothing', async () => {
  let calls = 0;
  const flaky: TermFunction = (ctx) => {
    calls++;
    return (calls === 3 ? tf.scalar(NaN) : tf.mul(tf.mean(ctx.fake), 0)) as tf.Scalar;
  };
  const options = { networks: tinyNetworks, terms: { flaky } };
  const config = { ...tiny, weights: { adv: 1, l1: 100, flaky: 1 } };
  const batches = randomPairs(3);
  const trainer = Trainer.create(config, options);
  trainer.step(batches[0]);
  trainer.step(batches[1]);
  const before = await stateOf(trainer);
  const tensorsBefore = tf.memory().numTensors;
  assert.throws(
    () => trainer.step(batches[2]),
    (e: unknown) => {
      assert.ok(e instanceof TrainingDivergedError);
      assert.equal(e.term, 'g/flaky');
      assert.equal(e.step, 3);
      assert.match(e.message, /training diverged at step 3: g\/flaky is NaN/);
      return true;
    },
  );
  assert.equal(tf.memory().numTensors, tensorsBefore);
  assert.equal(trainer.stepCount, 2);
  const after = await stateOf(trainer);
  assert.equal(after.rng, before.rng);
  assert.equal(maxDifference(before.values, after.values), 0);
  // Retrying the step gives exactly what a run without the failure gives.
  trainer.step(batches[2]);
  calls = 10;
  const clean = Trainer.create(config, options);
  batches.forEach((b) => clean.step(b));
  assert.equal(maxDifference((await stateOf(trainer)).values, (await stateOf(clean)).values), 0);
  trainer.dispose();
  clean.dispose();
  tf.dispose(batches.flatMap((b) => [b.ear, b.face]));
});

test('a NaN input is caught at d/real; a NaN gradient behind a finite loss at g/gradients', () => {
  const trainer = Trainer.create(tiny, { networks: tinyNetworks });
  const ear = tf.zeros([1, 64, 64, 3]) as tf.Tensor4D;
  const face = tf.fill([1, 64, 64, 3], NaN) as tf.Tensor4D;
  assert.throws(() => trainer.step({ ear, face }), { name: 'TrainingDivergedError', term: 'd/real', step: 1 });
  trainer.dispose();
  // sqrt at 0: the value is 0, the gradient 0·∞ = NaN.
  const kink: TermFunction = (ctx) => tf.sqrt(tf.sum(tf.square(tf.sub(ctx.fake, ctx.fake)))) as tf.Scalar;
  const t2 = Trainer.create({ ...tiny, weights: { l1: 1, kink: 1 } }, { networks: tinyNetworks, terms: { kink } });
  const [batch] = randomPairs(1);
  const g0 = readAll(t2.generator.weights);
  assert.throws(() => t2.step(batch), { name: 'TrainingDivergedError', term: 'g/gradients', step: 1 });
  assert.equal(maxDifference(g0, readAll(t2.generator.weights)), 0);
  t2.dispose();
  tf.dispose([ear, face, batch.ear, batch.face]);
});

test('onStep listeners get every record until unsubscribed', () => {
  const trainer = Trainer.create(tiny, { networks: tinyNetworks });
  const [batch] = randomPairs(1);
  const seen: number[] = [];
  const off = trainer.onStep((r) => seen.push(r.step));
  trainer.step(batch);
  trainer.step(batch);
  off();
  trainer.step(batch);
  assert.deepEqual(seen, [1, 2]);
  assert.throws(() => trainer.onStep(42 as never), /onStep: got number; expected a function/);
  trainer.dispose();
  assert.throws(() => trainer.step(batch), /Trainer\.step: the trainer is disposed/);
  tf.dispose([batch.ear, batch.face]);
});

test('bad batches are refused with the tensor, its shape and what is expected', () => {
  const trainer = Trainer.create(tiny, { networks: tinyNetworks });
  const t = (shape: number[]) => tf.zeros(shape) as unknown as tf.Tensor4D;
  const ok = t([1, 64, 64, 3]);
  const cases: Array<[tf.Tensor4D, tf.Tensor4D, RegExp]> = [
    [t([64, 64, 3]), ok, /batch\.ear: shape \[64,64,3\] has rank 3; expected rank 4/],
    [ok, t([1, 64, 64, 1]), /batch\.face: shape \[1,64,64,1\] has 1 channels; expected 3/],
    [t([1, 32, 32, 3]), t([1, 32, 32, 3]), /batch\.ear: shape \[1,32,32,3\] is 32×32; expected 64×64 \(config\.imageSize\)/],
    [ok, t([2, 64, 64, 3]), /batch: ear has shape \[1,64,64,3\] but face has shape \[2,64,64,3\]/],
  ];
  for (const [ear, face, message] of cases) assert.throws(() => trainer.step({ ear, face }), message);
  assert.throws(() => trainer.step({ ear: ok } as never), /batch\.face: got undefined/);
  assert.equal(trainer.stepCount, 0);
  trainer.dispose();
  tf.dispose(cases.flatMap(([a, b]) => [a, b]));
});

test('unknown or unweighted terms are refused when the trainer is made', () => {
  assert.throws(() => Trainer.create({ ...tiny, weights: { style: 1 } }, { networks: tinyNetworks }), /weights\.style: no term named "style"; known terms: adv, l1/);
  assert.throws(() => Trainer.create({ ...tiny, weights: { adv: 0, l1: 0 } }, { networks: tinyNetworks }), /every term has weight 0/);
  assert.throws(() => Trainer.create(tiny, { networks: tinyNetworks, terms: { 'a/b': () => tf.scalar(0) } }), /term name "a\/b"/);
});

test('the pix2pix networks (64², ngf = ndf = 4) train: both change, no tensor leaks', () => {
  const trainer = Trainer.create({ imageSize: 64, ngf: 4, ndf: 4, seed: 5 });
  const [batch] = randomPairs(1);
  const g0 = readAll(trainer.generator.weights);
  const d0 = readAll(trainer.discriminator.weights);
  const first = trainer.step(batch);
  const n = tf.memory().numTensors;
  const second = trainer.step(batch);
  assert.equal(tf.memory().numTensors, n);
  assert.ok(Object.values(second.terms).every(Number.isFinite));
  assert.ok(maxDifference(g0, readAll(trainer.generator.weights)) > 0);
  assert.ok(maxDifference(d0, readAll(trainer.discriminator.weights)) > 0);
  // D learns to separate this pair a little: its loss goes down on a repeated batch.
  assert.ok(second.terms['d/total'] < first.terms['d/total'], `${backend}: d/total ${first.terms['d/total']} → ${second.terms['d/total']}`);
  trainer.dispose();
  tf.dispose([batch.ear, batch.face]);
});
