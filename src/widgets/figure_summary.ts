/**
 * What a figure shows, without drawing it: the static fallback inside a plot's div (for viewers
 * that run no scripts: GitHub, untrusted notebooks, a text/plain console) and the one-line summary
 * printed outside a notebook.
 */
import { type Figure, type PlotlyTrace, figureTitle } from './figure';
import { escapeHtml } from './html_escape';

/** Plotly names may carry entities (widgets escape them for plotly); decode the common ones for text. */
function plainText(text: string): string {
  return text.replace(/&(lt|gt|quot|#39|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e] ?? '');
}

/**
 * Formats a number for a summary: 4 significant digits (exponent form below 0.001 or from
 * 100 000), or '–' when not a finite number.
 *
 * @example
 * formatValue(0.123456);   // '0.1235'
 * formatValue(NaN);        // '–'
 */
export function formatValue(v: unknown): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(3);
  return String(Number(v.toPrecision(4)));
}

interface TraceFacts {
  name: string;
  points: string;
  last: string;
  range: string;
}

function finiteValues(values: ArrayLike<unknown>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
  }
  return out;
}

function traceFacts(trace: PlotlyTrace, index: number): TraceFacts {
  const own = plainText(trace.name ?? `${trace.type ?? 'trace'} ${index}`);
  const name = typeof trace.legendgroup === 'string' && trace.legendgroup !== '' ? `${trace.legendgroup}: ${own}` : own;
  if (trace.z) {
    const rows = Array.from(trace.z as ArrayLike<ArrayLike<number | null>>);
    const values = finiteValues(rows.flatMap((r) => Array.from(r ?? [])));
    const cols = rows.length > 0 ? (rows[0]?.length ?? 0) : 0;
    const range = values.length ? `${formatValue(Math.min(...values))} … ${formatValue(Math.max(...values))}` : '–';
    return { name, points: `${rows.length}×${cols}`, last: '–', range };
  }
  const y = trace.y ?? [];
  const values = finiteValues(y);
  let last: unknown;
  for (let i = y.length - 1; i >= 0 && last === undefined; i--) if (typeof y[i] === 'number' && Number.isFinite(y[i])) last = y[i];
  const range = values.length ? `${formatValue(values.reduce((a, b) => Math.min(a, b)))} … ${formatValue(values.reduce((a, b) => Math.max(a, b)))}` : '–';
  return { name, points: String(y.length), last: formatValue(last), range };
}

/** Traces a summary lists: those in the legend (faint companions and helper traces have showlegend false). */
function listedTraces(figure: Figure): Array<[PlotlyTrace, number]> {
  return figure.data.map((t, i) => [t, i] as [PlotlyTrace, number]).filter(([t]) => t.showlegend !== false || t.type === 'heatmap');
}

/**
 * An HTML table of the figure's traces (name, points, last finite value, range), every text
 * escaped; "no data" for a figure without traces.
 *
 * @example
 * figureSummaryHtml({ data: [{ name: 'g/l1', y: [0.9, 0.5] }] });
 * // '<table class="ear2face-summary">…<td>g/l1</td><td>2</td><td>0.5</td><td>0.5 … 0.9</td>…</table>'
 */
export function figureSummaryHtml(figure: Figure): string {
  const title = figureTitle(figure);
  const caption = title ? `<caption>${escapeHtml(plainText(title))}</caption>` : '';
  const traces = listedTraces(figure);
  if (traces.length === 0) return `<p class="ear2face-summary">${title ? `${escapeHtml(plainText(title))}: ` : ''}no data</p>`;
  const rows = traces.map(([t, i]) => {
    const f = traceFacts(t, i);
    return `<tr><td>${escapeHtml(f.name)}</td><td>${f.points}</td><td>${f.last}</td><td>${f.range}</td></tr>`;
  });
  return `<table class="ear2face-summary">${caption}<thead><tr><th>trace</th><th>points</th><th>last</th><th>range</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/**
 * One line of plain text about the figure: its title, trace count and up to four traces' last
 * values (or matrix sizes).
 *
 * @example
 * figureSummaryText({ data: [{ name: 'g/l1', y: [0.9, 0.5] }], layout: { title: 'losses' } });
 * // 'figure "losses": 1 trace; g/l1 = 0.5'
 */
export function figureSummaryText(figure: Figure): string {
  const title = figureTitle(figure);
  const traces = listedTraces(figure);
  const head = `figure${title ? ` "${plainText(title)}"` : ''}: ${traces.length} trace${traces.length === 1 ? '' : 's'}`;
  const parts = traces.slice(0, 4).map(([t, i]) => {
    const f = traceFacts(t, i);
    return t.z ? `${f.name} ${f.points}` : `${f.name} = ${f.last}`;
  });
  const more = traces.length > 4 ? `, … ${traces.length - 4} more` : '';
  return parts.length ? `${head}; ${parts.join(', ')}${more}` : head;
}
