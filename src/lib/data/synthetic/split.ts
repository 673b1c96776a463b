/** Which synthetic subjects are held out for the subject-independent protocol. */
import { STREAM, streamFor } from './seeds';
import { subjectId } from './pair';

/**
 * The held-out subject ids: round(fraction·subjects) of them, at least 1 and at most all but one,
 * chosen by the seed (a seeded shuffle of all subjects), sorted.
 *
 * @example
 * heldOutSubjects(50, 0.1, 7);   // five ids such as ['s0004', 's0013', ...]
 */
export function heldOutSubjects(subjects: number, fraction: number, seed: number): string[] {
  if (!Number.isInteger(subjects) || subjects < 2) throw new Error(`heldOutSubjects: subjects ${subjects}; expected an integer of at least 2 (one to hold out, one to train on)`);
  if (!(fraction > 0 && fraction < 1)) throw new Error(`heldOutSubjects: fraction ${fraction}; expected a number between 0 and 1`);
  const count = Math.min(subjects - 1, Math.max(1, Math.round(fraction * subjects)));
  const order = Array.from({ length: subjects }, (_, i) => i);
  const rng = streamFor(STREAM.split, seed, 0);
  for (let i = subjects - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.slice(0, count).sort((a, b) => a - b).map(subjectId);
}
