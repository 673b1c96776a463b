/** One layer's feature maps for one image, as a grid of small heatmaps (for teaching). */
import { tf } from '../lib/backend/tf';
import type { FeatureExtractor } from '../lib/face/extractor';
import { assertKnownLayers } from '../lib/losses/style';
import type { Figure, PlotlyTrace } from './figure';
import { escapeHtml } from './html_escape';
import { imageBatch, type ImageInput } from './image_input';
import { gridAxes, subplotGrid, subplotTitle } from './subplot_grid';

/** Options of {@link featureMapsFigure}. */
export interface FeatureMapsOptions {
  /** How many channels to draw; default 16 (fewer if the layer has fewer). */
  channels?: number;
  /** 'first' (default): channels 0, 1, 2, …; 'active': the channels with the largest mean |activation|. */
  pick?: 'first' | 'active';
  /** Heatmaps per row; default ⌈√channels⌉. */
  columns?: number;
}

/**
 * Heatmaps of `channels` feature maps of `layer` for one image, each with its own colour range
 * (so weak channels still show their pattern), titled with the channel index and its mean
 * |activation|. Runs the extractor once; no tensors are left behind.
 *
 * @example
 * show(featureMapsFigure(faceNet, realFace, 'conv32_down', { channels: 12, pick: 'active' }));
 */
export function featureMapsFigure(extractor: FeatureExtractor, image: ImageInput, layer: string, options: FeatureMapsOptions = {}): Figure {
  if (extractor === null || typeof extractor !== 'object' || typeof extractor.extract !== 'function') {
    throw new Error(`featureMapsFigure: extractor is ${extractor === null ? 'null' : typeof extractor}; expected a FeatureExtractor`);
  }
  assertKnownLayers(extractor, [layer], 'featureMapsFigure: layer');
  const wanted = options.channels ?? 16;
  if (!Number.isInteger(wanted) || wanted < 1) throw new Error(`featureMapsFigure: options.channels is ${wanted}; expected a positive integer`);
  const pick = options.pick ?? 'first';
  if (pick !== 'first' && pick !== 'active') throw new Error(`featureMapsFigure: options.pick is ${JSON.stringify(pick)}; expected 'first' or 'active'`);
  if (options.columns !== undefined && (!Number.isInteger(options.columns) || options.columns < 1)) {
    throw new Error(`featureMapsFigure: options.columns is ${options.columns}; expected a positive integer`);
  }
  const { values, shape } = tf.tidy(() => {
    const batch = imageBatch(image, 'featureMapsFigure: image');
    const map = extractor.extract(batch, [layer])[layer];
    if (map.rank !== 4) throw new Error(`featureMapsFigure: layer ${layer} gives shape [${map.shape}]; expected a spatial map [1, H, W, C]`);
    return { values: map.dataSync().slice(), shape: map.shape as number[] };
  });
  const [, h, w, c] = shape;
  const meanAbs = Array.from({ length: c }, (_, k) => {
    let sum = 0;
    for (let p = 0; p < h * w; p++) sum += Math.abs(values[p * c + k]);
    return sum / (h * w);
  });
  const n = Math.min(wanted, c);
  const all = Array.from({ length: c }, (_, k) => k);
  const chosen = pick === 'first' ? all.slice(0, n) : all.sort((a, b) => meanAbs[b] - meanAbs[a] || a - b).slice(0, n);
  const cols = Math.min(n, options.columns ?? Math.ceil(Math.sqrt(n)));
  const rows = Math.ceil(n / cols);
  const cells = subplotGrid(rows, cols, { xGap: 0.02, yGap: 0.2 / rows + 0.02, top: 0.1 / rows + 0.02 });
  const data: PlotlyTrace[] = chosen.map((k, i) => {
    const z = Array.from({ length: h }, (_, y) => Array.from({ length: w }, (_, x) => values[(y * w + x) * c + k]));
    return {
      type: 'heatmap', z, xaxis: cells[i].xaxis, yaxis: cells[i].yaxis, colorscale: 'Viridis', showscale: false,
      name: `channel ${k}`, hovertemplate: `channel ${k} (x %{x}, y %{y}): %{z:.3g}<extra></extra>`,
    };
  });
  const used = cells.slice(0, n);
  const layout: Record<string, unknown> = {
    ...gridAxes(used, { visible: false, constrain: 'domain' }, { visible: false, autorange: 'reversed', constrain: 'domain' }),
    title: { text: escapeHtml(`${layer}: ${n} of ${c} channels (${pick === 'first' ? 'first' : 'most active'}), ${w}×${h}`) },
    height: 80 + 170 * rows,
    margin: { t: 70, r: 10, b: 10, l: 10 },
    annotations: chosen.map((k, i) => subplotTitle(used[i], `ch ${k} · ${meanAbs[k].toPrecision(2)}`)),
  };
  used.forEach((cell) => {
    (layout[cell.yKey] as Record<string, unknown>).scaleanchor = cell.xaxis;
  });
  return { data, layout };
}
