/**
 * Loss curves of one or more training runs: generator (G) and discriminator (D) terms in stacked
 * subplots, each term an EMA-smoothed bold line over its faint raw values.
 */
import { emaSmooth } from './ema';
import type { Figure, PlotlyTrace } from './figure';
import { escapeHtml } from './html_escape';
import { assertLossRuns, type LossRuns, type LossSeries, lossSeries } from './loss_series';
import { gridAxes, subplotGrid, subplotTitle } from './subplot_grid';

/** Options of {@link lossCurvesFigure}. */
export interface LossCurveOptions {
  /** EMA weight on the past, 0 (none) … 0.99; default 0.6. */
  smoothing?: number;
  /** Start with a logarithmic y axis (a button switches); default false. */
  logY?: boolean;
  /**
   * Subplots by title, each listing its terms in order, e.g. `{ 'pixel + style': ['g/l1', 'g/style'] }`.
   * Default: 'generator (G)' = every 'g/…' term, 'discriminator (D)' = every 'd/…' term, 'other'
   * = the rest. Listed terms that no run has recorded (yet) are left out.
   */
  groups?: Record<string, readonly string[]>;
  /**
   * A slider that re-smooths the curves in the page (EMA 0 … 0.99). Each slider position carries
   * its own copy of the smoothed values, so 'auto' (default) adds it only while the plotted points
   * times positions stay under 200 000.
   */
  smoothingSlider?: boolean | 'auto';
  /** Longer series are thinned to about this many evenly spaced points per trace (always keeping the last); default 2000. */
  maxPointsPerTrace?: number;
  /** Figure title (plain text). */
  title?: string;
}

/** Default groups: generator terms, discriminator terms, anything else. */
const DEFAULT_GROUPS: Array<[string, (term: string) => boolean]> = [
  ['generator (G)', (t) => t.startsWith('g/')],
  ['discriminator (D)', (t) => t.startsWith('d/')],
  ['other', (t) => !t.startsWith('g/') && !t.startsWith('d/')],
];

/** Plotly's default colour cycle (D3 category10): one colour per term. */
const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
/** One dash style per run. */
const DASHES = ['solid', 'dash', 'dot', 'dashdot', 'longdash', 'longdashdot'];
/** Slider positions (the chosen smoothing is added when missing). */
const SLIDER_SMOOTHINGS = [0, 0.3, 0.6, 0.8, 0.9, 0.95, 0.99];
const SLIDER_VALUE_BUDGET = 200_000;
/** Loss values go into the figure with 6 significant digits: plenty to draw, half the JSON. */
function plotValue(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(6)) : v;
}

/** Keeps zoom, legend clicks and axis type across `Plotly.react` updates of a live plot. */
export const LOSS_UIREVISION = 'ear2face-loss-curves';

interface Group {
  title: string;
  terms: string[];
}

function checkOptions(options: LossCurveOptions): Required<Pick<LossCurveOptions, 'smoothing' | 'logY' | 'maxPointsPerTrace'>> {
  const smoothing = options.smoothing ?? 0.6;
  if (typeof smoothing !== 'number' || !(smoothing >= 0 && smoothing <= 0.99)) {
    throw new Error(`lossCurvesFigure: options.smoothing is ${smoothing}; expected a number in [0, 0.99]`);
  }
  const maxPointsPerTrace = options.maxPointsPerTrace ?? 2000;
  if (!Number.isInteger(maxPointsPerTrace) || maxPointsPerTrace < 2) {
    throw new Error(`lossCurvesFigure: options.maxPointsPerTrace is ${maxPointsPerTrace}; expected an integer ≥ 2`);
  }
  if (options.groups !== undefined) {
    const g = options.groups;
    if (g === null || typeof g !== 'object' || Array.isArray(g)) throw new Error(`lossCurvesFigure: options.groups is ${JSON.stringify(g)}; expected { title: termNames[] }`);
    for (const [title, terms] of Object.entries(g)) {
      if (!Array.isArray(terms) || terms.some((t) => typeof t !== 'string')) {
        throw new Error(`lossCurvesFigure: options.groups[${JSON.stringify(title)}] is ${JSON.stringify(terms)}; expected an array of term names`);
      }
    }
  }
  const slider = options.smoothingSlider ?? 'auto';
  if (slider !== 'auto' && typeof slider !== 'boolean') throw new Error(`lossCurvesFigure: options.smoothingSlider is ${JSON.stringify(slider)}; expected true, false or 'auto'`);
  return { smoothing, logY: options.logY === true, maxPointsPerTrace };
}

function groupsOf(series: LossSeries[], groups: LossCurveOptions['groups']): Group[] {
  const terms: string[] = [];
  for (const s of series) if (!terms.includes(s.term)) terms.push(s.term);
  const found = groups
    ? Object.entries(groups).map(([title, listed]) => ({ title, terms: listed.filter((t) => terms.includes(t)) }))
    : DEFAULT_GROUPS.map(([title, belongs]) => ({ title, terms: terms.filter(belongs) }));
  return found.filter((g) => g.terms.length > 0);
}

/**
 * Indices of at most `max` (≥ 2) evenly spaced points of a series, always the first and last.
 *
 * @example
 * thinIndices(10, 4);   // [0, 3, 6, 9]
 */
export function thinIndices(length: number, max: number): number[] {
  const stride = length <= max ? 1 : Math.ceil((length - 1) / (max - 1));
  const out: number[] = [];
  for (let i = 0; i < length; i += stride) out.push(i);
  if (length > 0 && out[out.length - 1] !== length - 1) out.push(length - 1);
  return out;
}

function emptyFigure(title: string | undefined): Figure {
  return {
    data: [],
    layout: {
      title: title ? { text: escapeHtml(title) } : undefined,
      height: 260,
      xaxis: { visible: false },
      yaxis: { visible: false },
      annotations: [{ text: 'no steps yet', xref: 'paper', yref: 'paper', x: 0.5, y: 0.5, showarrow: false, font: { size: 16, color: '#888' } }],
      uirevision: LOSS_UIREVISION,
    },
  };
}

/**
 * Loss curves of one or more runs as a plotly figure. One subplot per group (default G terms
 * above D terms, sharing the step axis); per run and term a bold EMA-smoothed line over the faint
 * raw values. Colour = term, dash = run. The legend groups traces by run: clicking a run's title
 * hides or shows the whole run, clicking a term hides or shows that term's smoothed line. Buttons
 * switch the y axes between linear and log; a slider re-smooths in the page (see
 * {@link LossCurveOptions.smoothingSlider}). Values are drawn with 6 significant digits;
 * non-finite values are gaps. With no steps at all the
 * figure says "no steps yet".
 *
 * @example
 * show(lossCurvesFigure({ baseline: historyA, 'style ×10': historyB }, { smoothing: 0.8, logY: true }));
 */
export function lossCurvesFigure(runs: LossRuns, options: LossCurveOptions = {}): Figure {
  assertLossRuns(runs, 'lossCurvesFigure: runs');
  const { smoothing, logY, maxPointsPerTrace } = checkOptions(options);
  const series = lossSeries(runs).filter((s) => s.values.length > 0);
  const groups = groupsOf(series, options.groups);
  if (groups.length === 0) return emptyFigure(options.title);

  const cells = subplotGrid(groups.length, 1, { yGap: 0.12 / groups.length + 0.04, top: 0.06 });
  const runNames = Object.keys(runs);
  const termColor = new Map<string, string>();
  for (const s of series) if (!termColor.has(s.term)) termColor.set(s.term, COLORS[termColor.size % COLORS.length]);

  const data: PlotlyTrace[] = [];
  const smoothedTraces: Array<{ index: number; values: number[]; keep: number[] }> = [];
  groups.forEach((group, g) => {
    const cell = cells[g];
    for (const term of group.terms) {
      for (const s of series.filter((x) => x.term === term)) {
        const keep = thinIndices(s.values.length, maxPointsPerTrace);
        const x = keep.map((i) => s.steps[i]);
        const color = termColor.get(term);
        const dash = DASHES[runNames.indexOf(s.run) % DASHES.length];
        const label = escapeHtml(`${s.run} · ${term}`);
        data.push({
          type: 'scatter', mode: 'lines', x, y: keep.map((i) => plotValue(s.values[i])),
          xaxis: cell.xaxis, yaxis: cell.yaxis, legendgroup: s.run, showlegend: false,
          name: `${escapeHtml(term)} (raw)`, line: { color, width: 1, dash }, opacity: 0.3, hoverinfo: 'skip',
        });
        smoothedTraces.push({ index: data.length, values: s.values, keep });
        const smooth = emaSmooth(s.values, smoothing);
        data.push({
          type: 'scatter', mode: 'lines', x, y: keep.map((i) => plotValue(smooth[i])),
          xaxis: cell.xaxis, yaxis: cell.yaxis, legendgroup: s.run, legendgrouptitle: { text: escapeHtml(s.run) },
          name: escapeHtml(term), meta: label, line: { color, width: 2.5, dash },
          hovertemplate: '%{meta}: %{y:.4g} at step %{x}<extra></extra>',
        });
      }
    }
  });
  const axisType = logY ? 'log' : 'linear';
  const layout: Record<string, unknown> = {
    ...gridAxes(cells, { title: { text: '' } }, { type: axisType, exponentformat: 'e' }),
    title: options.title ? { text: escapeHtml(options.title) } : undefined,
    height: 140 + 260 * groups.length,
    margin: { t: 70, r: 20, b: 50, l: 60 },
    legend: { groupclick: 'toggleitem', tracegroupgap: 12 },
    hovermode: 'closest',
    uirevision: LOSS_UIREVISION,
    annotations: groups.map((group, g) => subplotTitle(cells[g], escapeHtml(group.title))),
    updatemenus: [
      {
        type: 'buttons', direction: 'left', x: 0, xanchor: 'left', y: 1.0, yanchor: 'bottom', pad: { b: 24 }, showactive: true,
        active: logY ? 1 : 0,
        buttons: ['linear', 'log'].map((type) => ({
          label: `${type} y`, method: 'relayout', args: [Object.fromEntries(cells.map((c) => [`${c.yKey}.type`, type]))],
        })),
      },
    ],
  };
  // Every subplot shares the bottom subplot's step axis.
  const bottom = cells[cells.length - 1];
  for (const cell of cells) {
    const axis = layout[cell.xKey] as Record<string, unknown>;
    if (cell !== bottom) Object.assign(axis, { matches: bottom.xaxis, showticklabels: false });
    else axis.title = { text: 'step' };
  }
  const slider = sliderFor(smoothedTraces, smoothing, options.smoothingSlider ?? 'auto');
  if (slider) {
    layout.sliders = [slider];
    layout.margin = { ...(layout.margin as object), b: 130 };
    layout.height = (layout.height as number) + 80;
  }
  return { data, layout };
}

function sliderFor(traces: Array<{ index: number; values: number[]; keep: number[] }>, smoothing: number, wanted: boolean | 'auto'): Record<string, unknown> | null {
  if (wanted === false || traces.length === 0) return null;
  const positions = [...new Set([...SLIDER_SMOOTHINGS, smoothing])].sort((a, b) => a - b);
  const points = traces.reduce((n, t) => n + t.keep.length, 0);
  if (wanted === 'auto' && points * positions.length > SLIDER_VALUE_BUDGET) return null;
  const indices = traces.map((t) => t.index);
  return {
    active: positions.indexOf(smoothing),
    currentvalue: { prefix: 'smoothing ', xanchor: 'left' },
    pad: { t: 40 },
    steps: positions.map((s) => ({
      label: String(s),
      method: 'restyle',
      args: [{ y: traces.map((t) => { const smooth = emaSmooth(t.values, s); return t.keep.map((i) => plotValue(smooth[i])); }) }, indices],
    })),
  };
}
