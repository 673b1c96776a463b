/** Training histories (StepRecord lists per run) as one series of values per run and term. */
import type { StepRecord } from '../lib/train/trainer';

/** Step records by run name, e.g. `{ baseline: records, 'style x10': records2 }`. */
export type LossRuns = Record<string, readonly StepRecord[]>;

/** One term of one run: the steps that recorded it and the values (NaN where not finite). */
export interface LossSeries {
  run: string;
  term: string;
  steps: number[];
  values: number[];
}

/**
 * Throws unless `runs` maps run names to arrays of step records; `where` starts the message.
 *
 * @example
 * assertLossRuns({ a: [{ step: 1, lr: 2e-4, terms: { 'g/l1': 0.5 }, ms: 10 }] }, 'lossCurvesFigure: runs');
 */
export function assertLossRuns(runs: unknown, where: string): asserts runs is LossRuns {
  if (runs === null || typeof runs !== 'object' || Array.isArray(runs)) {
    throw new Error(`${where} is ${Array.isArray(runs) ? 'an array' : runs === null ? 'null' : typeof runs}; expected { runName: StepRecord[] }`);
  }
  for (const [run, records] of Object.entries(runs)) {
    if (!Array.isArray(records)) throw new Error(`${where}[${JSON.stringify(run)}] is ${typeof records}; expected an array of StepRecord`);
    records.forEach((r: StepRecord, i: number) => {
      if (r === null || typeof r !== 'object' || typeof r.step !== 'number' || r.terms === null || typeof r.terms !== 'object') {
        throw new Error(`${where}[${JSON.stringify(run)}][${i}] is ${JSON.stringify(r)}; expected a StepRecord { step, lr, terms, ms }`);
      }
    });
  }
}

/**
 * Every run's terms as series, runs in the given order and terms in first-seen order.
 *
 * @example
 * lossSeries({ a: [{ step: 1, lr: 0, ms: 0, terms: { 'g/l1': 0.5 } }] });
 * // [{ run: 'a', term: 'g/l1', steps: [1], values: [0.5] }]
 */
export function lossSeries(runs: LossRuns): LossSeries[] {
  const out: LossSeries[] = [];
  for (const [run, records] of Object.entries(runs)) {
    const byTerm = new Map<string, LossSeries>();
    for (const record of records) {
      for (const [term, value] of Object.entries(record.terms)) {
        let series = byTerm.get(term);
        if (!series) byTerm.set(term, (series = { run, term, steps: [], values: [] }));
        series.steps.push(record.step);
        series.values.push(typeof value === 'number' && Number.isFinite(value) ? value : NaN);
      }
    }
    out.push(...byTerm.values());
  }
  return out;
}
