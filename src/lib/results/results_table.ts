/**
 * The results table: one row per method (baselines and trained generators) with the paper's
 * held-out evaluation, as Markdown, plus the checks of the targets the reference run aims at.
 */
import type { EvaluationSummary } from '../eval/evaluate';

export interface ResultRow {
  /** e.g. 'mean face', 'Ear2Face (all four terms)'. */
  label: string;
  /** 'baseline' rows learn nothing; 'trained' rows are generators; a 'reference' row is real faces, the most any method could reach. */
  kind: 'baseline' | 'trained' | 'reference';
  summary: EvaluationSummary;
  /** How to get this row again: the run folder, seed and settings, or the baseline's definition. */
  source: string;
}

const pct = (x: number | undefined) => (x === undefined ? '–' : (100 * x).toFixed(1));
const fixed = (x: number | undefined, digits: number) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));

/**
 * The Markdown table of `rows`: PSNR, SSIM, identity cosine, Rank-1/5/10 from face descriptors
 * and from pixels (in %), and EER; chance levels in the last line.
 *
 * @example
 * resultsMarkdown([{ label: 'mean face', kind: 'baseline', summary, source: '…' }]);
 * // '| method | PSNR | SSIM | id cos | R-1 | R-5 | R-10 | px R-1 | … |\n|---|…'
 */
export function resultsMarkdown(rows: readonly ResultRow[]): string {
  if (rows.length === 0) throw new Error('resultsMarkdown: no rows; expected at least one method');
  const head = '| method | PSNR (dB) | SSIM | identity cos | Rank-1 % | Rank-5 % | Rank-10 % | pixel Rank-1 % | pixel Rank-5 % | pixel Rank-10 % | EER |';
  const lines = [head, `|${'---|'.repeat(11)}`];
  for (const { label, summary: s } of rows) {
    lines.push(
      `| ${label} | ${fixed(s.psnr, 2)} | ${fixed(s.ssim, 3)} | ${fixed(s.identityCosine, 3)} | ${pct(s.rank1)} | ${pct(s.rank5)} | ${pct(s.rank10)} | ` +
        `${pct(s.pixelRank1)} | ${pct(s.pixelRank5)} | ${pct(s.pixelRank10)} | ${fixed(s.eer, 3)} |`,
    );
  }
  const c = rows[0].summary;
  lines.push(`| *chance* | | | | ${pct(c.chanceRank1)} | ${pct(c.chanceRank5)} | ${pct(c.chanceRank10)} | ${pct(c.chanceRank1)} | ${pct(c.chanceRank5)} | ${pct(c.chanceRank10)} | 0.500 |`);
  return lines.join('\n');
}

export interface TargetCheck {
  target: string;
  met: boolean;
  /** The numbers the verdict rests on. */
  detail: string;
}

/**
 * The reference run's targets, checked on the rows: the Ear2Face model's descriptor Rank-10 ≥ 90%
 * and Rank-1 ≥ 5× chance; Ear2Face at least as good as pix2pix on identity (identity cosine and
 * Rank-1); every trained model above the mean face on SSIM. Rows are found by label.
 *
 * @example
 * checkTargets(rows).map((t) => `${t.met ? 'met' : 'missed'}: ${t.target}`);
 */
export function checkTargets(rows: readonly ResultRow[]): TargetCheck[] {
  const find = (label: string) => rows.find((r) => r.label === label)?.summary;
  const ear2face = find('Ear2Face (all four terms)');
  const pix2pix = find('pix2pix (adversarial + L1)');
  const meanFace = find('mean face');
  const checks: TargetCheck[] = [];
  if (ear2face?.rank10 !== undefined && ear2face.rank1 !== undefined) {
    checks.push({ target: 'Ear2Face Rank-10 ≥ 90% (face descriptors)', met: ear2face.rank10 >= 0.9, detail: `${pct(ear2face.rank10)}% (chance ${pct(ear2face.chanceRank10)}%)` });
    checks.push({
      target: 'Ear2Face Rank-1 ≥ 5× chance (face descriptors)',
      met: ear2face.rank1 >= 5 * ear2face.chanceRank1,
      detail: `${pct(ear2face.rank1)}% = ${(ear2face.rank1 / ear2face.chanceRank1).toFixed(1)}× chance (${pct(ear2face.chanceRank1)}%)`,
    });
    checks.push({ target: 'Ear2Face pixel Rank-10 ≥ 90%', met: ear2face.pixelRank10 >= 0.9, detail: `${pct(ear2face.pixelRank10)}%` });
    checks.push({
      target: 'Ear2Face pixel Rank-1 ≥ 5× chance',
      met: ear2face.pixelRank1 >= 5 * ear2face.chanceRank1,
      detail: `${pct(ear2face.pixelRank1)}% = ${(ear2face.pixelRank1 / ear2face.chanceRank1).toFixed(1)}× chance`,
    });
  }
  if (ear2face?.identityCosine !== undefined && pix2pix?.identityCosine !== undefined && ear2face.rank1 !== undefined && pix2pix.rank1 !== undefined) {
    checks.push({
      target: 'Ear2Face ≥ pix2pix on identity (identity cosine and descriptor Rank-1)',
      met: ear2face.identityCosine >= pix2pix.identityCosine && ear2face.rank1 >= pix2pix.rank1,
      detail: `identity cos ${fixed(ear2face.identityCosine, 3)} vs ${fixed(pix2pix.identityCosine, 3)}; Rank-1 ${pct(ear2face.rank1)}% vs ${pct(pix2pix.rank1)}%`,
    });
  }
  if (meanFace !== undefined) {
    for (const row of rows.filter((r) => r.kind === 'trained')) {
      checks.push({ target: `${row.label}: SSIM above the mean face`, met: row.summary.ssim > meanFace.ssim, detail: `${fixed(row.summary.ssim, 3)} vs ${fixed(meanFace.ssim, 3)}` });
    }
  }
  return checks;
}
