import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../tf';
import { initBackend } from '../select';
import { wasmBackend } from './wasm_heap';

// A 256² pix2pix step grows the wasm memory past 3 GiB; tensors stored beyond 2 GiB have byte
// offsets that overflow a signed 32-bit integer. The kernels must address them correctly.

before(async () => {
  await initBackend({ backend: 'wasm' });
});

test('kernels give the same results for tensors stored past 2 GiB of wasm memory', () => {
  const x = tf.randomNormal([1, 9, 7, 16], 0, 1, 'float32', 1) as tf.Tensor4D;
  const w = tf.randomNormal([4, 4, 16, 8], 0, 1, 'float32', 2) as tf.Tensor4D;
  const dy = tf.randomNormal([1, 4, 3, 8], 0, 1, 'float32', 3) as tf.Tensor4D;
  const run = (a: tf.Tensor4D, b: tf.Tensor4D, d: tf.Tensor4D) =>
    tf.tidy(() => {
      const attrs = { strides: 2, pad: 1, dataFormat: 'NHWC' };
      const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy: d, filter: b }, { ...attrs, inputShape: a.shape }) as tf.Tensor;
      const dW = tf.engine().runKernel('Conv2DBackpropFilter', { x: a, dy: d }, { ...attrs, filterShape: b.shape }) as tf.Tensor;
      const y = tf.conv2d(tf.slice(a, [0, 0, 0, 0], [1, 2, 2, 16]), b, 2, 1); // 1x1 output: weights-left path
      return [dx, dW, y].map((t) => Array.from(t.dataSync()));
    });
  const low = run(x, w, dy);
  // Fill the memory below 2 GiB, then copy the inputs so their data lands above it.
  const filler: tf.Tensor[] = [];
  const backend = wasmBackend();
  const offset = (t: tf.Tensor) => backend.dataIdMap.get(t.dataId)!.memoryOffset;
  for (let i = 0; i < 9; i++) filler.push(tf.zeros([64 * 1024 * 1024])); // 9 × 256 MiB
  // Small copies first fill any holes left below; keep copying until one lands past 2 GiB.
  const copyAbove = (t: tf.Tensor4D): tf.Tensor4D => {
    for (let i = 0; i < 10000; i++) {
      const c = tf.clone(t);
      if (offset(c) >= 2 ** 31) return c;
      filler.push(c);
    }
    throw new Error('could not place a tensor past 2 GiB');
  };
  const [xh, wh, dyh] = [copyAbove(x), copyAbove(w), copyAbove(dy)];
  assert.ok([xh, wh, dyh].every((t) => offset(t) >= 2 ** 31), 'inputs were placed past 2 GiB');
  const high = run(xh, wh, dyh);
  tf.dispose([...filler, xh, wh, dyh, x, w, dy]);
  assert.deepEqual(high, low);
});
