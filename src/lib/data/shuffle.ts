/** Seeded shuffling (Fisher–Yates), so splits and epoch orders repeat for a seed. */
import { Rng } from '../util/rng';

/**
 * A shuffled copy of `items`, the same for the same rng state.
 *
 * @example
 * shuffled([1, 2, 3, 4], new Rng(0));   // the same permutation every time for seed 0
 */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * A 32-bit seed derived from several numbers (e.g. a seed and an epoch), well mixed so that
 * neighbouring inputs give unrelated streams.
 *
 * @example
 * new Rng(mixSeed(seed, epoch));
 */
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
  }
  return h >>> 0;
}
