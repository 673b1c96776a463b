/**
 * One synthetic pair addressed by (seed, subject, picture): its identity, both pictures, their
 * jitter and the file names they get in a dataset. Rendering a pair never depends on any other.
 */
import type { RgbImage } from '../image_io';
import { identityFor, type SyntheticIdentity } from './identity';
import { earJitterFor, renderEar, type EarJitter } from './render_ear';
import { faceJitterFor, renderFace, type FaceJitter } from './render_face';

/** A rendered pair with everything that made it. */
export interface SyntheticPair {
  subject: string;
  subjectIndex: number;
  picture: number;
  identity: SyntheticIdentity;
  earJitter: EarJitter;
  faceJitter: FaceJitter;
  ear: RgbImage;
  face: RgbImage;
}

/**
 * The subject id of 0-based subject number `index`: 's0001' for 0 (at least four digits).
 *
 * @example
 * subjectId(41);   // 's0042'
 */
export function subjectId(index: number): string {
  return `s${String(index + 1).padStart(4, '0')}`;
}

/**
 * The ear and face file names of a pair, relative to the dataset folder; pictures get at least
 * two digits, more when a subject has 100 or more.
 *
 * @example
 * pairFiles(0, 3, 4);   // { ear: 'ears/s0001_03.png', face: 'faces/s0001_03.png' }
 */
export function pairFiles(subjectIndex: number, picture: number, perSubject: number): { ear: string; face: string } {
  const name = `${subjectId(subjectIndex)}_${String(picture).padStart(Math.max(2, String(perSubject - 1).length), '0')}.png`;
  return { ear: `ears/${name}`, face: `faces/${name}` };
}

/**
 * Renders picture `picture` of subject `subjectIndex` in a dataset with this seed.
 *
 * @example
 * const p = renderSyntheticPair(7, 0, 0, 128);
 * p.subject;      // 's0001'
 * p.ear.width;    // 128
 */
export function renderSyntheticPair(seed: number, subjectIndex: number, picture: number, size: number): SyntheticPair {
  const identity = identityFor(seed, subjectIndex);
  const earJitter = earJitterFor(seed, subjectIndex, picture);
  const faceJitter = faceJitterFor(seed, subjectIndex, picture);
  return {
    subject: subjectId(subjectIndex),
    subjectIndex,
    picture,
    identity,
    earJitter,
    faceJitter,
    ear: renderEar(identity, size, earJitter),
    face: renderFace(identity, size, faceJitter),
  };
}

/**
 * All pairs of the first `subjects` subjects, `perSubject` pictures each, in memory (subject-major
 * order, as a dataset folder lists them).
 *
 * @example
 * const pairs = syntheticPairs({ size: 64, subjects: 8, perSubject: 4, seed: 1 });
 * pairs.length;   // 32
 */
export function syntheticPairs(options: { size: number; subjects: number; perSubject: number; seed: number }): SyntheticPair[] {
  const { size, subjects, perSubject, seed } = options;
  for (const [name, v] of [['size', size], ['subjects', subjects], ['perSubject', perSubject]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`syntheticPairs: ${name} ${v}; expected a positive integer`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`syntheticPairs: seed ${seed}; expected an integer from 0 to 4294967295`);
  const out: SyntheticPair[] = [];
  for (let s = 0; s < subjects; s++) for (let k = 0; k < perSubject; k++) out.push(renderSyntheticPair(seed, s, k, size));
  return out;
}
