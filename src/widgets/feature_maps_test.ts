import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../lib/backend/tf';
import { initBackend } from '../lib/backend/select';
import { createRgb } from '../lib/data/image_io';
import { tinyExtractor } from '../lib/losses/extractor_test_util';
import { featureMapsFigure } from './feature_maps';

before(async () => {
  await initBackend({ backend: 'wasm' });
});

test('featureMapsFigure draws the first channels of a layer as heatmaps of its values', () => {
  const net = tinyExtractor(8);
  const image = tf.randomUniform([1, 8, 8, 3], -1, 1, 'float32', 3) as tf.Tensor4D;
  const map = net.extract(image, ['conv2']).conv2; // [1, 4, 4, 8]
  const values = map.arraySync() as number[][][][];
  const before = tf.memory().numTensors;
  const fig = featureMapsFigure(net, image, 'conv2', { channels: 5 });
  assert.equal(tf.memory().numTensors, before);
  assert.equal(fig.data.length, 5);
  assert.deepEqual(fig.data.map((t) => t.name), ['channel 0', 'channel 1', 'channel 2', 'channel 3', 'channel 4']);
  const z = fig.data[3].z as number[][];
  assert.equal(z.length, 4);
  z.forEach((row, y) => row.forEach((v, x) => assert.ok(Math.abs(v - values[0][y][x][3]) < 1e-6)));
  // 5 channels: 3 per row, 2 rows.
  assert.deepEqual(fig.data.map((t) => t.xaxis), ['x', 'x2', 'x3', 'x4', 'x5']);
  assert.equal((fig.layout as any).xaxis6, undefined);
  assert.match((fig.layout as any).title.text, /^conv2: 5 of 8 channels \(first\), 4×4$/);
  tf.dispose([image, map]);
  net.dispose();
});

test("pick 'active' takes the channels with the largest mean |activation|, strongest first", () => {
  const net = tinyExtractor(8);
  const image = createRgb(8, 8, [0.5, -0.2, 0.9]);
  const map = tf.tidy(() => tf.mean(tf.abs(net.extract(tf.tensor4d(image.data, [1, 8, 8, 3]), ['conv1']).conv1), [0, 1, 2]).arraySync() as number[]);
  const expected = map.map((v, k) => [v, k]).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, 2).map(([, k]) => `channel ${k}`);
  const fig = featureMapsFigure(net, image, 'conv1', { channels: 2, pick: 'active', columns: 2 });
  assert.deepEqual(fig.data.map((t) => t.name), expected);
  assert.equal(featureMapsFigure(net, image, 'conv1', { channels: 99 }).data.length, 4);
  net.dispose();
});

test('featureMapsFigure rejects bad arguments', () => {
  const net = tinyExtractor(8);
  const image = createRgb(8, 8);
  assert.throws(() => featureMapsFigure(net, image, 'pooled'), /featureMapsFigure: layer: unknown layer "pooled"; known layers of tiny-test: conv1, conv2/);
  assert.throws(() => featureMapsFigure(net, image, 'conv1', { channels: 0 }), /options.channels is 0; expected a positive integer/);
  assert.throws(() => featureMapsFigure(net, image, 'conv1', { pick: 'best' as never }), /options.pick is "best"; expected 'first' or 'active'/);
  assert.throws(() => featureMapsFigure(net, image, 'conv1', { columns: -1 }), /options.columns is -1/);
  assert.throws(() => featureMapsFigure(net, { width: 8 } as never, 'conv1'), /featureMapsFigure: image is object; expected an RgbImage/);
  net.dispose();
});
