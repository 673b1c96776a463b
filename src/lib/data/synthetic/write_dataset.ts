/**
 * Writes a synthetic paired dataset: `ears/` and `faces/` PNGs and `manifest.json` in the paired
 * manifest format, with each pair's identity parameters and jitter and the subject-independent
 * split. A marker file is written first and removed after the manifest, so an interrupted run
 * leaves no manifest (nothing loads it) and is recognised and replaced by the next run.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { rgbToPngBytes } from '../png_writer';
import { renderSyntheticPair, pairFiles, subjectId } from './pair';
import { heldOutSubjects } from './split';

/** Names the generator in the manifest, so a later run knows the folder is its own. */
export const SYNTHETIC_GENERATOR = 'ear2face-synthetic';
/** Bumped whenever the pictures for a given seed change. */
export const SYNTHETIC_VERSION = 1;
/** Present while a dataset is being written. */
export const INCOMPLETE_MARKER = 'incomplete.json';
/** Picture sizes the models train at. */
export const SYNTHETIC_SIZES = [64, 128, 256] as const;

export interface SyntheticDatasetOptions {
  /** The dataset folder: created if missing; must be empty or a previous synthetic dataset. */
  out: string;
  /** Picture size: 64, 128 or 256. */
  size: number;
  subjects: number;
  perSubject: number;
  /** An integer in [0, 2³²). */
  seed: number;
  /** Share of subjects held out for the subject-independent split, in (0, 1); default 0.1. */
  heldOutFraction?: number;
  /** Called after each pair is written. */
  onProgress?: (done: number, total: number) => void;
}

export interface SyntheticDatasetResult {
  /** Absolute path of manifest.json. */
  manifest: string;
  pairs: number;
  heldOutSubjects: string[];
}

/**
 * Throws an error naming the first bad option, its value and what was expected.
 *
 * @example
 * checkSyntheticOptions({ out: 'x', size: 100, subjects: 4, perSubject: 1, seed: 0 });
 * // Error: writeSyntheticDataset: size 100; expected one of 64, 128, 256
 */
export function checkSyntheticOptions(o: SyntheticDatasetOptions): void {
  const fn = 'writeSyntheticDataset';
  if (typeof o.out !== 'string' || o.out === '') throw new Error(`${fn}: out ${JSON.stringify(o.out)}; expected a folder path`);
  if (!(SYNTHETIC_SIZES as readonly number[]).includes(o.size)) throw new Error(`${fn}: size ${o.size}; expected one of ${SYNTHETIC_SIZES.join(', ')}`);
  if (!Number.isInteger(o.subjects) || o.subjects < 2) throw new Error(`${fn}: subjects ${o.subjects}; expected an integer of at least 2 (the split holds out at least one)`);
  if (!Number.isInteger(o.perSubject) || o.perSubject < 1) throw new Error(`${fn}: perSubject ${o.perSubject}; expected a positive integer`);
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff) throw new Error(`${fn}: seed ${o.seed}; expected an integer from 0 to 4294967295`);
  const f = o.heldOutFraction ?? 0.1;
  if (typeof f !== 'number' || !(f > 0 && f < 1)) throw new Error(`${fn}: heldOutFraction ${f}; expected a number between 0 and 1 (exclusive)`);
}

/** True when `dir` holds a manifest written by this generator or an interrupted run of it. */
function isSyntheticFolder(dir: string): boolean {
  if (existsSync(join(dir, INCOMPLETE_MARKER))) return true;
  try {
    const doc = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    return doc?.synthetic?.generator === SYNTHETIC_GENERATOR;
  } catch {
    return false;
  }
}

/** Makes `dir` ready: created, or emptied of a previous synthetic dataset's files; else throws. */
function prepareFolder(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new Error(`writeSyntheticDataset: out ${dir} is a file; expected a folder`);
  mkdirSync(dir, { recursive: true });
  const entries = readdirSync(dir);
  if (entries.length > 0 && !isSyntheticFolder(dir)) {
    const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? ', …' : '');
    throw new Error(`writeSyntheticDataset: out ${dir} is not empty (${shown}) and is not a synthetic dataset; refusing to overwrite it — choose an empty or new folder`);
  }
  writeFileSync(join(dir, INCOMPLETE_MARKER), JSON.stringify({ generator: SYNTHETIC_GENERATOR, note: 'being written; no manifest.json until done' }) + '\n');
  for (const stale of ['manifest.json', 'manifest.json.tmp']) if (existsSync(join(dir, stale))) unlinkSync(join(dir, stale));
  for (const sub of ['ears', 'faces']) {
    const folder = join(dir, sub);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder)) if (/^s\d+_\d+\.png$/.test(name)) unlinkSync(join(folder, name));
  }
}

const round = (v: number) => Math.round(v * 1e4) / 1e4;

/** Numbers rounded to 4 decimals (enough to read, small in the manifest). */
function rounded(record: object): Record<string, number | string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v]));
}

/**
 * Writes `subjects × perSubject` pairs and their manifest into `out`.
 *
 * @example
 * const r = await writeSyntheticDataset({ out: 'data/generated/synthetic', size: 128, subjects: 100, perSubject: 4, seed: 0 });
 * r.pairs;              // 400
 * r.heldOutSubjects;    // 10 subject ids
 */
export async function writeSyntheticDataset(options: SyntheticDatasetOptions): Promise<SyntheticDatasetResult> {
  checkSyntheticOptions(options);
  const { size, subjects, perSubject, seed } = options;
  const fraction = options.heldOutFraction ?? 0.1;
  const dir = resolve(options.out);
  prepareFolder(dir);
  mkdirSync(join(dir, 'ears'), { recursive: true });
  mkdirSync(join(dir, 'faces'), { recursive: true });

  const total = subjects * perSubject;
  const lines: string[] = [];
  for (let s = 0; s < subjects; s++) {
    for (let k = 0; k < perSubject; k++) {
      const pair = renderSyntheticPair(seed, s, k, size);
      const files = pairFiles(s, k, perSubject);
      writeFileSync(join(dir, files.ear), rgbToPngBytes(pair.ear, 9));
      writeFileSync(join(dir, files.face), rgbToPngBytes(pair.face, 9));
      const row = { ...files, subject: subjectId(s), params: rounded(pair.identity), jitter: { ear: rounded(pair.earJitter), face: rounded(pair.faceJitter) } };
      lines.push(`    ${JSON.stringify(row)}`);
      options.onProgress?.(lines.length, total);
      // Let timers and signals run now and then during a long run.
      if (lines.length % 64 === 0) await new Promise((r) => setImmediate(r));
    }
  }
  const held = heldOutSubjects(subjects, fraction, seed);
  // One pair per line: readable, and small diffs when a committed sample changes.
  const head = { format: 'ear2face-pairs', version: 1, imageSize: size };
  const tail = {
    split: { heldOutSubjects: held, seed, fraction },
    synthetic: { generator: SYNTHETIC_GENERATOR, version: SYNTHETIC_VERSION, seed, subjects, perSubject },
  };
  const text = [
    '{',
    ...Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`),
    '  "pairs": [',
    lines.join(',\n'),
    '  ],',
    Object.entries(tail).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n'),
    '}',
    '',
  ].join('\n');
  const manifest = join(dir, 'manifest.json');
  writeFileSync(`${manifest}.tmp`, text);
  renameSync(`${manifest}.tmp`, manifest);
  unlinkSync(join(dir, INCOMPLETE_MARKER));
  return { manifest, pairs: total, heldOutSubjects: held };
}
