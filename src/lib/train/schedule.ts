/** The pix2pix learning-rate schedule, counted in steps: constant, then linear decay to 0. */

export interface LrSchedule {
  /** Learning rate of the constant phase. */
  lr: number;
  /** Steps at `lr`. */
  constantSteps: number;
  /** Steps over which the rate falls linearly towards 0 (it is 0 after them). */
  decaySteps: number;
}

/**
 * Learning rate for the step with 0-based index `step`: `lr` while step < constantSteps, then
 * lr · (1 − (step − constantSteps + 1) / (decaySteps + 1)): decaySteps steps at evenly falling,
 * positive rates, then 0 from step constantSteps + decaySteps on. This is pix2pix's `linear` policy
 * (`lambda_rule` in models/networks.py), counted in steps instead of epochs.
 *
 * @example
 * const s = { lr: 2e-4, constantSteps: 100, decaySteps: 3 };
 * learningRateAt(99, s);    // 0.0002
 * learningRateAt(100, s);   // 0.00015
 * learningRateAt(102, s);   // 0.00005
 * learningRateAt(103, s);   // 0
 */
export function learningRateAt(step: number, schedule: LrSchedule): number {
  if (!Number.isInteger(step) || step < 0) throw new Error(`step: got ${step}; expected an integer ≥ 0`);
  const { lr, constantSteps, decaySteps } = schedule;
  if (step < constantSteps) return lr;
  return lr * Math.max(0, 1 - (step - constantSteps + 1) / (decaySteps + 1));
}
