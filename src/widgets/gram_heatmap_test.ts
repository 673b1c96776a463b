import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../lib/backend/tf';
import { initBackend } from '../lib/backend/select';
import { gramMatrix } from '../lib/losses/gram';
import { gramChannelOrder, permuteGram } from '../lib/losses/gram_order';
import { tinyExtractor } from '../lib/losses/extractor_test_util';
import { gramHeatmapFigure, gramHeatmapsByLayer } from './gram_heatmap';
import { figureHtml } from './plotly_html';
import { tagProblems } from './html_test_util';

before(async () => {
  await initBackend({ backend: 'wasm' });
});

test('generated and target share zmin/zmax = min/max over both; the difference is symmetric around 0', () => {
  const fig = gramHeatmapFigure({ generated: [[1, 2], [2, 5]], target: [[4, 0], [0, 1]], layer: 'conv1', order: 'network' });
  const [g, t, d] = fig.data;
  assert.deepEqual(g.z, [[1, 2], [2, 5]]);
  assert.deepEqual(t.z, [[4, 0], [0, 1]]);
  assert.deepEqual([g.zmin, g.zmax], [0, 5]);
  assert.deepEqual([t.zmin, t.zmax], [0, 5]);
  assert.equal(g.colorscale, t.colorscale);
  // generated − target = [[−3, 2], [2, 4]]: range ±4
  assert.deepEqual(d.z, [[-3, 2], [2, 4]]);
  assert.deepEqual([d.zmin, d.zmax, d.zmid], [-4, 4, 0]);
  const scale = d.colorscale as Array<[number, string]>;
  assert.equal(scale[2][0], 0.5);
  assert.equal(scale[2][1], '#f7f7f7', 'zero difference is white');
  assert.deepEqual(fig.data.map((tr) => [tr.xaxis, tr.yaxis]), [['x', 'y'], ['x2', 'y2'], ['x3', 'y3']]);
  const layout = fig.layout as Record<string, any>;
  assert.equal(layout.yaxis.autorange, 'reversed');
  assert.deepEqual(layout.annotations.map((a: { text: string }) => a.text), ['generated', 'target', 'generated − target']);
});

test('channels are reordered by gramChannelOrder of the target, for both matrices', () => {
  const target = [[4, 0, 4, 0], [0, 1, 0, 1], [4, 0, 4, 0], [0, 1, 0, 1]];
  const generated = Array.from({ length: 4 }, (_, i) => Array.from({ length: 4 }, (_, j) => 10 * i + j));
  const inputs = { generated: tf.tensor2d(generated), target: tf.tensor3d([target]) };
  const before = tf.memory().numTensors;
  const fig = gramHeatmapFigure({ ...inputs, layer: 'l' });
  assert.equal(tf.memory().numTensors, before);
  tf.dispose(Object.values(inputs));
  // gramChannelOrder(target) = [0, 2, 1, 3]
  assert.deepEqual(fig.data[0].x, ['0', '2', '1', '3']);
  assert.deepEqual(fig.data[1].z, [[4, 4, 0, 0], [4, 4, 0, 0], [0, 0, 1, 1], [0, 0, 1, 1]]);
  assert.deepEqual(fig.data[0].z, [[0, 2, 1, 3], [20, 22, 21, 23], [10, 12, 11, 13], [30, 32, 31, 33]]);
  assert.deepEqual((fig.layout as any).xaxis2.categoryarray, ['0', '2', '1', '3']);
  const explicit = gramHeatmapFigure({ generated, target, layer: 'l', order: [3, 2, 1, 0] });
  assert.deepEqual(explicit.data[0].z, [[33, 32, 31, 30], [23, 22, 21, 20], [13, 12, 11, 10], [3, 2, 1, 0]]);
});

test('layer names are escaped and the HTML is well-formed', () => {
  const fig = gramHeatmapFigure({ generated: [[1]], target: [[2]], layer: '</script><b>x' });
  assert.match((fig.layout as any).title.text, /^Gram matrices · &lt;\/script&gt;&lt;b&gt;x/);
  const html = figureHtml(fig, { includePlotly: 'never' });
  assert.deepEqual(tagProblems(html), []);
  assert.ok(!html.includes('</script><b>'));
});

test('gramHeatmapsByLayer draws each layer with a dropdown and leaves no tensors behind', () => {
  const net = tinyExtractor(16);
  const fake = tf.randomUniform([1, 16, 16, 3], -1, 1, 'float32', 1) as tf.Tensor4D;
  const real = tf.randomUniform([16, 16, 3], -1, 1, 'float32', 2) as tf.Tensor3D;
  const before = tf.memory().numTensors;
  const fig = gramHeatmapsByLayer(net, fake, real, ['conv1', 'conv2']);
  assert.equal(tf.memory().numTensors, before);
  assert.equal(fig.data.length, 6);
  assert.deepEqual(fig.data.map((t) => t.visible), [true, true, true, false, false, false]);
  const menu = (fig.layout as any).updatemenus[0];
  assert.deepEqual(menu.buttons.map((b: any) => b.label), ['conv1', 'conv2']);
  assert.deepEqual(menu.buttons[1].args[0].visible, [false, false, false, true, true, true]);
  // conv2's target panel is the real image's Gram, in its own cluster order.
  const expected = tf.tidy(() => gramMatrix(net.extract(real.expandDims(0) as tf.Tensor4D, ['conv2']).conv2 as tf.Tensor4D).arraySync()[0]);
  const order = gramChannelOrder(expected);
  const z = fig.data[4].z as number[][];
  const want = permuteGram(expected, order);
  assert.equal(z.length, 8);
  z.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - want[i][j]) < 1e-6)));
  assert.deepEqual(menu.buttons[1].args[1]['xaxis.categoryarray'], order.map(String));
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([fake, real]);
  net.dispose();
});

test('gram heatmaps reject bad input', () => {
  assert.throws(() => gramHeatmapFigure({ generated: [[1, 2], [3, 4]], target: [[1]], layer: 'a' }), /gramHeatmapFigure: input: generated is 2×2 but target is 1×1; expected equal sizes/);
  assert.throws(() => gramHeatmapFigure({ generated: [[1]], target: [[1]], layer: '' }), /gramHeatmapFigure: input.layer is ""; expected a layer name/);
  assert.throws(() => gramHeatmapFigure({ generated: [[1]], target: [[1]], layer: 'a', order: 'sorted' as never }), /input.order is "sorted"; expected 'cluster', 'network' or a permutation of 0..0/);
  assert.throws(() => gramHeatmapFigure({ generated: [[1, 2], [3, 4]], target: [[1, 2], [3, 4]], layer: 'a', order: [0, 0] }), /permuteGram: order \[0,0\] is not a permutation/);
  assert.throws(() => gramHeatmapFigure({ generated: [[1, NaN], [3, 4]], target: [[1, 2], [3, 4]], layer: 'a' }), /input.generated\[0\]\[1\] is NaN; expected a finite number/);
  const net = tinyExtractor(8);
  const img = tf.zeros([1, 8, 8, 3]) as tf.Tensor4D;
  assert.throws(() => gramHeatmapsByLayer(net, img, img, ['conv9']), /gramHeatmapsByLayer: layers: unknown layer "conv9"; known layers of tiny-test: conv1, conv2/);
  assert.throws(() => gramHeatmapsByLayer(net, tf.zeros([2, 8, 8, 3]) as tf.Tensor4D, img, ['conv1']), /gramHeatmapsByLayer: generatedImage has shape \[2,8,8,3\]; expected one RGB image/);
  assert.throws(() => gramHeatmapsByLayer(null as never, img, img, ['conv1']), /gramHeatmapsByLayer: extractor is null; expected a FeatureExtractor/);
  img.dispose();
  net.dispose();
});
