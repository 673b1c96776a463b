/** The sweep dashboard's tables: every trial with its final metrics (best marked), and the trials not plotted with why. */
import type { SweepRecord, SweepTrialRecord } from '../lib/runs/read_sweep';
import { formatValue } from './figure_summary';
import { escapeHtml } from './html_escape';
import { DASHBOARD_METRICS, formatParam, metricValue, paramLabel, sweptParams, trialParam } from './sweep_dashboard_metrics';

const TABLE_STYLE = 'border-collapse:collapse;font:12px sans-serif;margin:6px 0';
const CELL = 'padding:2px 8px;border-bottom:1px solid #ddd;text-align:right';
const LEFT = 'padding:2px 8px;border-bottom:1px solid #ddd;text-align:left';
const STATE_COLORS: Record<string, string> = { done: '#2a7', running: '#27c', interrupted: '#c80', failed: '#c22', pending: '#888' };

/**
 * For each metric key, the best (highest) value among the trials, or null when none has it.
 *
 * @example
 * bestValues(sweep.trials, ['ssim', 'rank1']);   // { ssim: 0.44, rank1: 0.4 }
 */
export function bestValues(trials: readonly SweepTrialRecord[], keys: readonly string[]): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const key of keys) {
    const values = trials.map((t) => metricValue(t, key)).filter((v): v is number => v !== null);
    out[key] = values.length ? Math.max(...values) : null;
  }
  return out;
}

function stateCell(trial: SweepTrialRecord): string {
  return `<td style="${LEFT};color:${STATE_COLORS[trial.run.state] ?? '#000'}">${escapeHtml(trial.run.state)}</td>`;
}

/** Steps trained so far (the last metrics line) out of the spec's. */
function progress(trial: SweepTrialRecord): string {
  const last = trial.run.metrics.at(-1)?.step;
  const total = trial.run.spec?.steps;
  return `${last ?? 0}${total ? ` / ${total}` : ''}`;
}

/**
 * Every trial as a row: name, each swept parameter, state, steps, PSNR, SSIM, identity cosine,
 * Rank-1, Rank-10 (columns no trial measured are left out). The best value of each metric column
 * is bold and starred (higher is better for all). Text is escaped.
 *
 * @example
 * show(sweepSummaryTable(await readSweepFolder('runs/loss-weights')));
 */
export function sweepSummaryTable(sweep: SweepRecord): string {
  const params = sweptParams(sweep.trials);
  const metrics = DASHBOARD_METRICS.filter((m) => sweep.trials.some((t) => metricValue(t, m.key) !== null));
  const best = bestValues(sweep.trials, metrics.map((m) => m.key));
  const head = ['trial', ...params.map(paramLabel), 'state', 'steps', ...metrics.map((m) => m.label)]
    .map((h, i) => `<th style="${i === 0 ? LEFT : CELL}">${escapeHtml(h)}</th>`)
    .join('');
  const rows = sweep.trials.map((t) => {
    const cells = [
      `<td style="${LEFT}">${escapeHtml(t.name)}</td>`,
      ...params.map((p) => `<td style="${CELL}">${escapeHtml(formatParam(trialParam(t, p)))}</td>`),
      stateCell(t),
      `<td style="${CELL}">${escapeHtml(progress(t))}</td>`,
      ...metrics.map((m) => {
        const v = metricValue(t, m.key);
        const isBest = v !== null && v === best[m.key];
        return `<td style="${CELL}"${isBest ? ' class="ear2face-best" title="best in this column"' : ''}>${isBest ? `<b>${formatValue(v)} ★</b>` : formatValue(v)}</td>`;
      }),
    ];
    return `<tr>${cells.join('')}</tr>`;
  });
  const chance = sweep.trials.find((t) => t.run.final)?.run.final?.summary;
  const note = chance
    ? `<div style="color:#555;font:12px sans-serif">★ best per column (higher is better). Chance on ${chance.identities} held-out people: Rank-1 ${formatValue(chance.chanceRank1)}, Rank-10 ${formatValue(chance.chanceRank10)}.</div>`
    : '';
  return `<table class="ear2face-sweep-table" style="${TABLE_STYLE}"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>${note}`;
}

/** Why a trial has no final metrics, in a few words. */
function whyNotFinished(trial: SweepTrialRecord): string {
  const { run } = trial;
  const at = `step ${progress(trial)}`;
  switch (run.state) {
    case 'failed': {
      const tail = run.failure?.logTail.filter((l) => l.trim() !== '').at(-1);
      return `${run.failure?.reason ?? 'failed'} at ${at}${tail ? `: ${tail}` : ''}`;
    }
    case 'running':
      return `training, at ${at}`;
    case 'interrupted':
      return `stopped at ${at}; running the sweep again resumes it`;
    case 'pending':
      return 'not started';
    default:
      return 'final.json missing or unreadable';
  }
}

/**
 * The trials without final metrics (left out of the parallel-coordinates plot): name,
 * parameters, state and why (failure reason and last log line, progress, …); '' when every trial
 * finished.
 *
 * @example
 * show(unfinishedTrialsTable(await readSweepFolder('runs/loss-weights')));
 */
export function unfinishedTrialsTable(sweep: SweepRecord): string {
  const left = sweep.trials.filter((t) => t.run.final === null);
  if (left.length === 0) return '';
  const params = sweptParams(sweep.trials);
  const rows = left.map((t) => {
    const values = params.map((p) => `${paramLabel(p)} ${formatParam(trialParam(t, p))}`).join(', ');
    return `<tr><td style="${LEFT}">${escapeHtml(t.name)}</td><td style="${LEFT}">${escapeHtml(values)}</td>${stateCell(t)}<td style="${LEFT}">${escapeHtml(whyNotFinished(t))}</td></tr>`;
  });
  return (
    `<div style="font:12px sans-serif;margin-top:6px">Not in the plot (no final metrics):</div>` +
    `<table class="ear2face-sweep-unfinished" style="${TABLE_STYLE}"><thead><tr><th style="${LEFT}">trial</th><th style="${LEFT}">parameters</th><th style="${LEFT}">state</th><th style="${LEFT}">why</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}
