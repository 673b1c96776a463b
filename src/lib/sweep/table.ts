/** A sweep's trials as a text table: parameters, state, steps and the final metrics. */
import { formatParams } from './param_path';
import type { TrialStatus } from './trial_state';

const fixed = (v: number | undefined, digits: number): string => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '-');

/**
 * One row per trial: trial, params, state (with the failure reason), step/steps, PSNR, SSIM,
 * rank1 and rank10 (when final.json has them; '-' otherwise).
 *
 * @example
 * console.log(formatSweepTable(sweepStatus('runs/sweep').trials));
 * // trial      params                               state    step     PSNR   SSIM   rank1  rank10
 * // trial-000  weights.feature=0 weights.style=0    done     200/200  14.21  0.412  0.200  0.600
 */
export function formatSweepTable(trials: TrialStatus[]): string {
  const header = ['trial', 'params', 'state', 'step', 'PSNR', 'SSIM', 'rank1', 'rank10'];
  const rows = trials.map((t) => {
    const s = t.final?.summary;
    const state = t.state === 'failed' && t.failure ? `failed (${t.failure.reason})` : t.state;
    return [t.name, formatParams(t.params), state, `${t.step}/${Number.isFinite(t.steps) ? t.steps : '?'}`, fixed(s?.psnr, 2), fixed(s?.ssim, 3), fixed(s?.rank1, 3), fixed(s?.rank10, 3)];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  return [header, ...rows].map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}
