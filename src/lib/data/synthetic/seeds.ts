/**
 * Seeds for the synthetic benchmark: every identity and every picture gets its own random stream
 * derived from (dataset seed, subject, picture, purpose), so any single picture can be rendered
 * again without rendering the ones before it, and the subject count never changes a subject.
 */
import { Rng } from '../../util/rng';

/** What a random stream is for; distinct streams never share numbers. */
export const STREAM = { identity: 1, ear: 2, face: 3, split: 4, session: 5 } as const;

/**
 * A 32-bit hash of a list of integers (FNV-1a over the words, then murmur3's final mix), used to
 * seed independent streams.
 *
 * @example
 * mixSeed(7, 0, 1) === mixSeed(7, 0, 1);   // true
 * mixSeed(7, 0, 1) === mixSeed(7, 1, 0);   // false
 */
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x01000193);
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The random stream for one purpose of one subject (and picture).
 *
 * @example
 * const rng = streamFor(STREAM.ear, 7, 3, 0);   // seed 7, subject 3, picture 0
 */
export function streamFor(purpose: number, seed: number, subject: number, picture = 0): Rng {
  return new Rng(mixSeed(purpose, seed, subject, picture));
}

/**
 * The brightness of the session a pair was taken in, shared by its ear and face pictures (both
 * photos of a pair are taken under the same light), in [0.9, 1.1]: the ear tells it, so a model can
 * learn it, although it is confounded with skin tone.
 *
 * @example
 * sessionBrightness(7, 3, 0);   // e.g. 1.04, the same for the ear and the face of that pair
 */
export function sessionBrightness(seed: number, subject: number, picture: number): number {
  return 1 + 0.1 * (2 * streamFor(STREAM.session, seed, subject, picture).next() - 1);
}
