/** An evaluation summary as a plain-text table for the terminal, with the chance level beside each rate. */
import type { EvaluationSummary } from '../lib/eval/evaluate';

const number = (v: number | undefined, digits = 3): string => (v === undefined ? '-' : v === Infinity ? 'inf' : v.toFixed(digits));

/**
 * Rows of metric | value | chance, aligned. Descriptor-space rows show '-' when the summary has no
 * descriptor numbers (no face network). Chance for TAR at FAR f is f; for EER, 0.5.
 *
 * @example
 * console.log(formatEvaluationTable(evaluation.summary));
 * // metric                     value   chance
 * // PSNR (dB)                  17.23
 * // Rank-1, face descriptor    0.400    0.200
 * // …
 */
export function formatEvaluationTable(s: EvaluationSummary): string {
  const rows: Array<[string, string, string]> = [
    ['PSNR (dB)', number(s.psnr, 2), ''],
    ['SSIM', number(s.ssim), ''],
    ['identity cosine', number(s.identityCosine), ''],
    ['Rank-1, face descriptor', number(s.rank1), number(s.chanceRank1)],
    ['Rank-5, face descriptor', number(s.rank5), number(s.chanceRank5)],
    ['Rank-10, face descriptor', number(s.rank10), number(s.chanceRank10)],
    ['Rank-1, pixels', number(s.pixelRank1), number(s.chanceRank1)],
    ['Rank-5, pixels', number(s.pixelRank5), number(s.chanceRank5)],
    ['Rank-10, pixels', number(s.pixelRank10), number(s.chanceRank10)],
  ];
  for (const [key, tar] of Object.entries(s.tarAtFar ?? { 'tarAtFar0.01': undefined, 'tarAtFar0.001': undefined })) {
    const far = key.replace(/^tarAtFar/, '');
    rows.push([`TAR @ FAR ${far}`, number(tar), number(Number(far))]);
  }
  rows.push(['EER', number(s.eer), '0.500']);
  const header: [string, string, string] = ['metric', 'value', 'chance'];
  const width = Math.max(...[header, ...rows].map((r) => r[0].length));
  const line = (r: [string, string, string]) => `${r[0].padEnd(width)}  ${r[1].padStart(7)}  ${r[2].padStart(7)}`.trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
