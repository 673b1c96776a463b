import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../tf';
import { initBackend } from '../select';
import { Rng } from '../../util/rng';
import { ConvCase, randomConvCase, randomValues, scaledError, valuesOn } from './conv_cases_test_util';
import { convGeometry } from './conv_geometry';
import { canUseFullConv, conv2dInputGradient } from './conv2d_backprop_input';
import { conv2dFilterGradient } from './conv2d_backprop_filter';
import { conv2dWeightsLeft } from './conv2d_forward';

const TOLERANCE = 1e-4;

before(async () => {
  await initBackend({ backend: 'wasm' });
});

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function outputShape(c: ConvCase): [number, number, number, number] {
  const g = convGeometry(c.xShape, c.filterShape, c.stride, c.dilation, c.pad, c.dimRoundingMode);
  return [g.batch, g.outHeight, g.outWidth, g.outChannels];
}

function assertClose(got: Float32Array, want: Float32Array, what: string): void {
  const err = scaledError(got, want);
  assert.ok(err <= TOLERANCE, `${what}: scaled error ${err.toExponential(2)} > ${TOLERANCE}`);
}

test('conv2d output, input gradient and filter gradient match the cpu backend (random shapes)', async () => {
  const rng = new Rng(20240601);
  for (let i = 0; i < 40; i++) {
    const c = randomConvCase(rng);
    const yShape = outputShape(c);
    const xv = randomValues(rng, size(c.xShape));
    const wv = randomValues(rng, size(c.filterShape));
    const rv = randomValues(rng, size(yShape));
    const run = () => {
      const x = tf.tensor4d(xv, c.xShape);
      const w = tf.tensor4d(wv, c.filterShape);
      const r = tf.tensor4d(rv, yShape);
      const loss = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad, 'NHWC', 1, c.dimRoundingMode), r));
      const y = tf.conv2d(x, w, c.stride, c.pad, 'NHWC', 1, c.dimRoundingMode);
      const [dx, dw] = tf.grads(loss)([x, w]);
      tf.dispose([x, w, r]);
      return [y, dx, dw];
    };
    const want = await valuesOn('cpu', run);
    const got = await valuesOn('wasm', run);
    const label = `case ${i}: ${c.label}`;
    assertClose(got[0], want[0], `${label} output`);
    assertClose(got[1], want[1], `${label} input gradient`);
    assertClose(got[2], want[2], `${label} filter gradient`);
  }
});

test('conv2dTranspose output and gradients match the cpu backend (random shapes)', async () => {
  const rng = new Rng(77);
  for (let i = 0; i < 30; i++) {
    // The transposed conv maps the conv's output shape back to its input shape.
    const c = randomConvCase(rng);
    const inShape = outputShape(c);
    const outShape = c.xShape;
    const filterShape: [number, number, number, number] = [c.filterShape[0], c.filterShape[1], outShape[3], inShape[3]];
    const xv = randomValues(rng, size(inShape));
    const wv = randomValues(rng, size(filterShape));
    const rv = randomValues(rng, size(outShape));
    const run = () => {
      const x = tf.tensor4d(xv, inShape);
      const w = tf.tensor4d(wv, filterShape);
      const r = tf.tensor4d(rv, outShape);
      const forward = (a: tf.Tensor, b: tf.Tensor) => tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, outShape, c.stride, c.pad, c.dimRoundingMode);
      const y = forward(x, w);
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(forward(a, b), r)))([x, w]);
      tf.dispose([x, w, r]);
      return [y, dx, dw];
    };
    const want = await valuesOn('cpu', run);
    const got = await valuesOn('wasm', run);
    const label = `case ${i}: transposed ${c.label}`;
    assertClose(got[0], want[0], `${label} output`);
    assertClose(got[1], want[1], `${label} input gradient`);
    assertClose(got[2], want[2], `${label} filter gradient`);
  }
});

test('every formulation agrees with the cpu kernels, dilation 2 included (random shapes)', async () => {
  const rng = new Rng(4242);
  for (let i = 0; i < 30; i++) {
    const c = randomConvCase(rng, true);
    const yShape = outputShape(c);
    const xv = randomValues(rng, size(c.xShape));
    const wv = randomValues(rng, size(c.filterShape));
    const dyv = randomValues(rng, size(yShape));
    const g = convGeometry(c.xShape, c.filterShape, c.stride, c.dilation, c.pad, c.dimRoundingMode);
    const label = `case ${i}: ${c.label}`;
    // cpu reference: forward with dilation; gradients only without it (tfjs' cpu kernels ignore it).
    const want = await valuesOn('cpu', () => {
      const x = tf.tensor4d(xv, c.xShape);
      const w = tf.tensor4d(wv, c.filterShape);
      const dy = tf.tensor4d(dyv, yShape);
      const outs: tf.Tensor[] = [tf.conv2d(x, w, c.stride, c.pad, 'NHWC', c.dilation, c.dimRoundingMode)];
      if (c.dilation === 1) {
        outs.push(tf.conv2dTranspose(dy, w, c.xShape, c.stride, c.pad, c.dimRoundingMode));
        outs.push(tf.tidy(() => tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, v as tf.Tensor4D, c.stride, c.pad, 'NHWC', 1, c.dimRoundingMode), dy)))(w)));
      }
      tf.dispose([x, w, dy]);
      return outs;
    });
    const got = await valuesOn('wasm', () => {
      const x = tf.tensor4d(xv, c.xShape);
      const w = tf.tensor4d(wv, c.filterShape);
      const dy = tf.tensor4d(dyv, yShape);
      const outs = [
        conv2dWeightsLeft(x, w, g),
        conv2dInputGradient(dy, w, g, 'weights-left'),
        conv2dInputGradient(dy, w, g, 'weights-right'),
        conv2dFilterGradient(x, dy, g, 'patches'),
        conv2dFilterGradient(x, dy, g, 'shifted-dy'),
      ];
      if (canUseFullConv(g)) outs.push(conv2dInputGradient(dy, w, g, 'full-conv'));
      tf.dispose([x, w, dy]);
      return outs;
    });
    assertClose(got[0], want[0], `${label} weights-left forward`);
    if (c.dilation === 1) {
      assertClose(got[1], want[1], `${label} weights-left input gradient`);
      assertClose(got[2], want[1], `${label} weights-right input gradient`);
      assertClose(got[3], want[2], `${label} patches filter gradient`);
      assertClose(got[4], want[2], `${label} shifted-dy filter gradient`);
      if (got.length > 5) assertClose(got[5], want[1], `${label} full-conv input gradient`);
    } else {
      // With dilation the adjoint identity ⟨conv(x, W), dy⟩ = ⟨x, dX⟩ = ⟨W, dW⟩ is the reference.
      const y = want[0];
      let yDy = 0;
      for (let j = 0; j < y.length; j++) yDy += y[j] * dyv[j];
      const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, j) => s + v * b[j], 0);
      const scale = Math.max(1, Math.abs(yDy));
      for (const [k, name, v] of [[1, 'weights-left input', xv], [2, 'weights-right input', xv], [3, 'patches filter', wv], [4, 'shifted-dy filter', wv]] as const) {
        const err = Math.abs(dot(got[k], v) - yDy) / scale;
        assert.ok(err <= TOLERANCE, `${label} ${name} gradient: adjoint mismatch ${err.toExponential(2)}`);
      }
    }
  }
});

test('gradients match central finite differences on tiny shapes', async () => {
  const rng = new Rng(9);
  await tf.setBackend('wasm');
  for (let i = 0; i < 12; i++) {
    const c = randomConvCase(rng);
    if (size(c.xShape) > 400 || size(c.filterShape) > 400) {
      i--;
      continue;
    }
    const yShape = outputShape(c);
    const xv = randomValues(rng, size(c.xShape));
    const wv = randomValues(rng, size(c.filterShape));
    const rv = randomValues(rng, size(yShape));
    // A non-linear loss so the check is not exact by construction: Σ r · tanh(conv(x, W)).
    const loss = (xs: Float32Array, ws: Float32Array) =>
      tf.tidy(() => {
        const y = tf.conv2d(tf.tensor4d(xs, c.xShape), tf.tensor4d(ws, c.filterShape), c.stride, c.pad, 'NHWC', 1, c.dimRoundingMode);
        return tf.sum(tf.mul(tf.tanh(y), tf.tensor4d(rv, yShape))).dataSync()[0];
      });
    const [dx, dw] = tf.tidy(() => {
      const r = tf.tensor4d(rv, yShape);
      const f = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.tanh(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad, 'NHWC', 1, c.dimRoundingMode)), r));
      return tf.grads(f)([tf.tensor4d(xv, c.xShape), tf.tensor4d(wv, c.filterShape)]).map((t) => t.dataSync() as Float32Array);
    });
    const eps = 1e-2;
    for (const [name, base, grad] of [['x', xv, dx], ['filter', wv, dw]] as const) {
      for (let probe = 0; probe < 4; probe++) {
        const j = rng.int(base.length);
        const plus = Float32Array.from(base);
        const minus = Float32Array.from(base);
        plus[j] += eps;
        minus[j] -= eps;
        const fd = name === 'x' ? (loss(plus, wv) - loss(minus, wv)) / (2 * eps) : (loss(xv, plus) - loss(xv, minus)) / (2 * eps);
        assert.ok(
          Math.abs(fd - grad[j]) <= 2e-3 * Math.max(1, Math.abs(fd)),
          `case ${i} ${c.label}: d loss / d ${name}[${j}] = ${grad[j]}, finite difference ${fd}`,
        );
      }
    }
  }
});
