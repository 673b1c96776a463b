import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { Rng } from '../util/rng';
import { countParameters } from './init';
import {
  createGenerator,
  defaultGeneratorConfig,
  generatorParameterSpecs,
  generatorPlan,
  type GeneratorConfig,
} from './generator';

function random(shape: number[], seed: number): tf.Tensor4D {
  const rng = new Rng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor4d(Float32Array.from({ length: size }, () => rng.next() * 2 - 1), shape as [number, number, number, number]);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

const small = (overrides: Partial<GeneratorConfig> = {}): GeneratorConfig =>
  defaultGeneratorConfig({ imageSize: 64, ngf: 4, ...overrides });

test('256², ngf 64, batch norm: 54,413,955 parameters, the pix2pix reference count', async () => {
  await initBackend({ backend: 'wasm' });
  const config = defaultGeneratorConfig();
  assert.equal(countParameters(generatorParameterSpecs(config)), 54_413_955);
  const before = tf.memory().numTensors;
  const g = createGenerator(config, 1);
  assert.equal(g.parameterCount(), 54_413_955);
  const sizes = Object.values(g.weights).reduce((n, v) => n + v.size, 0);
  assert.equal(sizes, 54_413_955);
  const shape = (name: string) => g.weights[name]?.shape;
  assert.deepEqual(shape('enc1/conv/kernel'), [4, 4, 3, 64]);
  assert.equal(shape('enc1/conv/bias'), undefined); // pix2pix: use_bias is false with batch norm
  assert.equal(shape('enc1/norm/gamma'), undefined);
  assert.deepEqual(shape('enc8/conv/kernel'), [4, 4, 512, 512]);
  assert.equal(shape('enc8/norm/gamma'), undefined); // innermost: no norm
  assert.deepEqual(shape('dec8/conv/kernel'), [4, 4, 512, 512]); // [4, 4, out, in]
  assert.deepEqual(shape('dec7/conv/kernel'), [4, 4, 512, 1024]);
  assert.deepEqual(shape('dec2/conv/kernel'), [4, 4, 64, 256]);
  assert.deepEqual(shape('dec2/norm/gamma'), [64]);
  assert.deepEqual(shape('dec1/conv/kernel'), [4, 4, 3, 128]);
  assert.deepEqual(shape('dec1/conv/bias'), [3]); // the one bias
  assert.equal(shape('dec1/norm/gamma'), undefined);
  // Running mean and variance for each of the 13 normed layers (enc2–enc7, dec2–dec8).
  assert.equal(Object.keys(g.buffers).length, 2 * 13);
  g.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('instance norm: every conv has a bias, no norm parameters', () => {
  // 54,413,955 − 9,856 batch-norm gammas/betas − 3 (the bias already counted)
  // + biases of all 16 convs: 64+128+256+5·512 (encoder) + 4·512+256+128+64+3 (decoder) = 5,507
  assert.equal(countParameters(generatorParameterSpecs(defaultGeneratorConfig({ norm: 'instance' }))), 54_413_955 - 9_856 - 3 + 5_507);
});

test('plan: channel widths of pix2pix unet_256 and dropout on the three innermost decoder layers', () => {
  const { encoder, decoder, dropout } = generatorPlan(defaultGeneratorConfig());
  assert.deepEqual(encoder.map((l) => l.outChannels), [64, 128, 256, 512, 512, 512, 512, 512]);
  assert.deepEqual(encoder.map((l) => l.norm !== null), [false, true, true, true, true, true, true, false]);
  assert.deepEqual(decoder.map((l) => l.inChannels), [128, 256, 512, 1024, 1024, 1024, 1024, 512]);
  assert.deepEqual(decoder.map((l) => l.outChannels), [3, 64, 128, 256, 512, 512, 512, 512]);
  assert.deepEqual(dropout, [false, false, false, false, false, true, true, true]);
  assert.equal(generatorPlan(small()).encoder.length, 6);
  assert.equal(generatorPlan(small({ imageSize: 128 })).encoder.length, 7);
  assert.deepEqual(generatorPlan(small({ dropout: 0 })).dropout, [false, false, false, false, false, false]);
});

test('output is [B, S, S, outChannels] at 64², 128² and 256² on wasm, strictly inside (−1, 1)', async () => {
  await initBackend({ backend: 'wasm' });
  for (const imageSize of [64, 128, 256] as const) {
    const g = createGenerator(small({ imageSize }), 3);
    const y = g.apply(random([2, imageSize, imageSize, 3], imageSize), { training: true, noiseSeed: 1 });
    assert.deepEqual(y.shape, [2, imageSize, imageSize, 3]);
    const v = y.dataSync();
    assert.ok(v.every((a) => a > -1 && a < 1), 'values outside (−1, 1)');
    assert.ok(maxAbsDiff(v, new Float32Array(v.length)) > 1e-4, 'output is all zero');
    tf.dispose(y);
    g.dispose();
  }
});

test('the output goes through tanh: a huge last layer saturates at ±1 and never beyond', async () => {
  await initBackend({ backend: 'wasm' });
  const g = createGenerator(small(), 3);
  const k = g.weights['dec1/conv/kernel'];
  k.assign(tf.mul(k, 1e4));
  const v = g.apply(random([1, 64, 64, 3], 1), { training: true, noiseSeed: 1 }).dataSync();
  assert.ok(v.every((a) => a >= -1 && a <= 1));
  const saturated = v.filter((a) => Math.abs(a) > 0.999).length;
  assert.ok(saturated > v.length / 2, `${saturated} of ${v.length} saturated`);
  g.dispose();
});

test('dropout is the noise: on at inference, seeded by noiseSeed, absent with dropout 0', async () => {
  await initBackend({ backend: 'wasm' });
  const x = random([1, 64, 64, 3], 9);
  const g = createGenerator(small(), 4);
  const run = (noiseSeed?: number) => g.apply(x, { training: false, noiseSeed }).dataSync();
  assert.deepEqual(run(1), run(1));
  assert.ok(maxAbsDiff(run(1), run(2)) > 1e-5, 'different noise seeds gave the same output');
  assert.ok(maxAbsDiff(run(), run()) > 1e-5, 'two unseeded inferences gave the same output');
  const quiet = createGenerator(small({ dropout: 0 }), 4);
  assert.deepEqual(quiet.apply(x, { training: false, noiseSeed: 1 }).dataSync(), quiet.apply(x, { training: false, noiseSeed: 2 }).dataSync());
  // With the same weights, the noise-free network differs from the noisy one.
  assert.ok(maxAbsDiff(quiet.apply(x, { training: false, noiseSeed: 1 }).dataSync(), run(1)) > 1e-5);
  // Unseeded calls follow a sequence fixed by the construction seed.
  const again = createGenerator(small(), 4);
  const first = createGenerator(small(), 4);
  assert.deepEqual(again.apply(x, { training: false }).dataSync(), first.apply(x, { training: false }).dataSync());
  tf.dispose(x);
  for (const n of [g, quiet, again, first]) n.dispose();
});

test('weights: the same seed gives identical weights, another seed different ones', async () => {
  await initBackend({ backend: 'wasm' });
  const a = createGenerator(small(), 10);
  const b = createGenerator(small(), 10);
  const c = createGenerator(small(), 11);
  for (const name of Object.keys(a.weights)) {
    assert.deepEqual(a.weights[name].dataSync(), b.weights[name].dataSync(), name);
    if (name.endsWith('kernel') || name.endsWith('gamma')) {
      assert.ok(maxAbsDiff(a.weights[name].dataSync(), c.weights[name].dataSync()) > 0, `${name} equal across seeds`);
    }
  }
  for (const n of [a, b, c]) n.dispose();
});

test('initialisation: kernels N(0, 0.02), gammas N(1, 0.02), biases and betas 0, running var 1', async () => {
  await initBackend({ backend: 'wasm' });
  const g = createGenerator(small({ ngf: 16 }), 12);
  const gather = (suffix: string) =>
    Object.entries(g.weights).filter(([n]) => n.endsWith(suffix)).flatMap(([, v]) => Array.from(v.dataSync()));
  const moments = (a: number[]) => {
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    return { mean, std: Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length) };
  };
  const k = moments(gather('/kernel'));
  assert.ok(Math.abs(k.mean) < 2e-4 && Math.abs(k.std - 0.02) < 2e-4, JSON.stringify(k));
  const gammas = gather('/gamma');
  const gm = moments(gammas);
  assert.ok(gammas.length === 720 && Math.abs(gm.mean - 1) < 3e-3 && Math.abs(gm.std - 0.02) < 2e-3, JSON.stringify(gm));
  assert.ok(gather('/beta').every((v) => v === 0));
  assert.ok(gather('/bias').every((v) => v === 0));
  for (const [name, v] of Object.entries(g.buffers)) {
    const want = name.endsWith('runningVar') ? 1 : 0;
    assert.ok(v.dataSync().every((a) => a === want), name);
  }
  g.dispose();
});

test('wasm and cpu give the same output for the same seeds', async () => {
  const outputs: Float32Array[] = [];
  for (const backend of ['wasm', 'cpu'] as const) {
    await initBackend({ backend });
    const g = createGenerator(small(), 5);
    outputs.push(g.apply(random([2, 64, 64, 3], 5), { training: true, noiseSeed: 3 }).dataSync() as Float32Array);
    g.dispose();
  }
  assert.ok(maxAbsDiff(outputs[0], outputs[1]) < 1e-4, `max |difference| ${maxAbsDiff(outputs[0], outputs[1])}`);
});

test('gradients reach every weight (cpu, 64², ngf 4); training moves running statistics, inference does not', async () => {
  await initBackend({ backend: 'cpu' });
  const g = createGenerator(small(), 6);
  const x = random([1, 64, 64, 3], 6);
  const w = random([1, 64, 64, 3], 7);
  const before = tf.memory().numTensors;
  const runningMean = () => Array.from(g.buffers['dec2/norm/runningMean'].dataSync());
  const initialMean = runningMean();
  tf.tidy(() => {
    g.apply(x, { training: false, noiseSeed: 1 });
  });
  assert.deepEqual(runningMean(), initialMean);
  const { value, grads } = tf.variableGrads(
    () => tf.sum(tf.mul(g.apply(x, { training: true, noiseSeed: 1 }), w)) as tf.Scalar,
    Object.values(g.weights),
  );
  assert.notDeepEqual(runningMean(), initialMean);
  for (const [name, v] of Object.entries(g.weights)) {
    const gv = grads[v.name]?.dataSync();
    assert.ok(gv, `no gradient for ${name}`);
    assert.ok(gv.every(Number.isFinite), `non-finite gradient for ${name}`);
    assert.ok(gv.some((a) => a !== 0), `zero gradient for ${name}`);
  }
  tf.dispose([value, ...Object.values(grads)]);
  assert.equal(tf.memory().numTensors, before);
  g.dispose();
});

test('no tensor leaks: apply returns one tensor, repeated calls inside tidy leave none', async () => {
  await initBackend({ backend: 'wasm' });
  const g = createGenerator(small(), 7);
  const x = random([1, 64, 64, 3], 8);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    tf.tidy(() => {
      g.apply(x, { training: true, noiseSeed: i });
      g.apply(x, { training: false });
      g.apply(x, { training: false, runningStats: true, noiseSeed: i });
    });
  }
  assert.equal(tf.memory().numTensors, before);
  const y = g.apply(x, { training: true });
  assert.equal(tf.memory().numTensors, before + 1);
  y.dispose();
  const variables = Object.keys(g.weights).length + Object.keys(g.buffers).length;
  g.dispose();
  assert.equal(tf.memory().numTensors, before - variables);
  assert.throws(() => g.apply(x, { training: false }), /generator\.apply: the generator has been disposed/);
  x.dispose();
});

test('bad input and bad configuration throw errors that name what was given and what is expected', async () => {
  await initBackend({ backend: 'wasm' });
  const g = createGenerator(small(), 1);
  const ok = { training: false };
  const apply = (x: unknown, options: unknown) => () => g.apply(x as tf.Tensor4D, options as { training: boolean });
  assert.throws(apply(tf.zeros([64, 64, 3]), ok), /generator\.apply: input must be a rank-4 NHWC tensor \[batch, 64, 64, 3\], got shape \[64,64,3\]/);
  assert.throws(apply(tf.zeros([1, 32, 32, 3]), ok), /input must be 64×64 \[batch, 64, 64, 3\], got shape \[1,32,32,3\]/);
  assert.throws(apply(tf.zeros([1, 64, 48, 3]), ok), /input must be 64×64 .*got shape \[1,64,48,3\]/);
  assert.throws(apply(tf.zeros([1, 64, 64, 1]), ok), /input must have 3 channels \[batch, 64, 64, 3\], got shape \[1,64,64,1\]/);
  assert.throws(apply(tf.zeros([1, 64, 64, 3], 'int32'), ok), /input must be float32, got int32/);
  assert.throws(apply([1, 2, 3], ok), /input must be a rank-4 NHWC tensor \[batch, 64, 64, 3\], got \[1,2,3\]/);
  assert.throws(apply(tf.zeros([1, 64, 64, 3]), undefined), /options must be \{ training: boolean, noiseSeed\?: number \}, got undefined/);
  assert.throws(apply(tf.zeros([1, 64, 64, 3]), { training: false, noiseSeed: NaN }), /options\.noiseSeed must be a finite number, got NaN/);
  g.dispose();

  const create = (overrides: Record<string, unknown>) => () => createGenerator(small(overrides as Partial<GeneratorConfig>), 1);
  assert.throws(create({ imageSize: 100 }), /createGenerator: config\.imageSize must be one of 64, 128, 256, got 100/);
  assert.throws(create({ imageSize: 32 }), /config\.imageSize must be one of 64, 128, 256, got 32/);
  assert.throws(create({ imageSize: 512 }), /config\.imageSize must be one of 64, 128, 256, got 512/);
  assert.throws(create({ ngf: 0 }), /createGenerator: config\.ngf must be an integer ≥ 1, got 0/);
  assert.throws(create({ ngf: -8 }), /config\.ngf must be an integer ≥ 1, got -8/);
  assert.throws(create({ ngf: 2.5 }), /config\.ngf must be an integer ≥ 1, got 2\.5/);
  assert.throws(create({ norm: 'group' }), /createGenerator: config\.norm must be one of 'batch', 'instance', got 'group'/);
  assert.throws(create({ inChannels: 0 }), /config\.inChannels must be an integer ≥ 1, got 0/);
  assert.throws(create({ dropout: 1 }), /config\.dropout must be a number in \[0, 1\), got 1/);
  assert.throws(() => createGenerator(small(), NaN), /createGenerator: seed must be a finite number, got NaN/);
});
