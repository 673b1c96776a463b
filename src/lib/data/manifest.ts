/**
 * The paired-dataset manifest: `manifest.json` ({ format: "ear2face-pairs", version: 1,
 * imageSize?, pairs: [{ ear, face, subject, ...extra }], split? }) or a CSV with header
 * `ear,face,subject`. `format` and `version` may be left out; other values are refused. Problems
 * with the file as a whole throw; problems with one row are kept on the row, for strict or
 * lenient handling by the caller.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseCsv } from './csv';
import type { ItemProblem } from './dataset_error';

export const MANIFEST_FORMAT = 'ear2face-pairs';
export const MANIFEST_VERSION = 1;

/** A manifest's fixed split of subjects (see splits.ts). */
export interface ManifestSplit {
  heldOutSubjects?: string[];
  seed?: number;
  fraction?: number;
}

/** One row as written, or what is wrong with it. */
export interface ManifestRow {
  /** Where the row is, for messages: `manifest.json pairs[3]`, `manifest.csv line 5`. */
  label: string;
  ear: string;
  face: string;
  subject: string;
  /** Further fields of the row (e.g. synthetic identity parameters). */
  extra: Record<string, unknown>;
  error?: { problem: ItemProblem; detail: string };
}

export interface Manifest {
  file: string;
  imageSize?: number;
  split?: ManifestSplit;
  rows: ManifestRow[];
}

const REQUIRED = ['ear', 'face', 'subject'] as const;

/** Checks one row's fields; the row carries an error instead of throwing. */
function checkRow(label: string, value: unknown): ManifestRow {
  const row: ManifestRow = { label, ear: '', face: '', subject: '', extra: {} };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    row.error = { problem: 'bad-field', detail: `got ${JSON.stringify(value)}; expected an object { "ear", "face", "subject" }` };
    return row;
  }
  const record = value as Record<string, unknown>;
  for (const [k, v] of Object.entries(record)) if (!(REQUIRED as readonly string[]).includes(k)) row.extra[k] = v;
  for (const key of REQUIRED) {
    const v = record[key];
    if (v === undefined || v === null || v === '') {
      const what = key === 'subject' ? 'the person it shows (a string)' : 'a path relative to the manifest\'s folder';
      row.error = { problem: 'missing-field', detail: `no "${key}" field; expected ${what}` };
      return row;
    }
    if (key === 'subject') {
      if (typeof v === 'string') row.subject = v;
      else if (typeof v === 'number' && Number.isInteger(v)) row.subject = String(v);
      else {
        row.error = { problem: 'bad-field', detail: `"subject" is ${Array.isArray(v) ? 'an array' : typeof v} ${JSON.stringify(v)}; expected a string (or an integer)` };
        return row;
      }
    } else if (typeof v !== 'string') {
      row.error = { problem: 'bad-field', detail: `"${key}" is ${typeof v} ${JSON.stringify(v)}; expected a path string` };
      return row;
    } else {
      row[key] = v;
    }
  }
  return row;
}

function checkSplit(file: string, split: unknown): ManifestSplit {
  if (split === null || typeof split !== 'object' || Array.isArray(split)) throw new Error(`${file}: "split" is ${JSON.stringify(split)}; expected an object`);
  const s = split as Record<string, unknown>;
  if (s.heldOutSubjects !== undefined && (!Array.isArray(s.heldOutSubjects) || !s.heldOutSubjects.every((v) => typeof v === 'string'))) {
    throw new Error(`${file}: "split.heldOutSubjects" is ${JSON.stringify(s.heldOutSubjects)}; expected an array of subject strings`);
  }
  if (s.seed !== undefined && !Number.isFinite(s.seed)) throw new Error(`${file}: "split.seed" is ${JSON.stringify(s.seed)}; expected a number`);
  if (s.fraction !== undefined && !(typeof s.fraction === 'number' && s.fraction > 0 && s.fraction < 1)) {
    throw new Error(`${file}: "split.fraction" is ${JSON.stringify(s.fraction)}; expected a number between 0 and 1`);
  }
  return { heldOutSubjects: s.heldOutSubjects as string[] | undefined, seed: s.seed as number | undefined, fraction: s.fraction as number | undefined };
}

/**
 * Parses a JSON manifest; `file` names it in messages and row labels.
 *
 * @example
 * parseJsonManifest('{"format":"ear2face-pairs","version":1,"pairs":[{"ear":"e.png","face":"f.png","subject":"s1"}]}', 'manifest.json').rows[0].subject;   // 's1'
 */
export function parseJsonManifest(text: string, file: string): Manifest {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${file}: expected a JSON object with a "pairs" array`);
  const d = doc as Record<string, unknown>;
  if (d.format !== undefined && d.format !== MANIFEST_FORMAT) throw new Error(`${file}: "format" is ${JSON.stringify(d.format)}; expected "${MANIFEST_FORMAT}"`);
  if (d.version !== undefined && d.version !== MANIFEST_VERSION) {
    throw new Error(`${file}: "version" is ${JSON.stringify(d.version)}; this library reads version ${MANIFEST_VERSION}`);
  }
  if (!Array.isArray(d.pairs)) throw new Error(`${file}: "pairs" is ${JSON.stringify(d.pairs)}; expected an array of { "ear", "face", "subject" }`);
  if (d.imageSize !== undefined && !(Number.isInteger(d.imageSize) && (d.imageSize as number) > 0)) {
    throw new Error(`${file}: "imageSize" is ${JSON.stringify(d.imageSize)}; expected a positive integer`);
  }
  return {
    file,
    imageSize: d.imageSize as number | undefined,
    split: d.split === undefined ? undefined : checkSplit(file, d.split),
    rows: d.pairs.map((p, i) => checkRow(`${file} pairs[${i}]`, p)),
  };
}

/**
 * Parses a CSV manifest with a header naming the columns `ear`, `face`, `subject` (any order,
 * further columns kept as extra fields).
 *
 * @example
 * parseCsvManifest('ear,face,subject\nears/a.png,faces/a.png,s1\n', 'manifest.csv').rows[0].label;   // 'manifest.csv line 2'
 */
export function parseCsvManifest(text: string, file: string): Manifest {
  const records = parseCsv(text.replace(/^\uFEFF/, ''), file);
  if (records.length === 0) throw new Error(`${file}: empty; expected a header line ear,face,subject and one line per pair`);
  const header = records[0].fields.map((h) => h.trim());
  for (const key of REQUIRED) {
    if (!header.includes(key)) throw new Error(`${file}: the header ${JSON.stringify(records[0].fields.join(','))} has no "${key}" column; expected ear,face,subject`);
  }
  const rows = records.slice(1).map(({ line, fields }) => {
    const label = `${file} line ${line}`;
    const record: Record<string, string> = {};
    header.forEach((h, i) => {
      if (i < fields.length) record[h] = fields[i].trim();
    });
    const row = checkRow(label, record);
    if (!row.error && fields.length > header.length) {
      row.error = { problem: 'bad-field', detail: `${fields.length} fields but the header has ${header.length}; quote fields that contain commas` };
    }
    return row;
  });
  return { file, rows };
}

/**
 * Reads `manifest.json` or a `.csv` manifest from disk.
 *
 * @example
 * const m = readManifest('data/pairs/manifest.json');
 * m.rows.length;   // one per pair
 */
export function readManifest(path: string): Manifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`${path}: cannot read the manifest (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const file = basename(path);
  return path.toLowerCase().endsWith('.csv') ? parseCsvManifest(text, file) : parseJsonManifest(text, file);
}
