import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { Rng } from '../util/rng';
import { conv4x4, upConv4x4 } from './conv';

function random(shape: number[], rng: Rng): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => rng.next() * 2 - 1), shape);
}

/** out[b,i,j,o] = Σ x[b, s·i+ki−1, s·j+kj−1, c] · k[ki,kj,c,o] (zero outside), PyTorch Conv2d(k=4, p=1). */
function naiveConv(x: tf.Tensor4D, k: tf.Tensor4D, stride: number): number[] {
  const [B, H, W, C] = x.shape;
  const O = k.shape[3];
  const Ho = Math.floor((H - 2) / stride) + 1;
  const Wo = Math.floor((W - 2) / stride) + 1;
  const xv = x.dataSync();
  const kv = k.dataSync();
  const out: number[] = [];
  for (let b = 0; b < B; b++)
    for (let i = 0; i < Ho; i++)
      for (let j = 0; j < Wo; j++)
        for (let o = 0; o < O; o++) {
          let s = 0;
          for (let ki = 0; ki < 4; ki++)
            for (let kj = 0; kj < 4; kj++) {
              const r = stride * i + ki - 1;
              const q = stride * j + kj - 1;
              if (r < 0 || r >= H || q < 0 || q >= W) continue;
              for (let c = 0; c < C; c++) s += xv[((b * H + r) * W + q) * C + c] * kv[((ki * 4 + kj) * C + c) * O + o];
            }
          out.push(s);
        }
  return out;
}

/** out[b, 2i+ki−1, 2j+kj−1, o] += x[b,i,j,c] · k[ki,kj,o,c], PyTorch ConvTranspose2d(k=4, s=2, p=1). */
function naiveUpConv(x: tf.Tensor4D, k: tf.Tensor4D): Float64Array {
  const [B, H, W, C] = x.shape;
  const O = k.shape[2];
  const Ho = 2 * H;
  const Wo = 2 * W;
  const xv = x.dataSync();
  const kv = k.dataSync();
  const out = new Float64Array(B * Ho * Wo * O);
  for (let b = 0; b < B; b++)
    for (let i = 0; i < H; i++)
      for (let j = 0; j < W; j++)
        for (let ki = 0; ki < 4; ki++)
          for (let kj = 0; kj < 4; kj++) {
            const r = 2 * i + ki - 1;
            const q = 2 * j + kj - 1;
            if (r < 0 || r >= Ho || q < 0 || q >= Wo) continue;
            for (let o = 0; o < O; o++)
              for (let c = 0; c < C; c++) out[((b * Ho + r) * Wo + q) * O + o] += xv[((b * H + i) * W + j) * C + c] * kv[((ki * 4 + kj) * O + o) * C + c];
          }
  return out;
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  assert.equal(actual.length, expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  assert.ok(worst < tol, `max |difference| ${worst} ≥ ${tol}`);
}

for (const backend of ['wasm', 'cpu'] as const) {
  test(`conv4x4 on ${backend}: stride 2 and 1 match the direct sum, odd sizes floor like PyTorch`, async () => {
    await initBackend({ backend });
    const rng = new Rng(1);
    const x = random([2, 7, 8, 3], rng) as tf.Tensor4D;
    const k = random([4, 4, 3, 5], rng) as tf.Tensor4D;
    const y2 = conv4x4(x, k, 2);
    assert.deepEqual(y2.shape, [2, 3, 4, 5]);
    assertClose(y2.dataSync(), naiveConv(x, k, 2), 1e-4);
    const y1 = conv4x4(x, k, 1);
    assert.deepEqual(y1.shape, [2, 6, 7, 5]);
    assertClose(y1.dataSync(), naiveConv(x, k, 1), 1e-4);
    const bias = tf.tensor1d([1, 2, 3, 4, 5]);
    const yb = conv4x4(x, k, 2, bias);
    const expected = naiveConv(x, k, 2).map((v, i) => v + 1 + (i % 5));
    assertClose(yb.dataSync(), expected, 1e-4);
    tf.dispose([x, k, y2, y1, bias, yb]);
  });

  test(`upConv4x4 on ${backend}: doubles the size and matches the scatter definition`, async () => {
    await initBackend({ backend });
    const rng = new Rng(2);
    const x = random([2, 3, 4, 6], rng) as tf.Tensor4D;
    const k = random([4, 4, 2, 6], rng) as tf.Tensor4D;
    const y = upConv4x4(x, k);
    assert.deepEqual(y.shape, [2, 6, 8, 2]);
    assertClose(y.dataSync(), naiveUpConv(x, k), 1e-4);
    const bias = tf.tensor1d([0.5, -1]);
    const yb = upConv4x4(x, k, bias);
    assertClose(yb.dataSync(), Array.from(naiveUpConv(x, k), (v, i) => v + (i % 2 === 0 ? 0.5 : -1)), 1e-4);
    tf.dispose([x, k, y, bias, yb]);
  });
}

test('upConv4x4 is the adjoint of the stride-2 conv4x4: <conv(x), y> = <x, upConv(y)>', async () => {
  await initBackend({ backend: 'wasm' });
  const rng = new Rng(3);
  const k = random([4, 4, 3, 4], rng) as tf.Tensor4D; // conv 3 → 4; as up-conv kernel: 4 → 3
  const x = random([1, 8, 8, 3], rng) as tf.Tensor4D;
  const y = random([1, 4, 4, 4], rng) as tf.Tensor4D;
  const left = tf.sum(tf.mul(conv4x4(x, k, 2), y)).dataSync()[0];
  const right = tf.sum(tf.mul(x, upConv4x4(y, k))).dataSync()[0];
  assert.ok(Math.abs(left - right) < 1e-4, `${left} vs ${right}`);
});
