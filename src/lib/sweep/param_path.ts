/**
 * Sweep parameters are named by path: a RunSpec field ('lr', 'ganMode', 'seed', 'data', ...) or
 * 'weights.<term>' for one generator term. These helpers check a path and apply values to a base.
 */
import { RUN_SPEC_FIELDS, WEIGHT_NAMES, type RunSpec } from '../runs/run_spec';
import type { ParamPath, ParamValue } from './sweep_files';

/** A partial RunSpec as written in a sweep's `base`: any field may be left out, `weights` by term. */
export type RunSpecOverrides = Partial<Omit<RunSpec, 'weights'>> & { weights?: Record<string, number> };

/** The RunSpec fields a sweep may vary directly; `weights` is varied one term at a time. */
export const PARAM_FIELDS: readonly string[] = RUN_SPEC_FIELDS.filter((f) => f !== 'weights');

/** Fields holding folder paths: relative values resolve against the spec file's folder. */
export const PATH_FIELDS = ['data', 'faceModel'] as const;

/**
 * Null when `path` names something a sweep can vary, else a message saying what is expected.
 *
 * @example
 * paramPathProblem('weights.style');   // null
 * paramPathProblem('weights.styel');   // 'unknown parameter "weights.styel"; expected a run setting (data, steps, …) or weights.<term> (adv, l1, feature, style)'
 */
export function paramPathProblem(path: string): string | null {
  const weight = /^weights\.(.+)$/.exec(path);
  if (weight ? WEIGHT_NAMES.includes(weight[1]) : PARAM_FIELDS.includes(path)) return null;
  return (
    `unknown parameter ${JSON.stringify(path)}; expected a run setting (${PARAM_FIELDS.join(', ')}) ` +
    `or weights.<term> (${WEIGHT_NAMES.join(', ')})`
  );
}

/**
 * `base` with `params` applied (a new object; `base` is not changed).
 *
 * @example
 * withParams({ steps: 100, weights: { l1: 50 } }, { 'weights.style': 0, lr: 1e-4 });
 * // { steps: 100, weights: { l1: 50, style: 0 }, lr: 0.0001 }
 */
export function withParams(base: RunSpecOverrides, params: Record<ParamPath, ParamValue>): RunSpecOverrides {
  const out: Record<string, unknown> = { ...base, weights: { ...(base.weights ?? {}) } };
  for (const [path, value] of Object.entries(params)) {
    if (path.startsWith('weights.')) (out.weights as Record<string, unknown>)[path.slice('weights.'.length)] = value;
    else out[path] = value;
  }
  if (base.weights === undefined && Object.keys(out.weights as object).length === 0) delete out.weights;
  return out as RunSpecOverrides;
}

/**
 * A trial's parameters on one line, as the tables and error messages show them.
 *
 * @example
 * formatParams({ 'weights.feature': 100, 'weights.style': 0 });   // 'weights.feature=100 weights.style=0'
 */
export function formatParams(params: Record<ParamPath, ParamValue>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}
