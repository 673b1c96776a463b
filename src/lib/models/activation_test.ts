import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { leakyRelu } from './activation';

const X = [-3, -0.5, 0, 0.25, 4, -1e-8];

for (const backend of ['wasm', 'cpu'] as const) {
  test(`leakyRelu on ${backend}: values and gradient of PyTorch's LeakyReLU(0.2)`, async () => {
    await initBackend({ backend });
    const x = tf.tensor1d(X);
    const dy = tf.tensor1d([1, 2, 3, 4, 5, 6]);
    assert.deepEqual(Array.from(leakyRelu(x, 0.2).dataSync()), Array.from(new Float32Array([-0.6, -0.1, 0, 0.25, 4, -2e-9])));
    // d/dx = 1 for x > 0, 0.2 otherwise (PyTorch takes the negative slope at 0)
    const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(leakyRelu(t, 0.2), dy)))(x);
    assert.deepEqual(Array.from(dx.dataSync()), Array.from(new Float32Array([0.2, 0.4, 0.6, 4, 5, 1.2])));
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.grad((t: tf.Tensor) => tf.sum(leakyRelu(t, 0.2)))(x);
    });
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([x, dy, dx]);
  });
}
