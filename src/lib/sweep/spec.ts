/**
 * The sweep spec: a base run plus the parameters to vary, either as a grid (every combination of
 * the listed values) or as a seeded random search. Validated as a whole before anything is written:
 * every value is checked in the context of the base run, so an error names the exact value.
 *
 *   { "base": { "data": "../data/synthetic-sample", "steps": 200 },
 *     "grid": { "weights.feature": [0, 100], "weights.style": [0, 1000] } }
 *
 *   { "base": { ... },
 *     "random": { "trials": 8, "seed": 1, "space": {
 *       "weights.style": { "logUniform": [10, 10000] },
 *       "lr": { "uniform": [1e-4, 4e-4] },
 *       "ganMode": { "choice": ["vanilla", "lsgan"] } } } }
 *
 *   { "base": { ... },
 *     "list": [ { "weights.feature": 0, "weights.style": 0 }, { "weights.style": 0 }, {} ] }
 */
import { resolveRunSpec } from '../runs/run_spec';
import { paramPathProblem, withParams, type RunSpecOverrides } from './param_path';
import type { ParamPath, ParamValue } from './sweep_files';

/** A sweep spec that is invalid; the message names the field or value and what was expected. */
export class SweepSpecError extends Error {}

/** How a random search draws one parameter. Numbers drawn from a range keep 4 significant digits. */
export type Distribution = { uniform: [number, number] } | { logUniform: [number, number] } | { choice: ParamValue[] };

export interface RandomSearch {
  /** Trials to draw (≥ 1). */
  trials: number;
  /** Seeds the draws: the same spec always gives the same trials. Default 1. */
  seed: number;
  space: Record<ParamPath, Distribution>;
}

export interface SweepSpec {
  /** Settings shared by every trial (any RunSpec field; unset ones take the RunSpec defaults). */
  base: RunSpecOverrides;
  /** Every combination of these values; the first path varies slowest. */
  grid?: Record<ParamPath, ParamValue[]>;
  random?: RandomSearch;
  /** Hand-picked trials, each the values it sets (an ablation: {} is the base run itself). */
  list?: Record<ParamPath, ParamValue>[];
  /** Trials run at once by default (a runtime setting: changing it does not make a different sweep). */
  parallel?: number;
}

/** A sweep larger than this is almost surely a mistake in the spec. */
export const MAX_TRIALS = 1000;

const TOP_FIELDS = ['base', 'grid', 'random', 'list', 'parallel'];
const RANDOM_FIELDS = ['trials', 'seed', 'space'];
const DISTRIBUTIONS = ['uniform', 'logUniform', 'choice'];

const json = (v: unknown): string => JSON.stringify(v) ?? String(v);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function fail(message: string): never {
  throw new SweepSpecError(message);
}

/** `where` for one value of one parameter: `grid["weights.style"][1]`. */
function at(where: string, path: string, suffix = ''): string {
  return `${where}[${JSON.stringify(path)}]${suffix}`;
}

/** Throws unless `base` with `path` = `value` is a valid run. */
function checkValue(base: RunSpecOverrides, path: ParamPath, value: unknown, where: string): asserts value is ParamValue {
  if (!(typeof value === 'number' && Number.isFinite(value)) && typeof value !== 'string') {
    fail(`${where}: got ${json(value)}; expected a number or a string`);
  }
  try {
    resolveRunSpec(withParams(base, { [path]: value }), where);
  } catch (e) {
    fail((e as Error).message);
  }
}

function checkPath(path: string, where: string): void {
  const problem = paramPathProblem(path);
  if (problem) fail(`${where}: ${problem}`);
}

function parseGrid(raw: unknown, base: RunSpecOverrides, where: string): Record<ParamPath, ParamValue[]> {
  if (!isObject(raw)) fail(`${where}: got ${json(raw)}; expected an object of parameter → list of values`);
  const paths = Object.keys(raw);
  if (paths.length === 0) fail(`${where}: is empty; expected at least one parameter, e.g. { "weights.style": [0, 1000] }`);
  const grid: Record<ParamPath, ParamValue[]> = {};
  let size = 1;
  for (const path of paths) {
    checkPath(path, where);
    const values = raw[path];
    if (!Array.isArray(values) || values.length === 0) fail(`${at(where, path)}: got ${json(values)}; expected a non-empty list of values`);
    values.forEach((v, k) => checkValue(base, path, v, at(where, path, `[${k}]`)));
    const repeated = values.find((v, k) => values.indexOf(v) !== k);
    if (repeated !== undefined) fail(`${at(where, path)}: lists ${json(repeated)} twice; expected distinct values`);
    grid[path] = [...values];
    size *= values.length;
  }
  if (size > MAX_TRIALS) fail(`${where}: makes ${size} trials; expected at most ${MAX_TRIALS}`);
  return grid;
}

function parseList(raw: unknown, base: RunSpecOverrides, where: string): Record<ParamPath, ParamValue>[] {
  if (!Array.isArray(raw) || raw.length === 0) fail(`${where}: got ${json(raw)}; expected a non-empty list of trials, e.g. [{ "weights.style": 0 }, {}]`);
  if (raw.length > MAX_TRIALS) fail(`${where}: lists ${raw.length} trials; expected at most ${MAX_TRIALS}`);
  const seen = new Set<string>();
  return raw.map((trial, k) => {
    if (!isObject(trial)) fail(`${where}[${k}]: got ${json(trial)}; expected an object of parameter → value ({} = the base run)`);
    for (const [path, value] of Object.entries(trial)) {
      checkPath(path, `${where}[${k}]`);
      checkValue(base, path, value, `${where}[${k}][${JSON.stringify(path)}]`);
    }
    const key = JSON.stringify(Object.entries(trial).sort(([a], [b]) => a.localeCompare(b)));
    if (seen.has(key)) fail(`${where}[${k}]: repeats an earlier trial (${json(trial)}); expected distinct trials`);
    seen.add(key);
    return { ...(trial as Record<ParamPath, ParamValue>) };
  });
}

function parseRange(raw: unknown, kind: 'uniform' | 'logUniform', base: RunSpecOverrides, path: string, where: string): [number, number] {
  if (!Array.isArray(raw) || raw.length !== 2 || !raw.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    fail(`${where}: got ${json(raw)}; expected [low, high], two finite numbers`);
  }
  const [lo, hi] = raw as [number, number];
  if (lo > hi) fail(`${where}: got [${lo}, ${hi}]; expected low ≤ high`);
  if (kind === 'logUniform' && lo <= 0) fail(`${where}: got low ${lo}; a log-uniform range needs low > 0`);
  checkValue(base, path, lo, `${where}[0]`);
  checkValue(base, path, hi, `${where}[1]`);
  return [lo, hi];
}

function parseDistribution(raw: unknown, base: RunSpecOverrides, path: string, where: string): Distribution {
  const kinds = isObject(raw) ? Object.keys(raw) : [];
  if (!isObject(raw) || kinds.length !== 1 || !DISTRIBUTIONS.includes(kinds[0])) {
    fail(`${where}: got ${json(raw)}; expected one of { "uniform": [lo, hi] }, { "logUniform": [lo, hi] }, { "choice": [values] }`);
  }
  const kind = kinds[0];
  if (kind === 'uniform' || kind === 'logUniform') {
    const range = parseRange(raw[kind], kind, base, path, `${where}.${kind}`);
    return kind === 'uniform' ? { uniform: range } : { logUniform: range };
  }
  const values = raw.choice;
  if (!Array.isArray(values) || values.length === 0) fail(`${where}.choice: got ${json(values)}; expected a non-empty list of values`);
  values.forEach((v, k) => checkValue(base, path, v, `${where}.choice[${k}]`));
  return { choice: [...values] };
}

function parseRandom(raw: unknown, base: RunSpecOverrides, where: string): RandomSearch {
  if (!isObject(raw)) fail(`${where}: got ${json(raw)}; expected { "trials": N, "seed": S, "space": { ... } }`);
  for (const key of Object.keys(raw)) {
    if (!RANDOM_FIELDS.includes(key)) fail(`${where}: unknown field ${json(key)}; expected one of ${RANDOM_FIELDS.join(', ')}`);
  }
  const { trials, seed = 1, space } = raw;
  if (typeof trials !== 'number' || !Number.isInteger(trials) || trials < 1 || trials > MAX_TRIALS) {
    fail(`${where}.trials: got ${json(trials)}; expected a whole number from 1 to ${MAX_TRIALS}`);
  }
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0) fail(`${where}.seed: got ${json(seed)}; expected a whole number ≥ 0`);
  if (!isObject(space)) fail(`${where}.space: got ${json(space)}; expected an object of parameter → distribution`);
  const paths = Object.keys(space);
  if (paths.length === 0) fail(`${where}.space: is empty; expected at least one parameter, e.g. { "lr": { "uniform": [1e-4, 4e-4] } }`);
  const parsed: Record<ParamPath, Distribution> = {};
  for (const path of paths) {
    checkPath(path, `${where}.space`);
    parsed[path] = parseDistribution(space[path], base, path, at(`${where}.space`, path));
  }
  return { trials, seed, space: parsed };
}

/**
 * Validates a sweep spec (parsed JSON) and returns a clean copy (the random seed filled in).
 * Throws {@link SweepSpecError} naming `where` and the offending field or value.
 *
 * @example
 * parseSweepSpec({ base: { steps: 200 }, grid: { 'weights.style': [0, 1000] } });
 * // { base: { steps: 200 }, grid: { 'weights.style': [0, 1000] } }
 * parseSweepSpec({ base: {}, grid: { 'weights.style': [0, -5] } });
 * // SweepSpecError: sweep spec: grid["weights.style"][1]: weights.style: got -5; expected a finite number ≥ 0
 */
export function parseSweepSpec(raw: unknown, where = 'sweep spec'): SweepSpec {
  if (!isObject(raw)) fail(`${where}: got ${json(raw)}; expected an object with "base" and one of "grid", "random", "list"`);
  for (const key of Object.keys(raw)) {
    if (!TOP_FIELDS.includes(key)) fail(`${where}: unknown field ${json(key)}; expected one of ${TOP_FIELDS.join(', ')}`);
  }
  const base = raw.base ?? {};
  if (!isObject(base)) fail(`${where}: base: got ${json(base)}; expected an object of run settings`);
  try {
    resolveRunSpec(base, `${where}: base`);
  } catch (e) {
    fail((e as Error).message);
  }
  const kinds = (['grid', 'random', 'list'] as const).filter((k) => raw[k] !== undefined);
  if (kinds.length !== 1) {
    fail(`${where}: ${kinds.length === 0 ? 'has none of "grid", "random" and "list"' : `has ${kinds.map((k) => `"${k}"`).join(' and ')}`}; expected exactly one of them`);
  }
  const spec: SweepSpec = { base: structuredClone(base) as RunSpecOverrides };
  if (kinds[0] === 'grid') spec.grid = parseGrid(raw.grid, spec.base, `${where}: grid`);
  else if (kinds[0] === 'random') spec.random = parseRandom(raw.random, spec.base, `${where}: random`);
  else spec.list = parseList(raw.list, spec.base, `${where}: list`);
  if (raw.parallel !== undefined) {
    const p = raw.parallel;
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 1) fail(`${where}: parallel: got ${json(p)}; expected a whole number ≥ 1`);
    spec.parallel = p;
  }
  return spec;
}
