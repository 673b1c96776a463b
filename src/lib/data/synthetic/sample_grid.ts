/** A picture of the benchmark at a glance: one row per subject, ear | face for a few pictures each. */
import { composeGrid, type RgbImage } from '../image_io';
import { renderSyntheticPair } from './pair';

export interface SampleGridOptions {
  seed: number;
  size: number;
  /** Rows: the first this many subjects (default 8). */
  subjects?: number;
  /** Ear | face pairs per row (default 2). */
  perSubject?: number;
}

/**
 * Renders the grid of the first subjects of a synthetic dataset (the same pictures the dataset
 * holds for that seed and size): each row is ear | face | ear | face ….
 *
 * @example
 * const grid = syntheticSampleGrid({ seed: 0, size: 64 });
 * grid.width;   // 4 · 64 + 5 · 2 gaps = 266
 */
export function syntheticSampleGrid(options: SampleGridOptions): RgbImage {
  const subjects = options.subjects ?? 8;
  const perSubject = options.perSubject ?? 2;
  for (const [name, v] of [['subjects', subjects], ['perSubject', perSubject]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`syntheticSampleGrid: ${name} ${v}; expected a positive integer`);
  }
  const rows: RgbImage[][] = [];
  for (let s = 0; s < subjects; s++) {
    const row: RgbImage[] = [];
    for (let k = 0; k < perSubject; k++) {
      const pair = renderSyntheticPair(options.seed, s, k, options.size);
      row.push(pair.ear, pair.face);
    }
    rows.push(row);
  }
  return composeGrid(rows, 2, 1);
}
