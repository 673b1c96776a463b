import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../tf';
import { initBackend } from '../select';
import { originalWasmKernel, registerWasmTrainingKernels } from './register';

before(async () => {
  await initBackend({ backend: 'wasm' });
});

test('registration is idempotent and keeps the stock kernels it replaces', () => {
  const names = ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'Tanh', 'Tile'];
  const before = names.map((k) => tf.getKernel(k, 'wasm')?.kernelFunc);
  registerWasmTrainingKernels();
  registerWasmTrainingKernels();
  const after = names.map((k) => tf.getKernel(k, 'wasm')?.kernelFunc);
  assert.deepEqual(after, before);
  assert.ok(after.every((f) => typeof f === 'function'));
  assert.ok(originalWasmKernel('Conv2D') !== undefined, 'stock Conv2D kept for delegation');
  for (const k of ['Conv2DBackpropInput', 'Tanh', 'Tile']) {
    assert.ok(originalWasmKernel(k) !== undefined, `stock ${k} kept`);
    assert.notEqual(originalWasmKernel(k)?.kernelFunc, tf.getKernel(k, 'wasm')?.kernelFunc, `${k} replaced`);
  }
  assert.notEqual(originalWasmKernel('Conv2D')?.kernelFunc, after[0]);
  assert.equal(originalWasmKernel('Conv2DBackpropFilter'), undefined, 'tfjs-backend-wasm 4.22 has no filter gradient');
});

test('each kernel call adds exactly its output tensor and bytes', () => {
  // Shapes that take every path: weights-left and stock forward, both input plans, trimmed taps.
  type Shape4 = [number, number, number, number];
  const shapes: [Shape4, Shape4, number][] = [
    [[1, 2, 2, 16], [4, 4, 16, 32], 2], // 1x1 output: taps trimmed, weights-left everywhere
    [[2, 9, 7, 3], [3, 3, 3, 4], 1], // many positions: stock forward, weights-right input gradient
    [[1, 8, 8, 64], [4, 4, 64, 128], 2],
  ];
  for (const [xShape, wShape, stride] of shapes) {
    const x = tf.randomNormal(xShape) as tf.Tensor4D;
    const w = tf.randomNormal(wShape) as tf.Tensor4D;
    const y = tf.conv2d(x, w, stride, 1);
    const dy = tf.randomNormal(y.shape) as tf.Tensor4D;
    const attrs = { strides: stride, pad: 1, dataFormat: 'NHWC' };
    const calls: [string, () => tf.Tensor][] = [
      ['Conv2D', () => tf.conv2d(x, w, stride, 1)],
      ['Conv2DBackpropInput', () => tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: xShape }) as tf.Tensor],
      ['Conv2DBackpropFilter', () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: wShape }) as tf.Tensor],
    ];
    for (const [name, call] of calls) {
      const m0 = tf.memory();
      const out = call();
      const m1 = tf.memory();
      assert.equal(m1.numTensors - m0.numTensors, 1, `${name} on x [${xShape}] leaves one new tensor`);
      assert.equal(m1.numBytes - m0.numBytes, out.size * 4, `${name} on x [${xShape}] allocates only its output`);
      out.dispose();
      assert.equal(tf.memory().numTensors, m0.numTensors);
    }
    tf.dispose([x, w, y, dy]);
  }
});

test('repeated training-style gradient steps do not grow memory', () => {
  const x = tf.randomNormal([1, 16, 16, 8]) as tf.Tensor4D;
  const w1 = tf.variable(tf.randomNormal([4, 4, 8, 32]));
  const w2 = tf.variable(tf.randomNormal([4, 4, 16, 32]));
  const step = () =>
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => {
        const h = tf.leakyRelu(tf.conv2d(x, w1 as tf.Tensor4D, 2, 1), 0.2);
        const u = tf.conv2dTranspose(h, w2 as tf.Tensor4D, [1, 16, 16, 16], 2, 1);
        return tf.mean(tf.abs(u));
      });
      w1.assign(tf.sub(w1, tf.mul(grads[w1.name], 0.01)));
      w2.assign(tf.sub(w2, tf.mul(grads[w2.name], 0.01)));
    });
  step();
  const m0 = tf.memory();
  for (let i = 0; i < 5; i++) step();
  const m1 = tf.memory();
  assert.equal(m1.numTensors, m0.numTensors);
  assert.equal(m1.numBytes, m0.numBytes);
  tf.dispose([x, w1, w2]);
});
