/**
 * One loss term of every trial of a sweep, overlaid: one line per trial (click its legend entry
 * to hide or show it), a dropdown picks the term, buttons switch the y axis between linear and
 * log. Lines are EMA-smoothed lightly (weight 0.6 on the past).
 */
import type { SweepRecord, SweepTrialRecord } from '../lib/runs/read_sweep';
import type { StepMetrics } from '../lib/runs/run_files';
import { emaSmooth } from './ema';
import type { Figure, PlotlyTrace } from './figure';
import { escapeHtml } from './html_escape';
import { thinIndices } from './loss_curves';
import { trialLabel } from './sweep_dashboard_metrics';

/** Terms offered in the dropdown, in this order, when some trial recorded them. */
export const SWEEP_LOSS_TERMS = Object.freeze(['g/total', 'g/l1', 'g/adv', 'g/feature', 'g/style', 'd/total']);
/** EMA weight on the past used for the overlaid curves. */
export const SWEEP_LOSS_SMOOTHING = 0.6;
const MAX_POINTS = 1000;
const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const DASHES = ['solid', 'dash', 'dot', 'dashdot'];
const NOT_TERMS = new Set(['step', 'lr', 'ms']);

/**
 * The loss terms recorded by any trial: the usual ones ({@link SWEEP_LOSS_TERMS}) first, then `extra` if recorded.
 *
 * @example
 * recordedTerms(sweep.trials);   // ['g/total', 'g/l1', 'g/adv', 'd/total']
 */
export function recordedTerms(trials: readonly SweepTrialRecord[], extra?: string): string[] {
  const seen = new Set<string>();
  for (const t of trials) for (const m of t.run.metrics) for (const k of Object.keys(m)) if (!NOT_TERMS.has(k)) seen.add(k);
  const terms = SWEEP_LOSS_TERMS.filter((t) => seen.has(t));
  if (extra !== undefined && seen.has(extra) && !terms.includes(extra)) terms.push(extra);
  return terms;
}

/** Steps and smoothed values of `term` in one run's metrics (thinned to at most MAX_POINTS). */
function termSeries(metrics: readonly StepMetrics[], term: string): { x: number[]; y: Array<number | null> } {
  const rows = metrics.filter((m) => term in m);
  const smooth = emaSmooth(rows.map((m) => m[term]), SWEEP_LOSS_SMOOTHING);
  const keep = thinIndices(rows.length, MAX_POINTS);
  return { x: keep.map((i) => rows[i].step), y: keep.map((i) => (Number.isFinite(smooth[i]) ? Number(smooth[i].toPrecision(6)) : null)) };
}

/**
 * The overlaid loss curves of the sweep's trials that recorded any step, or null when none has.
 * `term` (default 'g/total', else the first recorded) is shown first; the dropdown offers every
 * recorded term of {@link SWEEP_LOSS_TERMS}. A `term` no trial recorded throws, listing the
 * recorded ones.
 *
 * @example
 * show(sweepLossCurvesFigure(await readSweepFolder('runs/loss-weights'), 'g/l1')!);
 */
export function sweepLossCurvesFigure(sweep: SweepRecord, term?: string): Figure | null {
  const trials = sweep.trials.filter((t) => t.run.metrics.length > 0);
  const terms = recordedTerms(trials, term);
  if (terms.length === 0) return null;
  if (term !== undefined && !terms.includes(term)) {
    throw new Error(`sweep dashboard: term is ${JSON.stringify(term)}; expected a loss term the trials recorded: ${recordedTerms(trials).join(', ')}`);
  }
  const first = term ?? terms[0];
  const seriesByTerm = new Map(terms.map((name) => [name, trials.map((t) => termSeries(t.run.metrics, name))]));
  const shown = seriesByTerm.get(first)!;
  const data: PlotlyTrace[] = trials.map((t, i) => ({
    type: 'scatter', mode: 'lines', name: escapeHtml(trialLabel(t)), x: shown[i].x, y: shown[i].y,
    line: { color: COLORS[i % COLORS.length], dash: DASHES[Math.floor(i / COLORS.length) % DASHES.length], width: 2 },
    hovertemplate: `${escapeHtml(t.name)}: %{y:.4g} at step %{x}<extra></extra>`,
  }));
  const yTitle = (name: string) => escapeHtml(`${name} (EMA ${SWEEP_LOSS_SMOOTHING})`);
  return {
    data,
    layout: {
      title: { text: 'loss per trial', font: { size: 14 } },
      height: 420,
      margin: { t: 90, r: 20, b: 50, l: 70 },
      xaxis: { title: { text: 'step' } },
      yaxis: { title: { text: yTitle(first) }, type: 'linear', exponentformat: 'e' },
      legend: { font: { size: 11 } },
      hovermode: 'closest',
      updatemenus: [
        {
          type: 'dropdown', x: 0, xanchor: 'left', y: 1.22, yanchor: 'top', showactive: true, active: terms.indexOf(first),
          buttons: terms.map((name) => {
            const series = seriesByTerm.get(name)!;
            return { label: escapeHtml(name), method: 'update', args: [{ x: series.map((s) => s.x), y: series.map((s) => s.y) }, { 'yaxis.title.text': yTitle(name) }] };
          }),
        },
        {
          type: 'buttons', direction: 'left', x: 0.3, xanchor: 'left', y: 1.22, yanchor: 'top', showactive: true, active: 0,
          buttons: ['linear', 'log'].map((type) => ({ label: `${type} y`, method: 'relayout', args: [{ 'yaxis.type': type }] })),
        },
      ],
    },
  };
}
