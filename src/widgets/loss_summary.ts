/** A table of each run's loss terms: min, max and last value. */
import { formatValue } from './figure_summary';
import { escapeHtml } from './html_escape';
import { assertLossRuns, type LossRuns, lossSeries } from './loss_series';

/**
 * An HTML table with one row per run and term: steps recorded, min, max (over finite values)
 * and the last value ('–' when not finite). Run and term names are escaped. With no steps at all
 * it is a "no steps yet" paragraph.
 *
 * @example
 * lossSummaryTable({ baseline: trainer.history });
 * // '<table class="ear2face-summary"><thead>…<tr><td>baseline</td><td>d/real</td><td>200</td>…'
 */
export function lossSummaryTable(runs: LossRuns): string {
  assertLossRuns(runs, 'lossSummaryTable: runs');
  const series = lossSeries(runs);
  if (series.length === 0) return '<p class="ear2face-summary">no steps yet</p>';
  const rows = series.map((s) => {
    const finite = s.values.filter(Number.isFinite);
    const min = finite.length ? finite.reduce((a, b) => Math.min(a, b)) : NaN;
    const max = finite.length ? finite.reduce((a, b) => Math.max(a, b)) : NaN;
    const cells = [escapeHtml(s.run), escapeHtml(s.term), String(s.values.length), formatValue(min), formatValue(max), formatValue(s.values[s.values.length - 1])];
    return `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  });
  const head = ['run', 'term', 'steps', 'min', 'max', 'last'].map((h) => `<th>${h}</th>`).join('');
  return `<table class="ear2face-summary"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
