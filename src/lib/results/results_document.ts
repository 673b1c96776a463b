/** docs/RESULTS.md: the results table with everything needed to get every row again. */
import { checkTargets, resultsMarkdown, type ResultRow } from './results_table';

export interface BenchmarkDefinition {
  size: 64 | 128 | 256;
  subjects: number;
  perSubject: number;
  seed: number;
  /** Share of people held out (subject-independent split). */
  heldOut: number;
}

export interface ResultsDocumentInput {
  /** The command that regenerates the document. */
  command: string;
  benchmark: BenchmarkDefinition;
  /** People and pairs in the held-out split. */
  heldOutPeople: number;
  heldOutPairs: number;
  rows: ResultRow[];
  /** Training wall time of each trained row in seconds, by label, and the machine it ran on. */
  trainSeconds: Record<string, number>;
  machine: string;
  /** The shipped generator: its path, size, and its numbers re-measured from the file. */
  shipped?: { path: string; megabytes: number; label: string; summary: ResultRow['summary'] };
  /** Markdown appended at the end: what the numbers mean, what was tried (reference/notes.md). */
  notes?: string;
}

const pct = (x: number | undefined) => (x === undefined ? '–' : `${(100 * x).toFixed(1)}%`);

/**
 * The whole RESULTS.md text.
 *
 * @example
 * writeFileSync('docs/RESULTS.md', resultsDocument({ command: 'npm run reference', benchmark, rows, ... }));
 */
export function resultsDocument(d: ResultsDocumentInput): string {
  const b = d.benchmark;
  const out: string[] = [];
  out.push('# Results: Ear2Face on the synthetic benchmark', '');
  out.push(`Regenerate this file (data, training, evaluation) with \`${d.command}\`; it resumes where it stopped.`, '');
  out.push('## Benchmark', '');
  out.push(
    `The synthetic paired ear→face benchmark (\`src/lib/data/synthetic/\`): ${b.subjects} people × ${b.perSubject} pictures at ${b.size}², seed ${b.seed} ` +
      `(\`ear2face data synthetic --size ${b.size} --subjects ${b.subjects} --per-subject ${b.perSubject} --seed ${b.seed} --held-out ${b.heldOut}\`). ` +
      `Subject-independent split: ${d.heldOutPeople} people (${d.heldOutPairs} pairs) are held out; no picture of them is seen in training.`,
    '',
  );
  out.push(
    'Evaluation (the paper\'s protocol): each held-out ear gives a face (dropout noise seed 0; batch-norm statistics of the face\'s own batch of one); ' +
      "probes = generated faces, gallery = the real faces of the held-out people (several per person; a person scores as the best of theirs; ties count against the probe). " +
      'Rank-k from the cosine similarity of the face network\'s 128-d descriptors, and of raw pixels. PSNR and SSIM on [-1, 1] images mapped to [0, 1]. EER from every (generated, real) pair.',
    '',
  );
  out.push('## Table', '', resultsMarkdown(d.rows), '');
  out.push('## Targets', '');
  for (const t of checkTargets(d.rows)) out.push(`- ${t.met ? '**met**' : '**missed**'}: ${t.target} — ${t.detail}`);
  out.push('');
  out.push('## How each row was made', '');
  for (const r of d.rows) {
    const time = d.trainSeconds[r.label];
    out.push(`- **${r.label}**: ${r.source}${time !== undefined ? ` Training took ${(time / 60).toFixed(1)} min.` : ''}`);
  }
  out.push('', `Machine: ${d.machine}.`, '');
  if (d.shipped) {
    const s = d.shipped.summary;
    const row = d.rows.find((r) => r.label === d.shipped!.label)?.summary;
    out.push('## Shipped generator', '');
    out.push(
      `\`${d.shipped.path}\` (${d.shipped.megabytes.toFixed(1)} MB, float16) is the ${d.shipped.label} row's generator. ` +
        'Loaded from that file and evaluated again on the same held-out pairs it gives ' +
        `PSNR ${s.psnr.toFixed(2)} dB, SSIM ${s.ssim.toFixed(3)}, Rank-1 ${pct(s.rank1)}, Rank-10 ${pct(s.rank10)}, pixel Rank-1 ${pct(s.pixelRank1)}` +
        (row ? ` (the table: ${row.psnr.toFixed(2)} dB, ${row.ssim.toFixed(3)}, ${pct(row.rank1)}, ${pct(row.rank10)}, ${pct(row.pixelRank1)}; float16 weights move the faces by ~1e-3).` : '.'),
      '',
    );
  }
  if (d.notes) out.push(d.notes.trim(), '');
  return out.join('\n');
}
