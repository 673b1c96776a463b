/** What the sweep dashboard shows of each trial: its parameters as text and its final metrics. */
import type { SweepTrialRecord } from '../lib/runs/read_sweep';
import type { RunSpec } from '../lib/runs/run_spec';
import type { ParamValue } from '../lib/sweep/sweep_files';

/** A final metric the dashboard plots and tabulates; higher is better for all of them. */
export interface DashboardMetric {
  /** The key in final.json's summary. */
  key: string;
  label: string;
}

/** The final metrics on the dashboard, in axis order. */
export const DASHBOARD_METRICS: readonly DashboardMetric[] = Object.freeze([
  { key: 'psnr', label: 'PSNR (dB)' },
  { key: 'ssim', label: 'SSIM' },
  { key: 'identityCosine', label: 'identity cosine' },
  { key: 'rank1', label: 'Rank-1' },
  { key: 'rank10', label: 'Rank-10' },
]);

/**
 * The label of a metric key: the dashboard's own, else the key itself.
 *
 * @example
 * metricLabel('rank1');        // 'Rank-1'
 * metricLabel('pixelRank1');   // 'pixelRank1'
 */
export function metricLabel(key: string): string {
  return DASHBOARD_METRICS.find((m) => m.key === key)?.label ?? key;
}

/**
 * The trial's final value of summary metric `key`, or null (no final.json, or not measured).
 *
 * @example
 * metricValue(sweep.trials[0], 'ssim');   // 0.41
 */
export function metricValue(trial: SweepTrialRecord, key: string): number | null {
  const v = (trial.run.final?.summary as unknown as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * A parameter path as a short label: loss weights become λ names.
 *
 * @example
 * paramLabel('weights.style');   // 'λ style'
 * paramLabel('ganMode');         // 'ganMode'
 */
export function paramLabel(path: string): string {
  return path.startsWith('weights.') ? `λ ${path.slice('weights.'.length)}` : path;
}

/**
 * A parameter value as short text: small numbers in exponent form, others with up to 6 digits.
 *
 * @example
 * formatParam(2e-4);      // '2e-4'
 * formatParam(1000);      // '1000'
 * formatParam('hinge');   // 'hinge'
 */
export function formatParam(value: ParamValue): string {
  if (typeof value !== 'number') return String(value);
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential().replace(/\.?0*e\+?/, 'e');
  return String(Number(value.toPrecision(6)));
}

/**
 * The swept parameter paths of the trials, in first-seen order.
 *
 * @example
 * sweptParams(sweep.trials);   // ['weights.feature', 'weights.style']
 */
export function sweptParams(trials: readonly SweepTrialRecord[]): string[] {
  const paths: string[] = [];
  for (const t of trials) for (const p of Object.keys(t.params)) if (!paths.includes(p)) paths.push(p);
  return paths;
}

/**
 * The trial's name and parameters as one line of plain text.
 *
 * @example
 * trialLabel(sweep.trials[1]);   // 'trial-001 (λ feature 0, λ style 1000)'
 */
export function trialLabel(trial: SweepTrialRecord): string {
  const params = Object.entries(trial.params).map(([p, v]) => `${paramLabel(p)} ${formatParam(v)}`);
  return params.length ? `${trial.name} (${params.join(', ')})` : trial.name;
}

/**
 * The value of parameter `path` for the trial: its own, else its spec's (a trial list may leave
 * a parameter at its default), else '?'.
 *
 * @example
 * trialParam(sweep.trials[0], 'weights.style');   // 1000
 */
export function trialParam(trial: SweepTrialRecord, path: string): ParamValue {
  if (path in trial.params) return trial.params[path];
  const spec = trial.run.spec as (RunSpec & Record<string, unknown>) | null;
  const v = path.startsWith('weights.') ? spec?.weights[path.slice('weights.'.length)] : spec?.[path];
  return typeof v === 'number' || typeof v === 'string' ? v : '?';
}
