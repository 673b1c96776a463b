/**
 * Datasets without a manifest: a pix2pix "aligned" folder (one ear|face image per pair) or
 * `ears/` + `faces/` folders with matching file names. The subject comes from the file name.
 */
import { readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { ItemProblem } from './dataset_error';
import { IMAGE_EXTENSIONS } from './image_signature';

/** A pair as listed, before its files are checked; `error` when it cannot be a pair. */
export interface Candidate {
  /** Where it comes from, for messages: a path or a manifest row. */
  label: string;
  /** Stable within the dataset: the aligned file's name, the shared name, the manifest row. */
  id: string;
  /** Paths relative to the dataset folder. */
  ear: string;
  face: string;
  subject: string;
  aligned: boolean;
  extra?: Record<string, unknown>;
  error?: { problem: ItemProblem; detail: string };
}

/** Default: the part of the file name before the first `_` ("s0001_03.png" → "s0001"). */
export const DEFAULT_SUBJECT_PATTERN = /^([^_]+)_/;

/**
 * The subject in a file name (without extension): the pattern's first group, or its whole match
 * when it has no group; null when it does not match.
 *
 * @example
 * subjectFromName('s0001_03');                    // 's0001'
 * subjectFromName('0042-left', /^(\d+)-/);        // '0042'
 * subjectFromName('nounderscore');                // null
 */
export function subjectFromName(stem: string, pattern: RegExp = DEFAULT_SUBJECT_PATTERN): string | null {
  const m = pattern.exec(stem);
  pattern.lastIndex = 0;
  if (m === null) return null;
  const s = m[1] ?? m[0];
  return s === '' ? null : s;
}

const isImageName = (name: string): boolean => !name.startsWith('.') && (IMAGE_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase());
const stemOf = (name: string): string => name.slice(0, name.length - extname(name).length);

/**
 * Image file names (by extension; hidden files left out) in `dir`, sorted.
 *
 * @example
 * listImageNames('data/pairs/ears');   // ['s0001_00.png', 's0001_01.png', …]
 */
export function listImageNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && isImageName(e.name))
    .map((e) => e.name)
    .sort();
}

function withSubject(c: Candidate, stem: string, pattern: RegExp): Candidate {
  const subject = subjectFromName(stem, pattern);
  if (subject === null) {
    c.error = { problem: 'no-subject', detail: `file name ${JSON.stringify(stem)} does not match subjectPattern ${pattern}; expected e.g. "s0001_00.png" (subject s0001)` };
  } else {
    c.subject = subject;
  }
  return c;
}

/**
 * One candidate per image in `root` (pix2pix aligned layout: ear left, face right).
 *
 * @example
 * scanAligned('datasets/ears2faces/train').length;   // number of images
 */
export function scanAligned(root: string, pattern: RegExp = DEFAULT_SUBJECT_PATTERN): Candidate[] {
  return listImageNames(root).map((name) =>
    withSubject({ label: join(root, name), id: name, ear: name, face: name, subject: '', aligned: true }, stemOf(name), pattern),
  );
}

/**
 * Pairs `ears/<name>` with `faces/<name>` by file name without extension (so `a.png` pairs with
 * `a.jpg`); an image without a partner, or two images with one name, is a bad candidate.
 *
 * @example
 * scanFolders('data/pairs');   // [{ id: 's0001_00', ear: 'ears/s0001_00.png', face: 'faces/s0001_00.png', subject: 's0001', … }]
 */
export function scanFolders(root: string, pattern: RegExp = DEFAULT_SUBJECT_PATTERN): Candidate[] {
  const byStem = (folder: 'ears' | 'faces') => {
    const map = new Map<string, string[]>();
    for (const name of listImageNames(join(root, folder))) {
      const stem = stemOf(name);
      map.set(stem, [...(map.get(stem) ?? []), `${folder}/${name}`]);
    }
    return map;
  };
  const ears = byStem('ears');
  const faces = byStem('faces');
  const stems = [...new Set([...ears.keys(), ...faces.keys()])].sort();
  return stems.map((stem) => {
    const e = ears.get(stem) ?? [];
    const f = faces.get(stem) ?? [];
    const c: Candidate = { label: join(root, e[0] ?? f[0]), id: stem, ear: e[0] ?? '', face: f[0] ?? '', subject: '', aligned: false };
    if (e.length > 1 || f.length > 1) {
      const dup = e.length > 1 ? e : f;
      c.error = { problem: 'bad-field', detail: `${dup.join(' and ')} share the name ${JSON.stringify(stem)}; expected one image per name` };
    } else if (e.length === 0) {
      c.error = { problem: 'missing-partner', detail: `no ear image named ${JSON.stringify(stem)}.* in ears/ for this face` };
    } else if (f.length === 0) {
      c.error = { problem: 'missing-partner', detail: `no face image named ${JSON.stringify(stem)}.* in faces/ for this ear` };
    } else {
      return withSubject(c, stem, pattern);
    }
    return c;
  });
}
