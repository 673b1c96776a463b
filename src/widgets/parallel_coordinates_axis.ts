/**
 * One axis of a plotly `parcoords` plot for a swept parameter. parcoords has linear axes only, so
 * a log-scaled parameter is plotted as log10 of its value with ticks labelled in real values, and
 * a categorical one as integers labelled with the category names.
 */
import type { ParamValue } from '../lib/sweep/sweep_files';
import { escapeHtml } from './html_escape';
import { formatParam } from './sweep_dashboard_metrics';

/** A parcoords dimension: label, one value per line, and optional ticks and range. */
export interface ParcoordsDimension {
  label: string;
  values: number[];
  tickvals?: number[];
  ticktext?: string[];
  range?: [number, number];
  /** d3 number format of the ticks, e.g. '.3~g'. */
  tickformat?: string;
}

/** Distinct values below this many get a tick each; more get ticks per decade. */
const MAX_VALUE_TICKS = 10;

function distinctSorted(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/** A range around a single value (parcoords cannot draw a zero-width axis). */
function rangeIfFlat(values: readonly number[]): [number, number] | undefined {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (lo !== hi) return undefined;
  const d = lo !== 0 ? Math.abs(lo) / 2 : 1;
  return [lo - d, hi + d];
}

/**
 * A log axis: log10 of each value; 0 ('off', a loss term left out) sits one decade below the
 * smallest positive value on its own tick. Needs values ≥ 0.
 *
 * @example
 * logAxis('λ style', [0, 10, 1000]);
 * // { label: 'λ style', values: [0, 1, 3], tickvals: [0, 1, 3], ticktext: ['off', '10', '1000'] }
 */
export function logAxis(label: string, values: readonly number[]): ParcoordsDimension {
  if (values.some((v) => !(v >= 0) || !Number.isFinite(v))) throw new Error(`logAxis: ${label}: got ${JSON.stringify(values)}; expected finite values ≥ 0`);
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0) return { label, values: values.map(() => 0), tickvals: [0], ticktext: ['off'], range: [-1, 1] };
  const minLog = Math.log10(Math.min(...positive));
  const off = minLog - 1;
  const plotted = values.map((v) => (v > 0 ? Math.log10(v) : off));
  const hasOff = positive.length < values.length;
  const distinct = distinctSorted(positive);
  let tickvals: number[];
  let ticktext: string[];
  if (distinct.length <= MAX_VALUE_TICKS) {
    tickvals = distinct.map((v) => Math.log10(v));
    ticktext = distinct.map((v) => formatParam(v));
  } else {
    tickvals = [];
    for (let e = Math.floor(minLog); e <= Math.ceil(Math.log10(distinct[distinct.length - 1])); e++) tickvals.push(e);
    ticktext = tickvals.map((e) => formatParam(10 ** e));
  }
  if (hasOff) {
    tickvals.unshift(off);
    ticktext.unshift('off');
  }
  const axis: ParcoordsDimension = { label, values: plotted, tickvals, ticktext };
  const range = rangeIfFlat(plotted);
  if (range) axis.range = range;
  return axis;
}

/**
 * A categorical axis: each distinct value (sorted as text) becomes 0, 1, 2, … labelled with its
 * name (escaped: plotly reads its labels as HTML).
 *
 * @example
 * categoryAxis('ganMode', ['lsgan', 'hinge', 'lsgan']);
 * // { label: 'ganMode', values: [1, 0, 1], tickvals: [0, 1], ticktext: ['hinge', 'lsgan'], range: [-0.5, 1.5] }
 */
export function categoryAxis(label: string, values: readonly ParamValue[]): ParcoordsDimension {
  const names = [...new Set(values.map((v) => String(v)))].sort();
  const tickvals = names.map((_, i) => i);
  return {
    label,
    values: values.map((v) => names.indexOf(String(v))),
    tickvals,
    ticktext: names.map((n) => escapeHtml(n)),
    range: [-0.5, names.length - 0.5],
  };
}

/**
 * A linear axis with a tick per distinct value when there are few.
 *
 * @example
 * linearAxis('seed', [1, 2, 1]);   // { label: 'seed', values: [1, 2, 1], tickvals: [1, 2], ticktext: ['1', '2'] }
 */
export function linearAxis(label: string, values: readonly number[]): ParcoordsDimension {
  const axis: ParcoordsDimension = { label, values: [...values] };
  const distinct = distinctSorted(values);
  if (distinct.length <= MAX_VALUE_TICKS) {
    axis.tickvals = distinct;
    axis.ticktext = distinct.map((v) => formatParam(v));
  }
  const range = rangeIfFlat(values);
  if (range) axis.range = range;
  return axis;
}

/**
 * Parameters swept over decades: the loss weights and the learning rate.
 *
 * @example
 * isLogParam('weights.style');   // true
 * isLogParam('seed');            // false
 */
export function isLogParam(path: string): boolean {
  return path.startsWith('weights.') || path === 'lr';
}

/**
 * The axis of parameter `path` over the given values (one per plotted trial): log for loss
 * weights and the learning rate (when all ≥ 0), categorical when any value is text, else linear.
 *
 * @example
 * paramAxis('weights.feature', 'λ feature', [0, 100]).ticktext;   // ['off', '100']
 * paramAxis('ganMode', 'ganMode', ['hinge', 'vanilla']).ticktext;  // ['hinge', 'vanilla']
 */
export function paramAxis(path: string, label: string, values: readonly ParamValue[]): ParcoordsDimension {
  const escaped = escapeHtml(label);
  if (values.some((v) => typeof v !== 'number' || !Number.isFinite(v))) return categoryAxis(escaped, values);
  const numbers = values as readonly number[];
  if (isLogParam(path) && numbers.every((v) => v >= 0)) return logAxis(escaped, numbers);
  return linearAxis(escaped, numbers);
}
