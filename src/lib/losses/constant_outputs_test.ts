import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { constantOutputs } from './constant_outputs';

before(async () => {
  await initBackend({ backend: 'wasm' });
});

/** 40 elementwise ops: enough that recording them on the tape would show. */
function deep(x: tf.Tensor): tf.Tensor {
  let y = x;
  for (let i = 0; i < 20; i++) y = tf.add(tf.mul(y, 0.9), 0.1);
  return y;
}

test('returns the outputs by name, with their shapes and values', () => {
  const start = tf.memory().numTensors;
  const x = tf.tensor2d([1, -2, 3, 4], [2, 2]);
  const out = constantOutputs(x, (t) => ({ square: tf.square(t), rowSum: tf.sum(t, 1), total: tf.sum(t) }));
  assert.deepEqual(Object.keys(out), ['square', 'rowSum', 'total']);
  assert.deepEqual(out.square.shape, [2, 2]);
  assert.deepEqual(Array.from(out.square.dataSync()), [1, 4, 9, 16]);
  assert.deepEqual(Array.from(out.rowSum.dataSync()), [-1, 7]);
  assert.deepEqual(out.total.shape, []);
  assert.equal(out.total.dataSync()[0], 6);
  tf.dispose([x, ...Object.values(out)]);
  assert.equal(tf.memory().numTensors, start);
});

test('the gradient through the outputs is zero; the same ops outside give the usual one', () => {
  const x = tf.tensor1d([1, 2, 3]);
  const through = tf.grad((t: tf.Tensor) => tf.add(tf.sum(t), tf.sum(constantOutputs(t, (u) => ({ s: tf.square(u) })).s)) as tf.Scalar)(x);
  // d/dx of Σx (+ a constant) is 1 everywhere; without the wrapper it would be 1 + 2x.
  assert.deepEqual(Array.from(through.dataSync()), [1, 1, 1]);
  const alone = tf.grad((t: tf.Tensor) => tf.sum(constantOutputs(t, (u) => ({ s: tf.square(u) })).s))(x);
  assert.deepEqual(Array.from(alone.dataSync()), [0, 0, 0]);
  tf.dispose([x, through, alone]);
});

test('the ops inside are not recorded on the gradient tape', () => {
  const w = tf.variable(tf.tensor1d([0.5, 1.5]));
  const input = tf.tensor1d([1, 2]);
  let recordedInside = -1;
  let recordedPlain = -1;
  const start = tf.memory().numTensors;
  const result = tf.variableGrads(() => {
    const tape = () => tf.engine().state.activeTape.length;
    const t0 = tape();
    const c = constantOutputs(input, (u) => ({ a: deep(u), b: deep(tf.neg(u)) }));
    recordedInside = tape() - t0;
    const t1 = tape();
    deep(input);
    recordedPlain = tape() - t1;
    return tf.sum(tf.mul(w, tf.add(c.a, c.b))) as tf.Scalar;
  }, [w]);
  // The wrapper and the unpacking (a split, and a reshape per output, which tfjs records as two
  // nodes): 6, whatever `compute` does. One chain outside records at least one node per op.
  assert.equal(recordedInside, 6);
  assert.ok(recordedPlain >= 40, `${recordedPlain} tape nodes for 40 ops`);
  tf.dispose([result.value, ...Object.values(result.grads)]);
  assert.equal(tf.memory().numTensors, start);
  tf.dispose([w, input]);
});

test('bad outputs are named', () => {
  const x = tf.tensor1d([1, 2]);
  assert.throws(() => constantOutputs(x, () => ({ n: 3 as unknown as tf.Tensor })), /constantOutputs: output "n" is number; expected a tensor/);
  assert.throws(() => constantOutputs(x, (t) => ({ i: tf.cast(t, 'int32') })), /constantOutputs: output "i" has dtype int32; expected float32/);
  assert.throws(() => constantOutputs([1] as unknown as tf.Tensor, (t) => ({ t })), /constantOutputs: input is object; expected a tensor/);
  x.dispose();
});
