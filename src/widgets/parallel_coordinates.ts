/**
 * The sweep's parallel-coordinates plot: one vertical axis per swept parameter, then the final
 * metrics; one line per finished trial, coloured by a chosen metric (a dropdown recolours in the
 * page).
 */
import type { SweepRecord, SweepTrialRecord } from '../lib/runs/read_sweep';
import type { Figure } from './figure';
import { escapeHtml } from './html_escape';
import { paramAxis, type ParcoordsDimension } from './parallel_coordinates_axis';
import { DASHBOARD_METRICS, metricLabel, metricValue, paramLabel, sweptParams, trialParam } from './sweep_dashboard_metrics';

/** Options of {@link parallelCoordinatesFigure}. */
export interface ParallelCoordinatesOptions {
  /** The final metric (a key of final.json's summary) that colours the lines; default 'rank1', or 'ssim' without descriptors. */
  colorBy?: string;
}

/**
 * The trials drawn in the plot: those with final metrics.
 *
 * @example
 * plottedTrials(sweep).map((t) => t.name);   // ['trial-000', 'trial-002']
 */
export function plottedTrials(sweep: SweepRecord): SweepTrialRecord[] {
  return sweep.trials.filter((t) => t.run.final !== null);
}

/**
 * Summary keys that every plotted trial has as a number (the metrics lines can be coloured by).
 *
 * @example
 * colorableMetrics(plottedTrials(sweep));   // ['psnr', 'ssim', 'identityCosine', 'rank1', 'rank10', 'pixelRank1', …]
 */
export function colorableMetrics(trials: readonly SweepTrialRecord[]): string[] {
  if (trials.length === 0) return [];
  const keys = Object.keys(trials[0].run.final?.summary ?? {});
  const common = keys.filter((k) => trials.every((t) => metricValue(t, k) !== null));
  const shown = DASHBOARD_METRICS.map((m) => m.key).filter((k) => common.includes(k));
  return [...shown, ...common.filter((k) => !shown.includes(k))];
}

/**
 * The metric the lines are coloured by: `wanted` if every plotted trial has it, else an error
 * listing the choices; without `wanted`, 'rank1' when measured, else 'ssim'.
 *
 * @example
 * chooseColorMetric(plottedTrials(sweep), undefined);   // 'rank1'
 */
export function chooseColorMetric(trials: readonly SweepTrialRecord[], wanted: string | undefined): string {
  const available = colorableMetrics(trials);
  if (wanted !== undefined) {
    if (typeof wanted !== 'string' || !available.includes(wanted)) {
      throw new Error(`sweep dashboard: colorBy is ${JSON.stringify(wanted)}; expected a final metric every finished trial has: ${available.join(', ') || '(no finished trials)'}`);
    }
    return wanted;
  }
  return available.includes('rank1') ? 'rank1' : 'ssim';
}

function colorLine(values: number[], key: string): Record<string, unknown> {
  return { color: values, colorscale: 'Viridis', showscale: true, colorbar: { title: { text: escapeHtml(metricLabel(key)) }, thickness: 14 } };
}

/**
 * The parallel-coordinates figure of the sweep's finished trials, or null when none has
 * finished. Axes: each swept parameter (λ on log10 scale with real-value ticks and 'off' for 0,
 * categories as labelled integers), then PSNR, SSIM, identity cosine, Rank-1 and Rank-10 (those
 * every finished trial has). A dropdown switches the colouring metric in the page.
 *
 * @example
 * show(parallelCoordinatesFigure(await readSweepFolder('runs/loss-weights'), { colorBy: 'ssim' })!);
 */
export function parallelCoordinatesFigure(sweep: SweepRecord, options: ParallelCoordinatesOptions = {}): Figure | null {
  const trials = plottedTrials(sweep);
  if (trials.length === 0) return null;
  const colorBy = chooseColorMetric(trials, options.colorBy);
  const dimensions: ParcoordsDimension[] = sweptParams(sweep.trials).map((path) => paramAxis(path, paramLabel(path), trials.map((t) => trialParam(t, path))));
  const axisMetrics = DASHBOARD_METRICS.filter((m) => trials.every((t) => metricValue(t, m.key) !== null));
  for (const m of axisMetrics) {
    const values = trials.map((t) => metricValue(t, m.key) as number);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    // 3 significant digits on the ticks and the range ends (plotly prints those in full otherwise).
    const dim: ParcoordsDimension = { label: escapeHtml(m.label), values, tickformat: '.3~g' };
    if (lo === hi) dim.range = [lo - (lo !== 0 ? Math.abs(lo) / 2 : 1), hi + (hi !== 0 ? Math.abs(hi) / 2 : 1)];
    dimensions.push(dim);
  }
  const menuKeys = [...axisMetrics.map((m) => m.key)];
  if (!menuKeys.includes(colorBy)) menuKeys.push(colorBy);
  const valuesOf = (key: string) => trials.map((t) => metricValue(t, key) as number);
  return {
    data: [{ type: 'parcoords', dimensions, line: colorLine(valuesOf(colorBy), colorBy), labelangle: 0, labelside: 'top' }],
    layout: {
      title: { text: escapeHtml(`${trials.length} finished trial${trials.length === 1 ? '' : 's'}: parameters → final metrics`), font: { size: 14 } },
      height: 440,
      margin: { t: 110, r: 90, b: 30, l: 70 },
      updatemenus: [
        {
          type: 'dropdown', x: 1, xanchor: 'right', y: 1.3, yanchor: 'top', showactive: true,
          active: menuKeys.indexOf(colorBy),
          buttons: menuKeys.map((key) => ({
            label: escapeHtml(`colour: ${metricLabel(key)}`), method: 'restyle',
            args: [{ 'line.color': [valuesOf(key)], 'line.colorbar.title.text': escapeHtml(metricLabel(key)) }],
          })),
        },
      ],
    },
  };
}
