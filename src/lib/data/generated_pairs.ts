/**
 * Built-in generated ear→face pairs: small cartoon identities that need no download, so training
 * can start on a fresh machine. Some face attributes are visible in the ear picture (skin tone, hair
 * colour, ear size ↔ face width) and some are not (eye colour), so a model can learn the visible
 * ones and never reach zero error.
 */
import { Rng } from '../util/rng';
import { tf } from '../backend/tf';
import type { RgbImage } from './image_io';

/** The hidden parameters of one generated person. */
export interface Identity {
  skin: [number, number, number];
  hair: [number, number, number];
  /** 0..1: a larger ear goes with a wider face. */
  build: number;
  /** Not visible in the ear: the model can only guess it. */
  eyes: [number, number, number];
}

export function randomIdentity(rng: Rng): Identity {
  const tone = 0.35 + 0.55 * rng.next();
  const skin: [number, number, number] = [tone, tone * (0.72 + 0.1 * rng.next()), tone * (0.55 + 0.1 * rng.next())];
  const hairPalette: [number, number, number][] = [[0.1, 0.07, 0.05], [0.45, 0.28, 0.12], [0.85, 0.7, 0.35], [0.6, 0.18, 0.08], [0.75, 0.75, 0.75]];
  const eyePalette: [number, number, number][] = [[0.25, 0.15, 0.05], [0.2, 0.4, 0.7], [0.3, 0.55, 0.3]];
  return { skin, hair: hairPalette[rng.int(hairPalette.length)], build: rng.next(), eyes: eyePalette[rng.int(eyePalette.length)] };
}

type Painter = (x: number, y: number) => [number, number, number] | null;

function render(size: number, layers: Painter[], light: number): RgbImage {
  const data = new Float32Array(size * size * 3);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / size;
      const y = (py + 0.5) / size;
      let c: [number, number, number] = [0.55, 0.6, 0.65];
      for (const paint of layers) c = paint(x, y) ?? c;
      const o = (py * size + px) * 3;
      for (let k = 0; k < 3; k++) data[o + k] = Math.min(1, Math.max(0, c[k] * light)) * 2 - 1;
    }
  }
  return { width: size, height: size, data };
}

const inEllipse = (x: number, y: number, cx: number, cy: number, rx: number, ry: number) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;

/** A side view: cheek, hair above, and the ear whose size follows the person's build. */
export function renderEar(id: Identity, size: number, rng: Rng): RgbImage {
  const dx = (rng.next() - 0.5) * 0.06;
  const dy = (rng.next() - 0.5) * 0.06;
  const r = 0.2 + 0.12 * id.build;
  const dark = id.skin.map((v) => v * 0.7) as [number, number, number];
  return render(size, [
    (x, y) => (x < 0.25 + dx ? null : id.skin),
    (x, y) => (y < 0.18 + dy + 0.1 * Math.sin(x * 6) ? id.hair : null),
    (x, y) => (inEllipse(x, y, 0.55 + dx, 0.55 + dy, r * 0.7, r) ? dark : null),
    (x, y) => (inEllipse(x, y, 0.55 + dx, 0.55 + dy, r * 0.45, r * 0.75) ? id.skin : null),
  ], 0.9 + 0.2 * rng.next());
}

/** A frontal face: width follows the build, skin and hair as in the ear, eyes hidden from the ear. */
export function renderFace(id: Identity, size: number, rng: Rng): RgbImage {
  const dx = (rng.next() - 0.5) * 0.04;
  const dy = (rng.next() - 0.5) * 0.04;
  const rx = 0.24 + 0.12 * id.build;
  const cx = 0.5 + dx;
  const cy = 0.56 + dy;
  return render(size, [
    (x, y) => (inEllipse(x, y, cx, cy - 0.1, rx * 1.12, 0.36) && y < cy - 0.12 ? id.hair : null),
    (x, y) => (inEllipse(x, y, cx, cy, rx, 0.34) ? id.skin : null),
    (x, y) => (inEllipse(x, y, cx, cy - 0.3, rx * 0.95, 0.1) ? id.hair : null),
    (x, y) => (inEllipse(x, y, cx - rx * 0.42, cy - 0.06, 0.05, 0.03) || inEllipse(x, y, cx + rx * 0.42, cy - 0.06, 0.05, 0.03) ? id.eyes : null),
    (x, y) => (inEllipse(x, y, cx, cy + 0.17, rx * 0.35, 0.03) ? [0.6, 0.25, 0.25] : null),
  ], 0.9 + 0.2 * rng.next());
}

/** One training pair as plain data. */
export interface GeneratedPair {
  subject: number;
  ear: RgbImage;
  face: RgbImage;
}

/**
 * `count` pairs from `subjects` people, deterministic for a seed.
 *
 * @example
 * const pairs = generatePairs({ size: 64, subjects: 8, perSubject: 4, seed: 1 });
 * pairs.length;   // 32
 */
export function generatePairs(opts: { size: number; subjects: number; perSubject: number; seed: number }): GeneratedPair[] {
  const { size, subjects, perSubject, seed } = opts;
  for (const [k, v] of Object.entries({ size, subjects, perSubject })) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`generatePairs: ${k} must be a positive integer, got ${v}`);
  }
  const rng = new Rng(seed);
  const out: GeneratedPair[] = [];
  for (let s = 0; s < subjects; s++) {
    const id = randomIdentity(rng);
    for (let k = 0; k < perSubject; k++) out.push({ subject: s, ear: renderEar(id, size, rng), face: renderFace(id, size, rng) });
  }
  return out;
}

/** Stacks pairs into an `{ ear, face }` batch of [B, S, S, 3] tensors in [-1, 1]. */
export function pairsToBatch(pairs: GeneratedPair[]): { ear: tf.Tensor4D; face: tf.Tensor4D } {
  const s = pairs[0].ear.width;
  const stack = (pick: (p: GeneratedPair) => RgbImage) => {
    const data = new Float32Array(pairs.length * s * s * 3);
    pairs.forEach((p, i) => data.set(pick(p).data, i * s * s * 3));
    return tf.tensor4d(data, [pairs.length, s, s, 3]);
  };
  return { ear: stack((p) => p.ear), face: stack((p) => p.face) };
}
