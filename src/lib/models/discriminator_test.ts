import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { Rng } from '../util/rng';
import { countParameters } from './init';
import {
  createDiscriminator,
  defaultDiscriminatorConfig,
  discriminatorOutputSize,
  discriminatorParameterSpecs,
  discriminatorPlan,
  type DiscriminatorConfig,
} from './discriminator';

function random(shape: [number, number, number, number], seed: number): tf.Tensor4D {
  const rng = new Rng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor4d(Float32Array.from({ length: size }, () => rng.next() * 2 - 1), shape);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

const small = (overrides: Partial<DiscriminatorConfig> = {}): DiscriminatorConfig =>
  defaultDiscriminatorConfig({ ndf: 4, ...overrides });

test('6 input channels, ndf 64, batch norm: 2,768,705 parameters (pix2pix 70×70 PatchGAN)', async () => {
  await initBackend({ backend: 'wasm' });
  // 6·64·16 + 64 | 64·128·16 + 2·128 | 128·256·16 + 2·256 | 256·512·16 + 2·512 | 512·16 + 1
  const byHand = 6208 + 131_328 + 524_800 + 2_098_176 + 8_193;
  assert.equal(byHand, 2_768_705);
  assert.equal(countParameters(discriminatorParameterSpecs(defaultDiscriminatorConfig())), 2_768_705);
  const d = createDiscriminator(defaultDiscriminatorConfig(), 1);
  assert.equal(d.parameterCount(), 2_768_705);
  assert.equal(Object.values(d.weights).reduce((n, v) => n + v.size, 0), 2_768_705);
  assert.deepEqual(d.weights['layer1/conv/kernel'].shape, [4, 4, 6, 64]);
  assert.deepEqual(d.weights['layer1/conv/bias'].shape, [64]);
  assert.equal(d.weights['layer2/conv/bias'], undefined); // batch norm follows: no bias
  assert.deepEqual(d.weights['layer4/conv/kernel'].shape, [4, 4, 256, 512]);
  assert.deepEqual(d.weights['logits/conv/kernel'].shape, [4, 4, 512, 1]);
  assert.deepEqual(d.weights['logits/conv/bias'].shape, [1]);
  assert.deepEqual(Object.keys(d.buffers).sort(), [
    'layer2/norm/runningMean', 'layer2/norm/runningVar', 'layer3/norm/runningMean',
    'layer3/norm/runningVar', 'layer4/norm/runningMean', 'layer4/norm/runningVar',
  ]);
  d.dispose();
});

test('plan follows NLayerDiscriminator for other depths', () => {
  const strides = (layers: number) => discriminatorPlan(small({ layers })).map((l) => l.stride);
  assert.deepEqual(strides(3), [2, 2, 2, 1, 1]);
  assert.deepEqual(strides(1), [2, 1, 1]);
  const widths = discriminatorPlan(defaultDiscriminatorConfig({ layers: 5 })).map((l) => l.outChannels);
  assert.deepEqual(widths, [64, 128, 256, 512, 512, 512, 1]); // capped at 8·ndf
});

test('logit map sizes: 30×30 at 256², 14×14 at 128², 6×6 at 64², non-square inputs too (wasm)', async () => {
  await initBackend({ backend: 'wasm' });
  // Three stride-2 layers halve (with floor), the two stride-1 layers take one off each:
  // 256 → 128 → 64 → 32 → 31 → 30;  128 → 64 → 32 → 16 → 15 → 14;  64 → 32 → 16 → 8 → 7 → 6.
  assert.equal(discriminatorOutputSize(256, 3), 30);
  assert.equal(discriminatorOutputSize(128, 3), 14);
  assert.equal(discriminatorOutputSize(64, 3), 6);
  assert.equal(discriminatorOutputSize(23, 3), 0);
  const d = createDiscriminator(small(), 2);
  const shape = (s: [number, number, number, number]) => tf.tidy(() => d.apply(tf.zeros(s), { training: true }).shape);
  assert.deepEqual(shape([1, 256, 256, 6]), [1, 30, 30, 1]);
  assert.deepEqual(shape([2, 128, 128, 6]), [2, 14, 14, 1]);
  assert.deepEqual(shape([1, 64, 64, 6]), [1, 6, 6, 1]);
  assert.deepEqual(shape([1, 64, 128, 6]), [1, 6, 14, 1]);
  assert.deepEqual(shape([1, 24, 24, 6]), [1, 1, 1, 1]); // the smallest input
  // 4 stride-2 layers at 256²: 256 → 128 → 64 → 32 → 16 → 15 → 14
  const deep = createDiscriminator(small({ layers: 4 }), 2);
  assert.deepEqual(tf.tidy(() => deep.apply(tf.zeros([1, 256, 256, 6]), { training: true }).shape), [1, 14, 14, 1]);
  d.dispose();
  deep.dispose();
});

test('each logit sees exactly a 70×70 patch of the input (running-statistics mode, wasm)', async () => {
  await initBackend({ backend: 'wasm' });
  const d = createDiscriminator(small(), 3);
  // Larger kernels so that the far corners of the receptive field clearly register.
  for (const [name, v] of Object.entries(d.weights)) if (name.endsWith('kernel')) v.assign(tf.mul(v, 10));
  const x = random([1, 128, 128, 6], 4);
  const base = d.apply(x, { training: false, runningStats: true }).dataSync();
  // Logit i covers input rows 8i − 23 … 8i + 46 (composing [s·lo − 1, s·hi + 2] through the five layers).
  const seen = (r: number) => {
    const rows: number[] = [];
    for (let i = 0; i < 14; i++) if (8 * i - 23 <= r && r <= 8 * i + 46) rows.push(i);
    return rows;
  };
  for (const [r, c] of [[64, 64], [0, 0], [127, 30]]) {
    const xs = x.dataSync().slice();
    xs[(r * 128 + c) * 6 + 2] += 1;
    const changed = d.apply(tf.tensor4d(xs, x.shape), { training: false, runningStats: true }).dataSync();
    const rows = seen(r);
    const cols = seen(c);
    for (let i = 0; i < 14; i++)
      for (let j = 0; j < 14; j++) {
        const differs = changed[i * 14 + j] !== base[i * 14 + j];
        assert.equal(differs, rows.includes(i) && cols.includes(j), `pixel (${r}, ${c}), logit (${i}, ${j})`);
      }
  }
  assert.deepEqual(seen(64), [3, 4, 5, 6, 7, 8, 9, 10]); // 70 rows at stride 8 → 8 or 9 logits
  d.dispose();
});

test('the same seed gives the same weights; wasm and cpu agree', async () => {
  const outputs: Float32Array[] = [];
  for (const backend of ['wasm', 'cpu'] as const) {
    await initBackend({ backend });
    const d = createDiscriminator(small(), 5);
    const other = createDiscriminator(small(), 6);
    assert.ok(maxAbsDiff(d.weights['layer2/conv/kernel'].dataSync(), other.weights['layer2/conv/kernel'].dataSync()) > 0);
    outputs.push(d.apply(random([2, 64, 64, 6], 5), { training: true }).dataSync() as Float32Array);
    d.dispose();
    other.dispose();
  }
  assert.ok(maxAbsDiff(outputs[0], outputs[1]) < 1e-4, `max |difference| ${maxAbsDiff(outputs[0], outputs[1])}`);
});

for (const norm of ['batch', 'instance'] as const) {
  test(`gradients reach every weight (cpu, 64², ndf 4, ${norm} norm), nothing leaks`, async () => {
    await initBackend({ backend: 'cpu' });
    const d = createDiscriminator(small({ norm }), 7);
    const x = random([1, 64, 64, 6], 7);
    const w = random([1, 6, 6, 1], 8);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(
      () => tf.sum(tf.mul(d.apply(x, { training: true }), w)) as tf.Scalar,
      Object.values(d.weights),
    );
    for (const [name, v] of Object.entries(d.weights)) {
      const gv = grads[v.name]?.dataSync();
      assert.ok(gv, `no gradient for ${name}`);
      assert.ok(gv.every(Number.isFinite), `non-finite gradient for ${name}`);
      // A bias right before an instance norm is cancelled by it (as in pix2pix): its gradient is ~0.
      if (norm === 'instance' && name.endsWith('bias') && !name.startsWith('layer1') && !name.startsWith('logits')) {
        assert.ok(gv.every((a) => Math.abs(a) < 1e-4), `${name} should be cancelled by the norm`);
      } else {
        assert.ok(gv.some((a) => a !== 0), `zero gradient for ${name}`);
      }
    }
    tf.dispose([value, ...Object.values(grads)]);
    assert.equal(tf.memory().numTensors, before);
    d.dispose();
  });
}

test('no tensor leaks across repeated calls; training moves running statistics, inference does not', async () => {
  await initBackend({ backend: 'wasm' });
  const d = createDiscriminator(small(), 8);
  const x = random([1, 64, 64, 6], 9);
  const mean = () => Array.from(d.buffers['layer3/norm/runningMean'].dataSync());
  const initial = mean();
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    tf.tidy(() => {
      d.apply(x, { training: false });
      d.apply(x, { training: false, runningStats: true });
    });
  }
  assert.deepEqual(mean(), initial);
  tf.tidy(() => {
    d.apply(x, { training: true });
  });
  assert.notDeepEqual(mean(), initial);
  assert.equal(tf.memory().numTensors, before);
  d.dispose();
  x.dispose();
});

test('bad input and bad configuration throw errors that name what was given and what is expected', async () => {
  await initBackend({ backend: 'wasm' });
  const d = createDiscriminator(small(), 1);
  const ok = { training: true };
  const apply = (x: unknown) => () => d.apply(x as tf.Tensor4D, ok);
  tf.tidy(() => {
    assert.throws(apply(tf.zeros([1, 64, 64, 3])), /discriminator\.apply: input must have 6 channels \[batch, height ≥ 24, width ≥ 24, 6\], got shape \[1,64,64,3\]/);
    assert.throws(apply(tf.zeros([64, 64, 6])), /discriminator\.apply: input must be a rank-4 NHWC tensor .*got shape \[64,64,6\]/);
    assert.throws(apply(tf.zeros([1, 16, 64, 6])), /input must be at least 24×24 .*got shape \[1,16,64,6\]/);
  });
  d.dispose();
  const create = (overrides: Record<string, unknown>) => () => createDiscriminator(small(overrides as Partial<DiscriminatorConfig>), 1);
  assert.throws(create({ ndf: 0 }), /createDiscriminator: config\.ndf must be an integer ≥ 1, got 0/);
  assert.throws(create({ layers: 0 }), /createDiscriminator: config\.layers must be an integer ≥ 1, got 0/);
  assert.throws(create({ inChannels: 1.5 }), /config\.inChannels must be an integer ≥ 1, got 1\.5/);
  assert.throws(create({ norm: 'none' }), /config\.norm must be one of 'batch', 'instance', got 'none'/);
  assert.throws(() => createDiscriminator(small(), Infinity), /createDiscriminator: seed must be a finite number, got Infinity/);
});
