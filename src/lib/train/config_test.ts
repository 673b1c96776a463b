import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultTrainConfig, validateTrainConfig } from './config';

test('defaults are pix2pix: Adam 2e-4 / 0.5 / 0.999, λ_adv 1, λ_L1 100, batch 1, 256²', () => {
  const c = defaultTrainConfig();
  assert.deepEqual(
    { lr: c.lr, beta1: c.beta1, beta2: c.beta2, weights: c.weights, batchSize: c.batchSize, imageSize: c.imageSize, ngf: c.ngf, ndf: c.ndf },
    { lr: 2e-4, beta1: 0.5, beta2: 0.999, weights: { adv: 1, l1: 100 }, batchSize: 1, imageSize: 256, ngf: 64, ndf: 64 },
  );
  assert.equal(c.ganMode, 'vanilla');
  assert.equal(c.norm, 'batch');
});

test('overrides apply; weights merge by name', () => {
  const c = defaultTrainConfig({ imageSize: 64, ganMode: 'lsgan', weights: { l1: 50, style: 2 } });
  assert.equal(c.imageSize, 64);
  assert.equal(c.ganMode, 'lsgan');
  assert.deepEqual(c.weights, { adv: 1, l1: 50, style: 2 });
});

test('each bad field is named with its value and what is expected', () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ learningRate: 1 }, /config\.learningRate: unknown setting \(value 1\); expected one of imageSize, ngf, .*batchSize/],
    [{ imageSize: 100 }, /config\.imageSize: got 100; expected one of 64, 128, 256/],
    [{ norm: 'group' }, /config\.norm: got "group"; expected one of "batch", "instance"/],
    [{ ganMode: 'wgan' }, /config\.ganMode: unknown GAN mode "wgan"; expected one of 'vanilla', 'lsgan'/],
    [{ lr: -1 }, /config\.lr: got -1; expected a finite number > 0/],
    [{ lr: Infinity }, /config\.lr: got Infinity; expected a finite number/],
    [{ lr: '2e-4' }, /config\.lr: got "2e-4"; expected a finite number/],
    [{ weights: { l1: -5 } }, /config\.weights\.l1: got -5; expected a finite number ≥ 0/],
    [{ weights: { adv: NaN } }, /config\.weights\.adv: got NaN; expected a finite number ≥ 0/],
    [{ beta1: 1 }, /config\.beta1: got 1; expected a number in \[0, 1\)/],
    [{ ngf: 0 }, /config\.ngf: got 0; expected an integer ≥ 1/],
    [{ ndf: 2.5 }, /config\.ndf: got 2.5; expected an integer ≥ 1/],
    [{ constantSteps: -1 }, /config\.constantSteps: got -1; expected an integer ≥ 0/],
    [{ seed: -3 }, /config\.seed: got -3; expected an integer in \[0, 4294967295\]/],
    [{ batchSize: 0 }, /config\.batchSize: got 0; expected an integer ≥ 1/],
  ];
  for (const [overrides, message] of cases) assert.throws(() => defaultTrainConfig(overrides as never), message);
});

test('a complete config (as read from a checkpoint) must have every field', () => {
  const c = defaultTrainConfig() as unknown as Record<string, unknown>;
  const { decaySteps: _omitted, ...rest } = c;
  assert.throws(() => validateTrainConfig(rest), /config\.decaySteps: missing; expected a value like 100000/);
  assert.throws(() => validateTrainConfig(null), /config: got null; expected an object/);
  assert.deepEqual(validateTrainConfig(c), c);
});
