/** The plotly figure as plain data: what every widget builds and `figureHtml` renders. */

/** One plotly trace (`scatter`, `heatmap`, ...); see https://plotly.com/javascript/reference/. */
export interface PlotlyTrace {
  type?: string;
  name?: string;
  x?: ArrayLike<unknown>;
  y?: ArrayLike<unknown>;
  z?: ArrayLike<ArrayLike<number | null>>;
  [attribute: string]: unknown;
}

/** A plotly figure: traces, layout and config, exactly as `Plotly.react(div, data, layout, config)` takes them. */
export interface Figure {
  data: PlotlyTrace[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/**
 * Throws unless `figure` looks like a plotly figure; `where` starts the message.
 *
 * @example
 * assertFigure({ data: [{ type: 'scatter', y: [1, 2] }] }, 'figureHtml: figure');   // passes
 * assertFigure({ traces: [] }, 'figureHtml: figure');
 * // Error: figureHtml: figure has no data array; expected { data: PlotlyTrace[], layout?, config? }
 */
export function assertFigure(figure: unknown, where: string): asserts figure is Figure {
  const f = figure as Figure;
  if (f === null || typeof f !== 'object') throw new Error(`${where} is ${f === null ? 'null' : typeof f}; expected { data: PlotlyTrace[], layout?, config? }`);
  if (!Array.isArray(f.data)) throw new Error(`${where} has no data array; expected { data: PlotlyTrace[], layout?, config? }`);
  f.data.forEach((trace, i) => {
    if (trace === null || typeof trace !== 'object') throw new Error(`${where}: data[${i}] is ${trace === null ? 'null' : typeof trace}; expected a trace object`);
  });
  for (const key of ['layout', 'config'] as const) {
    if (f[key] !== undefined && (f[key] === null || typeof f[key] !== 'object')) throw new Error(`${where}: ${key} is ${f[key] === null ? 'null' : typeof f[key]}; expected an object or undefined`);
  }
}

/**
 * The figure's title text, or '' (plotly accepts a string or `{ text }`).
 *
 * @example
 * figureTitle({ data: [], layout: { title: { text: 'losses' } } });   // 'losses'
 */
export function figureTitle(figure: Figure): string {
  const title = figure.layout?.title;
  if (typeof title === 'string') return title;
  if (title && typeof title === 'object' && typeof (title as { text?: unknown }).text === 'string') return (title as { text: string }).text;
  return '';
}
