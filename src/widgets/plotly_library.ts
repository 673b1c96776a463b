/**
 * plotly.js itself: read from the installed `plotly.js-dist-min` package (no CDN, works offline)
 * and inlined into notebook output once per kernel session.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The plotly.js source and version, read on first use. */
export interface PlotlyLibrary {
  version: string;
  source: string;
}

let library: PlotlyLibrary | undefined;
let inlined = false;

/**
 * The plotly.js bundle from node_modules (`plotly.js-dist-min`), read once and cached.
 *
 * @example
 * plotlyLibrary().version;   // '4.1.2'
 */
export function plotlyLibrary(): PlotlyLibrary {
  if (library) return library;
  let packageJson: string;
  try {
    packageJson = require.resolve('plotly.js-dist-min/package.json');
  } catch {
    throw new Error('plotlyLibrary: package plotly.js-dist-min is not installed; expected it in node_modules (npm install plotly.js-dist-min)');
  }
  const { version, main } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string; main?: string };
  const source = readFileSync(join(dirname(packageJson), main ?? 'plotly.min.js'), 'utf8');
  library = { version, source };
  return library;
}

/**
 * Whether plotly.js still has to go into an output this session; marks it as sent when `take`.
 * Figures call this with `take = true` when they carry the library.
 *
 * @example
 * plotlyPending(true);   // true the first time, then false until resetPlotlyInlining()
 */
export function plotlyPending(take = false): boolean {
  const pending = !inlined;
  if (take) inlined = true;
  return pending;
}

/**
 * Forgets that plotly.js was sent, so the next figure carries it again: call it in a new kernel,
 * after clearing all outputs, or in tests.
 *
 * @example
 * resetPlotlyInlining();
 * figureHtml(fig);   // carries plotly.js again
 */
export function resetPlotlyInlining(): void {
  inlined = false;
}
