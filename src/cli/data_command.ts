/**
 * `ear2face data <subcommand>`: dataset tools. `data synthetic` writes the synthetic paired
 * ear→face benchmark (PNGs + manifest.json), optionally a sample grid and the pixel baselines.
 */
import { dirname, join, resolve, basename } from 'node:path';
import { writePng } from '../lib/data/image_io';
import { checkSyntheticOptions, SYNTHETIC_SIZES, writeSyntheticDataset } from '../lib/data/synthetic/write_dataset';
import { syntheticSampleGrid } from '../lib/data/synthetic/sample_grid';
import { syntheticBaselines } from '../lib/data/synthetic/baselines';
import { parseFlags, helpText, UsageError, type FlagSpec } from './args';

const syntheticSpec = {
  size: { type: 'number', default: 128, help: 'picture size: 64, 128 or 256' },
  subjects: { type: 'number', default: 100, help: 'identities (at least 2)' },
  'per-subject': { type: 'number', default: 4, help: 'ear/face pairs per identity' },
  out: { type: 'string', default: 'data/generated/synthetic', help: 'dataset folder (must be empty or a previous synthetic dataset)' },
  seed: { type: 'number', default: 0, help: 'seed: the same seed gives the same pictures' },
  'held-out': { type: 'number', default: 0.1, help: 'share of subjects held out for the subject-independent split' },
  grid: { type: 'boolean', help: 'also write <out>-grid.png: ear | face of the first 8 subjects, 2 pictures each' },
  'grid-size': { type: 'number', default: 0, help: 'picture size in the grid; 0 means --size' },
  baselines: { type: 'boolean', help: 'also print the pixel baselines (mean face, nearest ear) on the held-out subjects' },
  help: { type: 'boolean', help: 'show this help' },
} satisfies FlagSpec;

export const dataSyntheticHelp = helpText(
  'ear2face data synthetic',
  'Write the synthetic paired ear→face benchmark: ears/ and faces/ PNGs and manifest.json with each\n' +
    "pair's identity parameters and the subject-independent split (see src/lib/data/synthetic/README.md).",
  syntheticSpec,
);

const dataUsage = `usage: ear2face data <subcommand> [options]

subcommands:
  synthetic   write the synthetic paired ear→face benchmark (PNGs + manifest.json)

Run 'ear2face data <subcommand> --help' for its options.`;

export async function dataCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'synthetic':
      return syntheticCommand(rest);
    case '--help':
    case '-h':
    case 'help':
      console.log(dataUsage);
      return 0;
    case undefined:
      throw new UsageError(`ear2face data: expected a subcommand\n\n${dataUsage}`);
    default:
      throw new UsageError(`ear2face data: unknown subcommand ${JSON.stringify(sub)}\n\n${dataUsage}`);
  }
}

async function syntheticCommand(argv: string[]): Promise<number> {
  const command = 'ear2face data synthetic';
  const f = parseFlags(argv, syntheticSpec, command);
  if (f.help) {
    console.log(dataSyntheticHelp);
    return 0;
  }
  const checks: [boolean, string][] = [
    [(SYNTHETIC_SIZES as readonly number[]).includes(f.size), `--size must be 64, 128 or 256, got ${f.size}`],
    [Number.isInteger(f.subjects) && f.subjects >= 2, `--subjects must be an integer of at least 2, got ${f.subjects}`],
    [Number.isInteger(f['per-subject']) && f['per-subject'] >= 1, `--per-subject must be a positive integer, got ${f['per-subject']}`],
    [Number.isInteger(f.seed) && f.seed >= 0 && f.seed <= 0xffffffff, `--seed must be an integer from 0 to 4294967295, got ${f.seed}`],
    [f['held-out'] > 0 && f['held-out'] < 1, `--held-out must be a number between 0 and 1 (exclusive), got ${f['held-out']}`],
    [f.out !== '', '--out must name a folder'],
    [f['grid-size'] === 0 || (SYNTHETIC_SIZES as readonly number[]).includes(f['grid-size']), `--grid-size must be 0 (same as --size), 64, 128 or 256, got ${f['grid-size']}`],
  ];
  for (const [ok, message] of checks) if (!ok) throw new UsageError(`${command}: ${message}`);
  const options = { out: f.out, size: f.size, subjects: f.subjects, perSubject: f['per-subject'], seed: f.seed, heldOutFraction: f['held-out'] };
  checkSyntheticOptions(options);

  const t0 = Date.now();
  let lastShown = 0;
  const result = await writeSyntheticDataset({
    ...options,
    onProgress: (done, total) => {
      const now = Date.now();
      if (done < total && now - lastShown < 1000) return;
      lastShown = now;
      const rate = done / Math.max(1e-3, (now - t0) / 1000);
      console.log(`pairs ${done}/${total} (${Math.round((100 * done) / total)}%)  ${rate.toFixed(0)} pairs/s  eta ${((total - done) / rate).toFixed(0)} s`);
    },
  });
  console.log(`wrote ${result.pairs} pairs (${f.subjects} subjects × ${f['per-subject']}, ${f.size}²) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`manifest: ${result.manifest}`);
  console.log(`held-out subjects (${result.heldOutSubjects.length}): ${result.heldOutSubjects.join(' ')}`);
  if (f.grid) {
    const dir = resolve(f.out);
    const grid = join(dirname(dir), `${basename(dir)}-grid.png`);
    const size = f['grid-size'] === 0 ? f.size : f['grid-size'];
    await writePng(syntheticSampleGrid({ seed: f.seed, size, subjects: Math.min(8, f.subjects), perSubject: Math.min(2, f['per-subject']) }), grid);
    console.log(`sample grid (ear | face, ear | face): ${grid}`);
  }
  if (f.baselines) {
    const r = syntheticBaselines({ seed: f.seed, size: f.size, subjects: f.subjects, perSubject: f['per-subject'], heldOutFraction: f['held-out'] });
    console.log(`baselines: mean |error| to the true face on ${r.testPairs} held-out pairs ([-1, 1] units; ${r.trainPairs} training pairs)`);
    const rows: [string, number | undefined][] = [
      ['mean training face', r.meanFace],
      ['face of the nearest training ear', r.nearestEar],
      [`mean face of the ${r.k} nearest training ears`, r.kNearestEars],
      ['another picture of the same person', r.samePersonOtherPicture],
      ['oracle: ear-visible parameters, no picture jitter', r.earOracle],
      ['oracle: the true person, no picture jitter', r.identityOracle],
    ];
    for (const [name, v] of rows) if (v !== undefined) console.log(`  ${name.padEnd(52)} ${v.toFixed(4)}`);
  }
  return 0;
}
