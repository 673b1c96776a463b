/**
 * A learnability check for the synthetic benchmark, from pixels alone: on held-out subjects, how
 * far from the true face (mean absolute error in [-1, 1] units) are
 *   - the mean training face (knows nothing about the ear),
 *   - the face paired with the nearest training ear (1-NN) and the mean face of the k nearest,
 *   - another picture of the same person (what per-picture jitter alone costs),
 *   - oracles without per-picture jitter (only the session light, which the ear shows): the true
 *     person's face, and the face a perfect ear reader would draw (ear-visible parameters right,
 *     face-only ones at their middle values).
 * A benchmark with signal has k-NN below the mean face; with unpredictable parts, well above 0.
 */
import type { RgbImage } from '../image_io';
import { IDENTITY_PARAMETERS, identityFor, type SyntheticIdentity } from './identity';
import { earJitterFor, renderEar } from './render_ear';
import { faceJitterFor, NO_FACE_JITTER, renderFace } from './render_face';
import { heldOutSubjects } from './split';
import { subjectId } from './pair';
import { sessionBrightness } from './seeds';

export interface BaselineOptions {
  seed: number;
  size: number;
  subjects: number;
  perSubject: number;
  heldOutFraction?: number;
  /** Neighbours averaged by the k-NN baseline (default 5). */
  k?: number;
  /** Ears are compared as box-filtered featureSize² pictures (default 16), robust to jitter. */
  featureSize?: number;
}

export interface BaselineReport {
  trainPairs: number;
  testPairs: number;
  k: number;
  meanFace: number;
  nearestEar: number;
  kNearestEars: number;
  /** Only when perSubject ≥ 2. */
  samePersonOtherPicture?: number;
  /** The true identity drawn without per-picture jitter. */
  identityOracle: number;
  /** Ear-visible parameters of the true identity, face-only ones at their middle, no per-picture jitter. */
  earOracle: number;
}

/**
 * The identity a perfect reader of the ear could reconstruct: ear-visible parameters kept,
 * face-only ones set to the middle of their range (the first name for named ones).
 *
 * @example
 * earVisibleOnly(identityFor(0, 3)).eyeSpacing;   // 0.5
 */
export function earVisibleOnly(id: SyntheticIdentity): SyntheticIdentity {
  const out: Record<string, unknown> = { ...id };
  for (const p of IDENTITY_PARAMETERS) if (!p.visibleInEar) out[p.name] = p.values === 'unit' ? 0.5 : p.values[0];
  return out as unknown as SyntheticIdentity;
}

/**
 * Box-filters a square picture down to `n`×`n` (n must divide its size).
 *
 * @example
 * downsample(renderEar(identityFor(0, 0), 64), 16).length;   // 16 · 16 · 3 = 768
 */
export function downsample(img: RgbImage, n: number): Float32Array {
  const f = img.width / n;
  if (!Number.isInteger(f)) throw new Error(`downsample: size ${img.width} is not a multiple of ${n}`);
  const out = new Float32Array(n * n * 3);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const o = (Math.floor(y / f) * n + Math.floor(x / f)) * 3;
      const i = (y * img.width + x) * 3;
      for (let c = 0; c < 3; c++) out[o + c] += img.data[i + c] / (f * f);
    }
  }
  return out;
}

/**
 * Mean absolute difference of two equal-length arrays.
 *
 * @example
 * meanAbs(Float32Array.of(1, -1), Float32Array.of(0, 1));   // 1.5
 */
export function meanAbs(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / a.length;
}

/**
 * Computes the baselines on the subject-independent split of a synthetic dataset, rendering the
 * pictures it needs (no files).
 *
 * @example
 * const r = syntheticBaselines({ seed: 0, size: 64, subjects: 60, perSubject: 3, heldOutFraction: 0.2 });
 * r.kNearestEars < r.meanFace;   // true: the ear tells something about the face
 */
export function syntheticBaselines(options: BaselineOptions): BaselineReport {
  const { seed, size, subjects, perSubject } = options;
  const k = options.k ?? 5;
  const featureSize = options.featureSize ?? 16;
  const held = new Set(heldOutSubjects(subjects, options.heldOutFraction ?? 0.1, seed));
  const face = (s: number, p: number) => renderFace(identityFor(seed, s), size, faceJitterFor(seed, s, p));
  const train: { s: number; p: number; feature: Float32Array }[] = [];
  const test: { s: number; p: number; feature: Float32Array }[] = [];
  const mean = new Float32Array(size * size * 3);
  for (let s = 0; s < subjects; s++) {
    const id = identityFor(seed, s);
    for (let p = 0; p < perSubject; p++) {
      const feature = downsample(renderEar(id, size, earJitterFor(seed, s, p)), featureSize);
      if (held.has(subjectId(s))) test.push({ s, p, feature });
      else {
        train.push({ s, p, feature });
        const f = face(s, p).data;
        for (let i = 0; i < mean.length; i++) mean[i] += f[i];
      }
    }
  }
  for (let i = 0; i < mean.length; i++) mean[i] /= train.length;
  const sums = { meanFace: 0, nearestEar: 0, kNearestEars: 0, samePerson: 0, identityOracle: 0, earOracle: 0 };
  for (const t of test) {
    const truth = face(t.s, t.p).data;
    const ranked = train.map((r) => ({ r, d: squaredDistance(r.feature, t.feature) })).sort((a, b) => a.d - b.d);
    const neighbours = ranked.slice(0, k).map(({ r }) => face(r.s, r.p).data);
    const average = new Float32Array(truth.length);
    for (const n of neighbours) for (let i = 0; i < average.length; i++) average[i] += n[i] / neighbours.length;
    sums.meanFace += meanAbs(mean, truth);
    sums.nearestEar += meanAbs(neighbours[0], truth);
    sums.kNearestEars += meanAbs(average, truth);
    const id = identityFor(seed, t.s);
    const session = { ...NO_FACE_JITTER, brightness: sessionBrightness(seed, t.s, t.p) };
    sums.identityOracle += meanAbs(renderFace(id, size, session).data, truth);
    sums.earOracle += meanAbs(renderFace(earVisibleOnly(id), size, session).data, truth);
    if (perSubject >= 2) sums.samePerson += meanAbs(face(t.s, (t.p + 1) % perSubject).data, truth);
  }
  const n = test.length;
  return {
    trainPairs: train.length,
    testPairs: n,
    k,
    meanFace: sums.meanFace / n,
    nearestEar: sums.nearestEar / n,
    kNearestEars: sums.kNearestEars / n,
    ...(perSubject >= 2 ? { samePersonOtherPicture: sums.samePerson / n } : {}),
    identityOracle: sums.identityOracle / n,
    earOracle: sums.earOracle / n,
  };
}

function squaredDistance(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s;
}
