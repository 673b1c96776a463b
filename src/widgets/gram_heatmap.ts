/**
 * Gram matrices as heatmaps: the generated face's, the target's and their difference side by
 * side, channels grouped so that co-firing channels form visible blocks.
 */
import { tf } from '../lib/backend/tf';
import type { FeatureExtractor } from '../lib/face/extractor';
import { gramMatrix } from '../lib/losses/gram';
import { gramChannelOrder, type GramInput, gramRows, permuteGram } from '../lib/losses/gram_order';
import { assertKnownLayers } from '../lib/losses/style';
import type { Figure, PlotlyTrace } from './figure';
import { escapeHtml } from './html_escape';
import { imageBatch, type ImageInput } from './image_input';
import { gridAxes, subplotGrid, subplotTitle } from './subplot_grid';

/** Input of {@link gramHeatmapFigure}. */
export interface GramHeatmapInput {
  /** The generated face's Gram matrix [C, C] (or [1, C, C], or rows of numbers). */
  generated: GramInput;
  /** The target (real) face's Gram matrix, same size. */
  target: GramInput;
  /** Layer name, for titles. */
  layer: string;
  /**
   * Channel order for rows and columns: 'cluster' (default) = gramChannelOrder of the target,
   * 'network' = as the network has them, or an explicit permutation of 0..C−1.
   */
  order?: readonly number[] | 'cluster' | 'network';
}

const CELLS = subplotGrid(1, 3, { xGap: 0.07, top: 0.12 });
const PANEL_TITLES = ['generated', 'target', 'generated − target'];
/** Blue (generated below target) – white (equal) – red (above); ColorBrewer RdBu, 5 classes. */
const DIVERGING = [[0, '#2166ac'], [0.25, '#67a9cf'], [0.5, '#f7f7f7'], [0.75, '#ef8a62'], [1, '#b2182b']];
/** Above this many channels the axes drop their tick labels (hover still names both channels). */
const MAX_LABELLED_CHANNELS = 32;

interface LayerPanels {
  traces: PlotlyTrace[];
  annotations: Array<Record<string, unknown>>;
  axes: Record<string, unknown>;
  title: string;
}

function panelsFor(input: GramHeatmapInput, where: string): LayerPanels {
  if (input === null || typeof input !== 'object') throw new Error(`${where} is ${input === null ? 'null' : typeof input}; expected { generated, target, layer, order? }`);
  if (typeof input.layer !== 'string' || input.layer === '') throw new Error(`${where}.layer is ${JSON.stringify(input.layer)}; expected a layer name`);
  const generated = gramRows(input.generated, `${where}.generated`);
  const target = gramRows(input.target, `${where}.target`);
  if (generated.length !== target.length) {
    throw new Error(`${where}: generated is ${generated.length}×${generated.length} but target is ${target.length}×${target.length}; expected equal sizes`);
  }
  const c = target.length;
  const choice = input.order ?? 'cluster';
  if (choice !== 'cluster' && choice !== 'network' && !Array.isArray(choice)) {
    throw new Error(`${where}.order is ${JSON.stringify(choice)}; expected 'cluster', 'network' or a permutation of 0..${c - 1}`);
  }
  const order = choice === 'cluster' ? gramChannelOrder(target) : choice === 'network' ? Array.from({ length: c }, (_, i) => i) : [...choice];
  const g = permuteGram(generated, order);
  const t = permuteGram(target, order);
  const diff = g.map((row, i) => row.map((v, j) => v - t[i][j]));
  let zmin = Infinity;
  let zmax = -Infinity;
  for (const m of [g, t]) for (const row of m) for (const v of row) { zmin = Math.min(zmin, v); zmax = Math.max(zmax, v); }
  if (zmin === zmax) zmax = zmin + 1;
  let spread = 0;
  for (const row of diff) for (const v of row) spread = Math.max(spread, Math.abs(v));
  if (spread === 0) spread = 1;
  const labels = order.map(String);
  const layer = escapeHtml(input.layer);
  const base = { type: 'heatmap', x: labels, y: labels, hovertemplate: 'channels %{y} × %{x}: %{z:.4g}<extra>%{meta}</extra>' };
  const traces: PlotlyTrace[] = [
    { ...base, z: g, xaxis: CELLS[0].xaxis, yaxis: CELLS[0].yaxis, zmin, zmax, colorscale: 'Viridis', showscale: false, name: `${layer} generated`, meta: 'generated' },
    { ...base, z: t, xaxis: CELLS[1].xaxis, yaxis: CELLS[1].yaxis, zmin, zmax, colorscale: 'Viridis', showscale: true, colorbar: { x: 0.655, len: 0.85, thickness: 12 }, name: `${layer} target`, meta: 'target' },
    { ...base, z: diff, xaxis: CELLS[2].xaxis, yaxis: CELLS[2].yaxis, zmin: -spread, zmax: spread, zmid: 0, colorscale: DIVERGING, showscale: true, colorbar: { x: 1.0, len: 0.85, thickness: 12 }, name: `${layer} generated − target`, meta: 'difference' },
  ];
  const tick = c <= MAX_LABELLED_CHANNELS;
  const axes: Record<string, unknown> = {};
  for (const cell of CELLS) {
    axes[`${cell.xKey}.categoryarray`] = labels;
    axes[`${cell.yKey}.categoryarray`] = labels;
    axes[`${cell.xKey}.showticklabels`] = tick;
    axes[`${cell.yKey}.showticklabels`] = tick;
  }
  return {
    traces,
    annotations: CELLS.map((cell, i) => subplotTitle(cell, PANEL_TITLES[i])),
    axes,
    title: `Gram matrices · ${layer} (${c} channels${choice === 'network' ? '' : ', grouped by the target'})`,
  };
}

/** Layout of the three panels; per-axis settings from `axes` ('xaxis2.categoryarray' style keys). */
function layoutFor(panels: LayerPanels): Record<string, unknown> {
  const layout: Record<string, unknown> = {
    ...gridAxes(CELLS, { type: 'category', categoryorder: 'array', constrain: 'domain', tickfont: { size: 9 } }, { type: 'category', categoryorder: 'array', autorange: 'reversed', constrain: 'domain', tickfont: { size: 9 } }),
    height: 420,
    margin: { t: 80, r: 40, b: 40, l: 40 },
    title: { text: panels.title },
    annotations: panels.annotations,
  };
  CELLS.forEach((cell) => {
    (layout[cell.yKey] as Record<string, unknown>).scaleanchor = cell.xaxis;
  });
  for (const [key, value] of Object.entries(panels.axes)) {
    const [axis, attribute] = key.split('.');
    (layout[axis] as Record<string, unknown>)[attribute] = value;
  }
  return layout;
}

/**
 * Three heatmaps of one layer's Gram matrices: generated | target | generated − target. The first
 * two share one colour range (zmin/zmax = min/max over both matrices, one colour bar); the
 * difference uses a diverging scale symmetric around 0. Rows and columns follow `order` (by
 * default gramChannelOrder of the target, so the target shows blocks and the generated face is
 * compared cell by cell); axis labels name the original channels.
 *
 * @example
 * const [gFake, gReal] = [gramMatrix(fakeMap), gramMatrix(realMap)];
 * show(gramHeatmapFigure({ generated: gFake, target: gReal, layer: 'conv32_down' }));
 */
export function gramHeatmapFigure(input: GramHeatmapInput): Figure {
  const panels = panelsFor(input, 'gramHeatmapFigure: input');
  return { data: panels.traces, layout: layoutFor(panels) };
}

/** Options of {@link gramHeatmapsByLayer}. */
export interface GramLayersOptions {
  /** Channel order per layer, as in {@link GramHeatmapInput.order}; default 'cluster'. */
  order?: 'cluster' | 'network';
}

/**
 * Gram heatmaps (see {@link gramHeatmapFigure}) of several layers in one figure, with a dropdown
 * that picks the layer. Runs the extractor once per image; no tensors are left behind.
 *
 * @example
 * show(gramHeatmapsByLayer(faceNet, generatedFace, realFace, ['conv32_down', 'conv64_down']));
 */
export function gramHeatmapsByLayer(extractor: FeatureExtractor, generatedImage: ImageInput, targetImage: ImageInput, layers: readonly string[], options: GramLayersOptions = {}): Figure {
  if (extractor === null || typeof extractor !== 'object' || typeof extractor.extract !== 'function') {
    throw new Error(`gramHeatmapsByLayer: extractor is ${extractor === null ? 'null' : typeof extractor}; expected a FeatureExtractor`);
  }
  assertKnownLayers(extractor, layers, 'gramHeatmapsByLayer: layers');
  const grams = tf.tidy(() => {
    const pick = (image: ImageInput, name: string) => {
      const batch = imageBatch(image, `gramHeatmapsByLayer: ${name}`);
      const maps = extractor.extract(batch, layers);
      return layers.map((layer) => gramMatrix(maps[layer] as tf.Tensor4D).arraySync()[0]);
    };
    return { generated: pick(generatedImage, 'generatedImage'), target: pick(targetImage, 'targetImage') };
  });
  const panels = layers.map((layer, k) => panelsFor({ generated: grams.generated[k], target: grams.target[k], layer, order: options.order }, `gramHeatmapsByLayer: layer ${layer}`));
  const data = panels.flatMap((p, k) => p.traces.map((t) => ({ ...t, visible: k === 0 })));
  const layout = layoutFor(panels[0]);
  if (layers.length > 1) {
    layout.margin = { t: 110, r: 40, b: 40, l: 40 };
    layout.updatemenus = [
      {
        type: 'dropdown', x: 0, xanchor: 'left', y: 1.18, yanchor: 'bottom', active: 0,
        buttons: panels.map((p, k) => ({
          label: escapeHtml(layers[k]),
          method: 'update',
          args: [{ visible: data.map((_, i) => Math.floor(i / 3) === k) }, { 'title.text': p.title, ...p.axes }],
        })),
      },
    ];
  }
  return { data, layout };
}
