/** Step records for the widget tests. */
import type { StepRecord } from '../lib/train/trainer';

/**
 * `n` records with terms 'd/real', 'd/total', 'g/l1', 'g/total', where term value k at step s is
 * `scale · (k + 1) / s` (k in that order), so values are known exactly.
 *
 * @example
 * fakeRecords(2)[1].terms['g/l1'];   // 1.5  = (2 + 1) / 2
 */
export function fakeRecords(n: number, scale = 1): StepRecord[] {
  const names = ['d/real', 'd/total', 'g/l1', 'g/total'];
  return Array.from({ length: n }, (_, i) => {
    const step = i + 1;
    return { step, lr: 2e-4, ms: 10, terms: Object.fromEntries(names.map((t, k) => [t, (scale * (k + 1)) / step])) };
  });
}
