import test from 'node:test';
import assert from 'node:assert/strict';
import { convFlops, forwardFlops, layerFlops, trainStepFlops } from './flops';
import { discriminatorLayers, generatorLayers, parameterCount } from './layers';

/** Within `tol` (relative) of `expected`. */
function near(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol * expected, `${what}: ${actual} is not within ${tol * 100}% of ${expected}`);
}

test('convFlops is 2·Ho·Wo·Kh·Kw·Cin·Cout', () => {
  assert.equal(convFlops(1, 1, 4, 4, 512, 512), 2 * 16 * 512 * 512);
  assert.equal(convFlops(128, 128, 4, 4, 3, 64), 100_663_296);
  assert.throws(() => convFlops(0, 1, 4, 4, 3, 3), /ho: expected a positive integer, got 0/);
});

test('a transposed conv costs the same as the conv it is the input gradient of', () => {
  const enc1 = generatorLayers(256)[0]; // 256² × 3 → 128² × 64
  const dec1 = generatorLayers(256)[15]; // 128² × 128 → 256² × 3
  assert.equal(dec1.inSize, 128);
  assert.equal(dec1.outSize, 256);
  assert.equal(layerFlops(dec1), 2 * 128 * 128 * 16 * 128 * 3);
  assert.equal(layerFlops(enc1), 2 * 128 * 128 * 16 * 3 * 64);
});

test('layer shapes give the reference parameter counts and a 30×30 PatchGAN map at 256²', () => {
  assert.equal(parameterCount(generatorLayers(256)), 54_413_955);
  assert.equal(parameterCount(discriminatorLayers(256)), 2_768_705);
  const d = discriminatorLayers(256);
  assert.equal(d[d.length - 1].outSize, 30);
  assert.equal(d[d.length - 1].outChannels, 1);
  assert.equal(generatorLayers(128).length, 14); // 7 down, 7 up
  assert.equal(generatorLayers(64).length, 12);
});

test('G and D forward FLOPs match the figures quoted in DESIGN.md within 5%', () => {
  const quoted: [number, number, number][] = [
    [64, 0.74e9, 0.35e9],
    [128, 3.0e9, 1.5e9],
    [256, 12.1e9, 6.4e9],
  ];
  for (const [size, g, d] of quoted) {
    near(forwardFlops(generatorLayers(size)), g, 0.05, `G forward at ${size}²`);
    near(forwardFlops(discriminatorLayers(size)), d, 0.05, `D forward at ${size}²`);
  }
});

test('a full 256² train step is ≈ 88 GFLOP and its parts add up', () => {
  const s = trainStepFlops(256);
  near(s.total, 88e9, 0.05, 'train step at 256²');
  assert.equal(s.forward, s.generatorForward + 3 * s.discriminatorForward);
  assert.equal(s.total, s.forward + s.discriminatorStepBackward + s.generatorStepBackward);
  // 3·F_G − F_G1 + 8·F_D − 2·F_D1, with the first layers computed by hand.
  const fg1 = 2 * 128 * 128 * 16 * 3 * 64;
  const fd1 = 2 * 128 * 128 * 16 * 6 * 64;
  assert.equal(s.total, 3 * s.generatorForward - fg1 + 8 * s.discriminatorForward - 2 * fd1);
});

test('bad sizes and widths are rejected with the argument named', () => {
  assert.throws(() => generatorLayers(100), /imageSize: expected a power of two >= 8, got 100/);
  assert.throws(() => discriminatorLayers(16), /imageSize: expected a power of two >= 32, got 16/);
  assert.throws(() => generatorLayers(256, 0), /ngf: expected a positive integer, got 0/);
});
