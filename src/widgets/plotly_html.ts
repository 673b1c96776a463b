/**
 * A plotly figure as notebook `text/html`: a div, a static fallback and the scripts that draw it.
 *
 * plotly.js (4.8 MB) travels once per kernel session: the first figure's HTML carries it, later
 * figures only call it. In the page, each figure waits for `window.Plotly` (see
 * {@link PAGE_LOADER_JS}): it draws at once when an earlier output loaded plotly, when a later one
 * does, or from the copy the first output left in the browser's IndexedDB (a reloaded page whose
 * carrying output was cleared). If none of these exists (a fresh browser shown a notebook whose
 * carrying output was deleted) the static fallback stays, with a note to call
 * `resetPlotlyInlining()` and re-run the cell.
 */
import { randomBytes } from 'node:crypto';
import { assertFigure, type Figure } from './figure';
import { figureSummaryHtml } from './figure_summary';
import { jsonForScript } from './html_escape';
import { plotlyLibrary, plotlyPending } from './plotly_library';
import { PAGE_LOADER_JS } from './plotly_page_loader';

/** Text every figure's drawing script contains; display code looks for it to know plotly is needed. */
export const FIGURE_SCRIPT_MARKER = '__ear2facePlotly.render(';

/** Options of {@link figureHtml}. */
export interface FigureHtmlOptions {
  /**
   * 'auto' (default): carry plotly.js if no output of this session has; 'always'; 'never' (the
   * page must get it elsewhere, e.g. from {@link plotlyLibraryHtml}).
   */
  includePlotly?: 'auto' | 'always' | 'never';
  /** HTML shown where scripts do not run (the caller escapes it); default a table of the traces. */
  fallbackHtml?: string;
  /**
   * Outputs with the same key draw into one graph div, updated in place with `Plotly.react`
   * (for live displays); without it every output has its own div.
   */
  updateKey?: string;
}

const INCLUDE_CHOICES = ['auto', 'always', 'never'];

/**
 * A fresh element id (ids must be unique in the page even when one figure is shown twice).
 *
 * @example
 * uniqueId('ear2face-figure');   // 'ear2face-figure-3fa9c1d2e4b7'
 */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/**
 * A `<script>` that loads plotly.js into the page (with the AMD guard and the IndexedDB copy),
 * whether or not this session sent it before; marks it as sent.
 *
 * @example
 * tslab.display.html(plotlyLibraryHtml());   // then figureHtml(fig, { includePlotly: 'never' })
 */
export function plotlyLibraryHtml(): string {
  const { version, source } = plotlyLibrary();
  plotlyPending(true);
  return `<script>${PAGE_LOADER_JS}\nwindow.__ear2facePlotly.install(${jsonForScript(version)}, ${jsonForScript(source)});</script>`;
}

/**
 * The figure as one `text/html` string: a div holding the plot and a static fallback (by default
 * a table of each trace's size, last value and range; hidden once plotly has drawn), a hidden note
 * shown when plotly.js cannot be found, plotly.js itself when this is the session's first figure
 * (see {@link FigureHtmlOptions.includePlotly}), and the drawing script. The figure travels as
 * JSON escaped for a script element: no text in it can close the script, and NaN/±Infinity
 * become null (gaps in plotly).
 *
 * @example
 * const html = figureHtml({ data: [{ type: 'scatter', y: [3, 1, 2] }], layout: { title: 'loss' } });
 * tslab.display.html(html);
 */
export function figureHtml(figure: Figure, options: FigureHtmlOptions = {}): string {
  assertFigure(figure, 'figureHtml: figure');
  const include = options.includePlotly ?? 'auto';
  if (!INCLUDE_CHOICES.includes(include)) throw new Error(`figureHtml: includePlotly is ${JSON.stringify(include)}; expected one of ${INCLUDE_CHOICES.join(', ')}`);
  if (options.updateKey !== undefined && (typeof options.updateKey !== 'string' || options.updateKey === '')) {
    throw new Error(`figureHtml: updateKey is ${JSON.stringify(options.updateKey)}; expected a non-empty string or undefined`);
  }
  const id = uniqueId('ear2face-figure');
  const fallback = options.fallbackHtml ?? figureSummaryHtml(figure);
  const library = include === 'always' || (include === 'auto' && plotlyPending()) ? plotlyLibraryHtml() : '';
  const payload = { data: figure.data, layout: { ...(figure.layout ?? {}) }, config: { responsive: true, displaylogo: false, ...(figure.config ?? {}) } };
  return (
    `<div class="ear2face-figure" id="${id}">` +
    `<div class="ear2face-plot" style="width:100%"></div>` +
    `<div class="ear2face-fallback">${fallback}</div>` +
    `<div class="ear2face-status" style="display:none;color:#b00;font:12px sans-serif">plotly.js is not loaded in this page: the output that carried it was cleared or has not run. Run <code>resetPlotlyInlining()</code> and re-run this cell.</div>` +
    `</div>` +
    library +
    `<script>${PAGE_LOADER_JS}\nwindow.${FIGURE_SCRIPT_MARKER}${jsonForScript(id)}, ${jsonForScript(payload)}, ${jsonForScript(options.updateKey ?? null)});</script>`
  );
}
