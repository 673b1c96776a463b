/**
 * Showing widgets: inside a tslab notebook kernel as rich `text/html` outputs, anywhere else as
 * one line of text on stdout. tslab is found lazily and never required outside a kernel (loading
 * it pulls in a whole TypeScript compiler).
 */
import { dirname, join, sep } from 'node:path';
import { assertFigure, type Figure } from './figure';
import { figureSummaryText } from './figure_summary';
import { FIGURE_SCRIPT_MARKER, figureHtml, plotlyLibraryHtml, uniqueId } from './plotly_html';
import { plotlyPending } from './plotly_library';

/**
 * One place output goes: shows `html`, or prints `summary` where HTML cannot be shown; `final`
 * marks the last update of a live output.
 */
export interface DisplayOutput {
  show(html: string, summary: string, final?: boolean): void;
}

/** Where `show` and `liveDisplay` send output. */
export interface DisplayBackend {
  /** False for text-only backends: they get '' instead of HTML (nothing is rendered for them). */
  rich: boolean;
  /** A new output cell entry for each call (tslab's `display`). */
  display: DisplayOutput;
  /** An entry that later calls overwrite in place (tslab's `newDisplay()`). */
  newDisplay(): DisplayOutput;
}

/** The part of tslab's public module used here. */
interface TslabDisplay {
  html(s: string): void;
}
interface TslabModule {
  display: TslabDisplay;
  newDisplay(): TslabDisplay;
}

let override: DisplayBackend | null = null;

/**
 * Sends `show` and `liveDisplay` output to `backend` instead of tslab or stdout (front ends,
 * tests); `null` restores the default.
 *
 * @example
 * const shown: string[] = [];
 * setDisplayBackend({ rich: true, display: { show: (h) => shown.push(h) }, newDisplay: () => ({ show: (h) => shown.push(h) }) });
 */
export function setDisplayBackend(backend: DisplayBackend | null): void {
  if (backend !== null && (typeof backend !== 'object' || typeof backend.newDisplay !== 'function' || typeof backend.display?.show !== 'function')) {
    throw new Error(`setDisplayBackend: backend is ${typeof backend}; expected { rich, display: { show(html, summary) }, newDisplay() } or null`);
  }
  override = backend;
}

/**
 * tslab's module as loaded by the running kernel, or null outside a kernel. The kernel's copy is
 * the one whose Jupyter connection is live (`dist/jupyter.js` holds the output writer while a cell
 * runs); a second copy elsewhere in node_modules would have none.
 */
function kernelTslab(): TslabModule | null {
  const marker = `${sep}tslab${sep}dist${sep}jupyter.js`;
  for (const [file, mod] of Object.entries(require.cache)) {
    if (file.endsWith(marker) && mod?.exports?.lastWriteDisplayData) {
      try {
        return require(join(dirname(file), 'public.js')) as TslabModule;
      } catch {
        return null;
      }
    }
  }
  const main = require.main?.filename ?? '';
  if (main.includes(`${sep}tslab${sep}`)) {
    try {
      return require('tslab') as TslabModule;
    } catch {
      return null;
    }
  }
  return null;
}

function printSummary(summary: string): void {
  process.stdout.write(`${summary.replace(/\s+/g, ' ').trim()}\n`);
}

/** An output that writes to tslab, falling back to text if tslab refuses (e.g. "Not ready"). */
function tslabOutput(target: TslabDisplay): DisplayOutput {
  return {
    show(html, summary) {
      try {
        target.html(html);
      } catch {
        printSummary(summary);
      }
    },
  };
}

const TEXT_LIVE_INTERVAL_MS = 2000;

/** Text output: every call prints; a live entry prints at most every 2 s unless the line is final. */
function textBackend(): DisplayBackend {
  return {
    rich: false,
    display: { show: (_html, summary) => printSummary(summary) },
    newDisplay() {
      let last = -Infinity;
      return {
        show(_html, summary, final) {
          const now = Date.now();
          if (final || now - last >= TEXT_LIVE_INTERVAL_MS) {
            last = now;
            printSummary(summary);
          }
        },
      };
    },
  };
}

/**
 * The backend in use: the one set by {@link setDisplayBackend}, else tslab when running in a
 * tslab kernel, else text on stdout.
 *
 * @example
 * activeDisplayBackend().display.show('<b>hi</b>', 'hi');
 */
export function activeDisplayBackend(): DisplayBackend {
  if (override) return override;
  const tslab = kernelTslab();
  if (!tslab) return textBackend();
  return { rich: true, display: tslabOutput(tslab.display), newDisplay: () => tslabOutput(tslab.newDisplay()) };
}

/**
 * Visible text of an HTML string (scripts and styles dropped, entities decoded), squeezed to one
 * line of at most `max` characters.
 *
 * @example
 * htmlToSummary('<p>step <b>3</b> &amp; done</p>');   // 'step 3 & done'
 */
export function htmlToSummary(html: string, max = 160): string {
  const text = html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function isFigure(content: unknown): content is Figure {
  return typeof content === 'object' && content !== null && Array.isArray((content as Figure).data);
}

function assertContent(content: unknown, where: string): asserts content is string | Figure {
  if (typeof content === 'string') return;
  if (isFigure(content)) return assertFigure(content, where);
  throw new Error(`${where} is ${content === null ? 'null' : typeof content}; expected an HTML string or a plotly figure { data, layout?, config? }`);
}

/**
 * Shows an HTML string or a plotly figure as a new output: rich HTML in a tslab notebook (a
 * figure's first showing carries plotly.js), otherwise one line of text on stdout (the figure's
 * traces and last values, or the HTML's visible text).
 *
 * @example
 * show(lossCurvesFigure({ baseline: records }));
 * show('<b>done</b>');
 */
export function show(content: string | Figure): void {
  assertContent(content, 'show: content');
  const backend = activeDisplayBackend();
  if (isFigure(content)) {
    backend.display.show(backend.rich ? figureHtml(content) : '', figureSummaryText(content));
    return;
  }
  // An HTML string holding a figure built without plotly.js gets it in front, if still unsent.
  const needsPlotly = backend.rich && content.includes(FIGURE_SCRIPT_MARKER) && plotlyPending();
  backend.display.show(needsPlotly ? plotlyLibraryHtml() + content : content, htmlToSummary(content));
}

/** One output updated in place; see {@link liveDisplay}. */
export interface LiveDisplay {
  /**
   * Replaces the output with `content`. `summary` is the text-mode line (default derived from
   * the content); `final` marks the last update (text mode always prints it).
   */
  update(content: string | Figure, options?: { summary?: string; final?: boolean }): void;
}

/**
 * One output that every `update` overwrites (tslab's `newDisplay()`), for progress and live plots.
 * plotly.js never rides in the overwritten output (a later update would erase it from the saved
 * notebook): when a figure is first shown and plotly.js is unsent, it goes out once as a
 * separate output just before. Figures shown in one live display share one graph div, redrawn
 * with `Plotly.react` (zoom and legend choices survive when the layout sets `uirevision`). Outside a notebook, updates print a text line at most every 2 s
 * (and always the final one).
 *
 * @example
 * const live = liveDisplay();
 * for (let i = 1; i <= 3; i++) live.update(`<p>step ${i} of 3</p>`);
 */
export function liveDisplay(): LiveDisplay {
  const backend = activeDisplayBackend();
  let output: DisplayOutput | null = null;
  const updateKey = uniqueId('ear2face-live');
  return {
    update(content, options = {}) {
      assertContent(content, 'liveDisplay.update: content');
      const figure = isFigure(content);
      const summary = options.summary ?? (figure ? figureSummaryText(content) : htmlToSummary(content));
      let html = '';
      if (backend.rich) {
        html = figure ? figureHtml(content, { includePlotly: 'never', updateKey }) : content;
        if (html.includes(FIGURE_SCRIPT_MARKER) && plotlyPending()) backend.display.show(plotlyLibraryHtml(), 'plotly.js loaded');
      }
      output ??= backend.newDisplay();
      output.show(html, summary, options.final === true);
    },
  };
}
