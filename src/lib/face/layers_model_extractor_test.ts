import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf, tfjs as tfl } from '../backend/tf';
import { initBackend } from '../backend/select';
import { DESCRIPTOR, POOLED } from './extractor';
import { extractorFromModel, type GraphModelLike } from './layers_model_extractor';
import { squareResize } from './preprocess';

before(async () => {
  await initBackend({ backend: 'wasm' });
});

/** conv 3×3 (4 channels) → relu → global average pool → dense 2, on 8×8 RGB. */
function tinyModel() {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, padding: 'same', name: 'conv', kernelInitializer: tfl.initializers.glorotNormal({ seed: 1 }), biasInitializer: 'ones' }),
      tfl.layers.activation({ activation: 'relu', name: 'relu' }),
      tfl.layers.globalAveragePooling2d({ name: 'gap' }),
      tfl.layers.dense({ units: 2, name: 'fc', kernelInitializer: tfl.initializers.glorotNormal({ seed: 2 }) }),
    ],
  });
}

const SPEC = { name: 'tiny', inputSize: 8, layers: { c1: 'conv', r1: 'relu' }, pooled: 'gap', descriptor: 'fc' };

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

test('named layers come out as computed by hand from the layer weights, images resized first', () => {
  const model = tinyModel();
  const [k, b] = model.getLayer('conv').getWeights();
  const [w, c] = model.getLayer('fc').getWeights();
  const ext = extractorFromModel(model, SPEC);
  assert.equal(ext.name, 'tiny');
  assert.equal(ext.inputSize, 8);
  assert.deepEqual(ext.layerNames, ['c1', 'r1']);
  assert.equal(ext.descriptorLength, 2);
  const n0 = tf.memory().numTensors;
  const images = tf.randomUniform([2, 16, 16, 3], -1, 1, 'float32', 5) as tf.Tensor4D;
  const out = ext.extract(images, ['r1', 'c1', POOLED, DESCRIPTOR]);
  const expected = tf.tidy(() => {
    const x = squareResize(images, 8);
    const c1 = tf.add(tf.conv2d(x, k as tf.Tensor4D, 1, 'same'), b);
    const pooled = tf.mean(tf.relu(c1), [1, 2]);
    return { c1, r1: tf.relu(c1), pooled, descriptor: tf.add(tf.matMul(pooled, w as tf.Tensor2D), c) };
  });
  assert.deepEqual(out.c1.shape, [2, 8, 8, 4]);
  assert.deepEqual(out[DESCRIPTOR].shape, [2, 2]);
  for (const name of ['c1', 'r1', POOLED, DESCRIPTOR]) {
    assert.ok(maxDiff(out[name], (expected as Record<string, tf.Tensor>)[name]) < 1e-5, name);
  }
  tf.dispose([out, expected, images]);
  assert.equal(tf.memory().numTensors, n0);
  ext.dispose();
});

test('gradients reach the input (matching finite differences) and a training step on the input leaves the model alone', () => {
  const model = tinyModel();
  const ext = extractorFromModel(model, SPEC);
  const before = model.getWeights().map((t) => Array.from(t.dataSync()));
  const x0 = tf.randomUniform([1, 8, 8, 3], -1, 1, 'float32', 6) as tf.Tensor4D;
  const loss = (x: tf.Tensor) =>
    tf.tidy(() => {
      const o = ext.extract(x as tf.Tensor4D, ['r1', DESCRIPTOR]);
      return tf.add(tf.sum(tf.square(o[DESCRIPTOR])), tf.mean(o.r1)) as tf.Scalar;
    });
  const g = tf.grad(loss)(x0);
  assert.ok(g.dataSync().every(Number.isFinite) && g.dataSync().some((v) => v !== 0));
  const v = tf.randomNormal(x0.shape, 0, 1, 'float32', 7);
  const eps = 1e-2;
  const fd = tf.tidy(() => (loss(tf.add(x0, tf.mul(v, eps))).dataSync()[0] - loss(tf.sub(x0, tf.mul(v, eps))).dataSync()[0]) / (2 * eps));
  const directional = tf.tidy(() => tf.sum(tf.mul(g, v)).dataSync()[0]);
  assert.ok(Math.abs(fd - directional) <= 0.02 * Math.abs(directional) + 1e-4, `${fd} vs ${directional}`);

  // No variable list: the optimizer takes every trainable variable, which must not include the model's.
  const x = tf.variable(x0);
  const xBefore = Array.from(x.dataSync());
  tf.train.sgd(0.5).minimize(() => loss(x));
  assert.notDeepEqual(Array.from(x.dataSync()), xBefore, 'the input moved');
  assert.deepEqual(model.getWeights().map((t) => Array.from(t.dataSync())), before, 'the model did not');
  tf.dispose([x0, g, v, x]);
  ext.dispose();
});

test('a preprocess function sees the resized [-1, 1] images', () => {
  const plain = extractorFromModel(tinyModel(), SPEC);
  const model = tinyModel();
  const seen: number[][] = [];
  const doubled = extractorFromModel(model, {
    ...SPEC,
    preprocess: (x) => {
      seen.push(x.shape);
      return tf.mul(x, 2);
    },
  });
  const images = tf.randomUniform([1, 12, 12, 3], -1, 1, 'float32', 8) as tf.Tensor4D;
  const twice = tf.mul(images, 2) as tf.Tensor4D;
  const a = doubled.extract(images, ['c1']);
  const b = plain.extract(twice, ['c1']);
  assert.deepEqual(seen, [[1, 8, 8, 3]]);
  assert.ok(maxDiff(a.c1, b.c1) < 1e-5);
  tf.dispose([images, twice, a, b]);
  plain.dispose();
  doubled.dispose();
});

test('names the model lacks, reserved names and non-map layers are refused when wrapping', () => {
  const model = tinyModel();
  assert.throws(
    () => extractorFromModel(model, { ...SPEC, layers: { c1: 'conv9' } }),
    /extractorFromModel\(tiny\): the model has no layer "conv9"; its layers are conv, relu, gap, fc/,
  );
  assert.throws(() => extractorFromModel(model, { ...SPEC, descriptor: 'logits' }), /the model has no layer "logits"/);
  assert.throws(() => extractorFromModel(model, { ...SPEC, layers: { pooled: 'gap' } }), /reserved output name 'pooled'; set spec.pooled instead/);
  assert.throws(() => extractorFromModel(model, { ...SPEC, layers: { g: 'gap' } }), /layer 'gap' \(output 'g'\) gives shape \[null,4\]; expected a 4-D NHWC feature map/);
  assert.throws(() => extractorFromModel(model, { ...SPEC, inputSize: 0 }), /spec.inputSize is 0; expected a positive integer/);
  const ext = extractorFromModel(model, SPEC);
  const x = tf.zeros([1, 8, 8, 3]) as tf.Tensor4D;
  assert.throws(() => ext.extract(x, ['c2']), /tiny: unknown output "c2"; expected one of c1, r1, pooled, descriptor/);
  const gray = tf.zeros([1, 8, 8, 1]);
  assert.throws(() => ext.extract(gray as tf.Tensor4D, ['c1']), /tiny: images has shape \[1,8,8,1\]; expected \[N, H, W, 3\]/);
  const n = tf.memory().numTensors;
  ext.dispose();
  assert.equal(tf.memory().numTensors, n - 4, 'dispose frees the model (2 kernels, 2 biases)');
  assert.throws(() => ext.extract(x, ['c1']), /extract called after dispose/);
  tf.dispose([x, gray]);
});

/** An object shaped like a tfjs-converter GraphModel: node names on its executor, `execute` by node name. */
function fakeGraphModel(): GraphModelLike & { disposed: boolean } {
  const nodes: Record<string, (x: tf.Tensor) => tf.Tensor> = {
    input: (x) => x,
    'block1/Relu': (x) => tf.relu(x),
    'pool/Mean': (x) => tf.mean(tf.relu(x), [1, 2], true), // [N, 1, 1, 3]: flattened by the adapter
    'embed/MatMul': (x) => tf.concat([tf.mean(x, [1, 2]), tf.mean(x, [1, 2])], 1), // [N, 6]
  };
  return {
    disposed: false,
    executor: { graph: { nodes } },
    execute(input: tf.Tensor, names: string[]) {
      return names.map((n) => nodes[n](input));
    },
    dispose() {
      this.disposed = true;
    },
  } as GraphModelLike & { disposed: boolean };
}

test('a GraphModel is read by node name; unknown nodes are refused listing the graph\'s', () => {
  const model = fakeGraphModel();
  const spec = { name: 'graph', inputSize: 4, layers: { b1: 'block1/Relu' }, pooled: 'pool/Mean', descriptor: 'embed/MatMul' };
  assert.throws(() => extractorFromModel(model, { ...spec, pooled: 'pool/Max' }), /the graph has no node "pool\/Max" \(output 'pooled'\); its nodes are input, block1\/Relu, pool\/Mean, embed\/MatMul/);
  const n0 = tf.memory().numTensors;
  const ext = extractorFromModel(model, spec);
  assert.equal(ext.descriptorLength, 6, 'found by one forward pass');
  assert.equal(tf.memory().numTensors, n0, 'the probe pass leaks nothing');
  const x = tf.randomUniform([2, 4, 4, 3], -1, 1, 'float32', 9) as tf.Tensor4D;
  const out = ext.extract(x, ['b1', POOLED, DESCRIPTOR]);
  assert.deepEqual(out.b1.shape, [2, 4, 4, 3]);
  assert.deepEqual(out[POOLED].shape, [2, 3]);
  assert.deepEqual(out[DESCRIPTOR].shape, [2, 6]);
  tf.dispose([x, out]);
  ext.dispose();
  assert.ok(model.disposed);
  assert.equal(tf.memory().numTensors, n0);
});
