/**
 * The index of a paired ear→face dataset: which pairs exist, whose they are, and that their files
 * are images of a usable size — checked from the headers before training starts, so a bad file
 * stops the run at once (strict, the default) or is left out and reported (lenient).
 *
 * Three layouts: a manifest (`manifest.json` or a `.csv`, see manifest.ts), `ears/` + `faces/`
 * folders with matching file names, or a pix2pix "aligned" folder of ear|face images.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Candidate, DEFAULT_SUBJECT_PATTERN, scanAligned, scanFolders } from './dataset_scan';
import { DatasetItemError, LoadSummary, WarningSink } from './dataset_error';
import { resolveInside } from './dataset_paths';
import { DecodeOptions, readImage } from './image_decode';
import { ImageError } from './image_error';
import { checkImageLimits, ImageLimits, readImageFileHeader } from './image_header';
import { ManifestSplit, readManifest } from './manifest';
import type { PairItem } from './pair_item';

export const DATASET_FORMATS = ['aligned', 'folders', 'manifest'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

export interface PairIndexOptions {
  /** Layout (default 'auto': a manifest, else ears/ + faces/, else aligned images). */
  format?: 'auto' | DatasetFormat;
  /** Subject from a file name without extension (not for manifests): group 1 of the match. Default: the part before the first `_`. */
  subjectPattern?: RegExp;
  /** Throw at the first bad item (default true); false: skip it, warn, and list it in the summary. */
  strict?: boolean;
  /** Receives one line per skipped item in lenient mode (default: console.warn). */
  onWarning?: WarningSink;
  /**
   * How far files are checked: 'header' (default: format, structure, declared size — fast),
   * 'decode' (also decode every image: finds corrupt data, slow), 'none' (paths only).
   */
  check?: 'header' | 'decode' | 'none';
  /** The training size; with it, images needing more than `maxUpscale`× enlargement are refused. Default: the manifest's imageSize. */
  imageSize?: number;
  /** Smallest side (px) of an image — of each half of an aligned image — accepted (default 16). */
  minSide?: number;
  /** Largest enlargement to `imageSize` accepted (default 4: a 64 px ear may train at 256). */
  maxUpscale?: number;
  /** Declared-size limits (default 8192 px a side, 50 M pixels). */
  limits?: ImageLimits;
  /** Used by check 'decode' (transparency background). */
  background?: DecodeOptions['background'];
}

export interface PairIndex {
  /** The dataset folder (a real path). */
  root: string;
  format: DatasetFormat;
  /** The manifest file, when there is one. */
  manifest?: string;
  items: PairItem[];
  /** Sorted, unique. */
  subjects: string[];
  /** The manifest's declared size, if any. */
  imageSize?: number;
  /** The manifest's fixed split, if any. */
  split?: ManifestSplit;
  summary: LoadSummary;
}

interface Checks {
  check: 'header' | 'decode' | 'none';
  minSide: number;
  maxUpscale: number;
  imageSize?: number;
  limits: ImageLimits;
  background?: DecodeOptions['background'];
}

function checkOptions(o: PairIndexOptions): void {
  if (o.format !== undefined && o.format !== 'auto' && !(DATASET_FORMATS as readonly string[]).includes(o.format)) {
    throw new Error(`format: got ${JSON.stringify(o.format)}; expected 'auto', ${DATASET_FORMATS.map((f) => `'${f}'`).join(', ')}`);
  }
  if (o.check !== undefined && !['header', 'decode', 'none'].includes(o.check)) throw new Error(`check: got ${JSON.stringify(o.check)}; expected 'header', 'decode' or 'none'`);
  if (o.subjectPattern !== undefined && !(o.subjectPattern instanceof RegExp)) throw new Error(`subjectPattern: got ${String(o.subjectPattern)}; expected a RegExp`);
  for (const key of ['imageSize', 'minSide'] as const) {
    const v = o[key];
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) throw new Error(`${key}: got ${v}; expected a positive integer`);
  }
  if (o.maxUpscale !== undefined && !(o.maxUpscale >= 1)) throw new Error(`maxUpscale: got ${o.maxUpscale}; expected a number ≥ 1`);
}

/** Checks one image file of a pair; throws ImageError. */
async function checkImage(path: string, aligned: boolean, c: Checks): Promise<void> {
  if (c.check === 'none') return;
  const h = readImageFileHeader(path);
  checkImageLimits(h, path, c.limits);
  if (aligned && h.width !== 2 * h.height) {
    throw new ImageError(path, 'wrong-aspect', `${h.width}×${h.height} px; expected an aligned ear|face image twice as wide as high (${2 * h.height}×${h.height})`);
  }
  const side = aligned ? h.height : Math.min(h.width, h.height);
  const what = aligned ? `each half is ${h.height}×${h.height} px` : `${h.width}×${h.height} px`;
  if (side < c.minSide) throw new ImageError(path, 'too-small', `${what}; expected at least ${c.minSide} px a side (option minSide)`);
  if (c.imageSize !== undefined && side * c.maxUpscale < c.imageSize) {
    throw new ImageError(
      path,
      'too-small',
      `${what}, too small for imageSize ${c.imageSize}: expected at least ${Math.ceil(c.imageSize / c.maxUpscale)} px a side (at most ${c.maxUpscale}× enlargement, option maxUpscale)`,
    );
  }
  if (c.check === 'decode') await readImage(path, { limits: c.limits, background: c.background });
}

/** A candidate → an item, or a DatasetItemError saying why not. */
async function toItem(root: string, cand: Candidate, checks: Checks): Promise<PairItem> {
  if (cand.error) throw new DatasetItemError(cand.label, cand.error.problem, cand.error.detail);
  const ear = resolveInside(root, cand.ear, cand.label);
  const face = cand.aligned ? ear : resolveInside(root, cand.face, cand.label);
  try {
    await checkImage(ear, cand.aligned, checks);
    if (!cand.aligned) await checkImage(face, false, checks);
  } catch (e) {
    if (!(e instanceof ImageError)) throw e;
    // The label is the file itself for scanned folders; a manifest row names the file in the detail.
    throw new DatasetItemError(cand.label, e.problem, e.file === cand.label ? e.detail : e.message);
  }
  const item: PairItem = { id: cand.id, subject: cand.subject, ear, face, aligned: cand.aligned };
  if (cand.extra !== undefined && Object.keys(cand.extra).length > 0) item.extra = cand.extra;
  return item;
}

/** The layout and its candidates. */
function listCandidates(path: string, o: PairIndexOptions): { root: string; format: DatasetFormat; manifest?: string; candidates: Candidate[]; imageSize?: number; split?: ManifestSplit } {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new Error(`${path}: no such dataset folder or manifest file`);
  }
  const fromManifest = (file: string) => {
    const m = readManifest(file);
    const candidates = m.rows.map((r): Candidate => ({ label: r.label, id: r.label.slice(m.file.length + 1), ear: r.ear, face: r.face, subject: r.subject, aligned: false, extra: r.extra, error: r.error }));
    return { root: realpathSync(dirname(file)), format: 'manifest' as const, manifest: realpathSync(file), candidates, imageSize: m.imageSize, split: m.split };
  };
  if (stat.isFile()) return fromManifest(path);
  const root = realpathSync(path);
  const pattern = o.subjectPattern ?? DEFAULT_SUBJECT_PATTERN;
  const format = o.format ?? 'auto';
  const manifestFile = ['manifest.json', 'manifest.csv'].map((n) => join(root, n)).find((f) => existsSync(f));
  const hasFolders = existsSync(join(root, 'ears')) && existsSync(join(root, 'faces'));
  if (format === 'manifest' || (format === 'auto' && manifestFile)) {
    if (!manifestFile) throw new Error(`${root}: no manifest.json or manifest.csv in the dataset folder`);
    return fromManifest(manifestFile);
  }
  if (format === 'folders' || (format === 'auto' && hasFolders)) {
    if (!hasFolders) throw new Error(`${root}: expected ears/ and faces/ folders with matching file names`);
    return { root, format: 'folders', candidates: scanFolders(root, pattern) };
  }
  const candidates = scanAligned(root, pattern);
  if (format === 'auto' && candidates.length === 0) {
    throw new Error(`${root}: no dataset found; expected manifest.json, manifest.csv, ears/ + faces/ folders, or aligned ear|face images`);
  }
  return { root, format: 'aligned', candidates };
}

/**
 * Lists and checks the pairs of a dataset folder (or a manifest file). Strict (default): the
 * first bad item throws a {@link DatasetItemError} naming the file or row and the problem.
 * Lenient (`strict: false`): bad items are skipped, reported to `onWarning`, and listed in
 * `summary.skipped`. Throws when no pair is usable.
 *
 * @example
 * const index = await loadPairIndex('data/pairs', { imageSize: 256 });
 * index.items.length;    // pairs
 * index.subjects;        // ['s0001', 's0002', …]
 * const lenient = await loadPairIndex('data/scraped', { strict: false, onWarning: (m) => log(m) });
 * lenient.summary;       // { total: 1200, used: 1187, skipped: [{ item, problem, reason }, …] }
 */
export async function loadPairIndex(path: string, options: PairIndexOptions = {}): Promise<PairIndex> {
  checkOptions(options);
  const listed = listCandidates(path, options);
  const checks: Checks = {
    check: options.check ?? 'header',
    minSide: options.minSide ?? 16,
    maxUpscale: options.maxUpscale ?? 4,
    imageSize: options.imageSize ?? listed.imageSize,
    limits: options.limits ?? {},
    background: options.background,
  };
  const strict = options.strict ?? true;
  const warn = options.onWarning ?? ((m: string) => console.warn(m));
  const items: PairItem[] = [];
  const summary: LoadSummary = { total: listed.candidates.length, used: 0, skipped: [] };
  for (const cand of listed.candidates) {
    try {
      items.push(await toItem(listed.root, cand, checks));
    } catch (e) {
      if (!(e instanceof DatasetItemError) || strict) throw e;
      summary.skipped.push({ item: e.item, problem: e.problem, reason: e.detail });
      warn(`skipped ${e.message}`);
    }
  }
  summary.used = items.length;
  if (items.length === 0) {
    const first = summary.skipped[0];
    throw new Error(`${listed.root}: no usable pairs (${summary.total} listed${first ? `; the first skipped: ${first.item}: ${first.reason}` : ''})`);
  }
  return {
    root: listed.root,
    format: listed.format,
    manifest: listed.manifest,
    items,
    subjects: [...new Set(items.map((i) => i.subject))].sort(),
    imageSize: listed.imageSize,
    split: listed.split,
    summary,
  };
}
