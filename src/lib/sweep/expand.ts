/**
 * Expanding a sweep spec into its trials: the grid's combinations in order, or the random search's
 * draws from a seeded generator. Every trial's run is resolved here, so a bad combination is found
 * before any trial runs.
 */
import { resolveRunSpec, type RunSpec } from '../runs/run_spec';
import { Rng } from '../util/rng';
import { formatParams, withParams } from './param_path';
import { SweepSpecError, type Distribution, type RandomSearch, type SweepSpec } from './spec';
import { trialName, type ParamPath, type ParamValue, type SweepTrial } from './sweep_files';

/** A trial with its resolved run. */
export interface ExpandedTrial extends SweepTrial {
  run: RunSpec;
}

/**
 * Every combination of the grid's values, the first path varying slowest (like nested loops in
 * the order the paths are written).
 *
 * @example
 * gridCombinations({ a: [1, 2], b: ['x', 'y'] });
 * // [{ a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 2, b: 'x' }, { a: 2, b: 'y' }]
 */
export function gridCombinations(grid: Record<ParamPath, ParamValue[]>): Record<ParamPath, ParamValue>[] {
  let combos: Record<ParamPath, ParamValue>[] = [{}];
  for (const [path, values] of Object.entries(grid)) {
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [path]: v })));
  }
  return combos;
}

/** A number drawn from a range keeps 4 significant digits (readable in tables), clamped into the range. */
function tidy(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Number(x.toPrecision(4))));
}

function draw(d: Distribution, rng: Rng): ParamValue {
  if ('choice' in d) return d.choice[rng.int(d.choice.length)];
  if ('uniform' in d) {
    const [lo, hi] = d.uniform;
    return tidy(lo + (hi - lo) * rng.next(), lo, hi);
  }
  const [lo, hi] = d.logUniform;
  return tidy(Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * rng.next()), lo, hi);
}

/**
 * The random search's trials: for each trial in turn, one draw per parameter in the order the
 * space lists them, from one generator seeded with `seed`.
 *
 * @example
 * randomDraws({ trials: 1, seed: 42, space: { x: { uniform: [0, 1] } } });   // [{ x: 0.6011 }]
 */
export function randomDraws(random: RandomSearch): Record<ParamPath, ParamValue>[] {
  const rng = new Rng(random.seed);
  const out: Record<ParamPath, ParamValue>[] = [];
  for (let i = 0; i < random.trials; i++) {
    const params: Record<ParamPath, ParamValue> = {};
    for (const [path, d] of Object.entries(random.space)) params[path] = draw(d, rng);
    out.push(params);
  }
  return out;
}

/**
 * The trials of a validated spec, each with its resolved run. Throws {@link SweepSpecError}
 * naming the trial and its parameters when a combination is not a valid run.
 *
 * @example
 * expandSweep(parseSweepSpec({ base: { steps: 50 }, grid: { 'weights.style': [0, 1000] } }))
 *   .map((t) => [t.name, t.run.weights.style]);   // [['trial-000', 0], ['trial-001', 1000]]
 */
export function expandSweep(spec: SweepSpec): ExpandedTrial[] {
  const combos = spec.grid ? gridCombinations(spec.grid) : spec.list ? spec.list.map((p) => ({ ...p })) : randomDraws(spec.random as RandomSearch);
  return combos.map((params, index) => {
    const name = trialName(index);
    try {
      return { index, name, params, run: resolveRunSpec(withParams(spec.base, params), `${name} (${formatParams(params)})`) };
    } catch (e) {
      throw new SweepSpecError((e as Error).message);
    }
  });
}
