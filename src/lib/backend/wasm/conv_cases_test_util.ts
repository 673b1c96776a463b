/**
 * Random convolution cases and cross-backend comparison for the wasm kernel tests. Shapes come
 * from the project's seeded Rng so a failure names a seed that reproduces it.
 */
import { tf } from '../tf';
import { Rng } from '../../util/rng';
import { ConvPad } from './conv_geometry';

export interface ConvCase {
  xShape: [number, number, number, number];
  filterShape: [number, number, number, number];
  stride: number;
  pad: ConvPad;
  dimRoundingMode?: 'floor';
  dilation: number;
  /** Readable summary for failure messages. */
  label: string;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

/** The output size of a convolution along one axis, or 0 if it would be empty. */
function outSize(n: number, k: number, s: number, d: number, pad: ConvPad, side: 0 | 1): number {
  const eff = (k - 1) * d + 1;
  if (pad === 'same') return Math.ceil(n / s);
  if (pad === 'valid') return n >= eff ? Math.ceil((n - eff + 1) / s) : 0;
  if (typeof pad === 'number') return n + 2 * pad >= eff ? Math.floor((n + 2 * pad - eff) / s) + 1 : 0;
  const [a, b] = pad[1 + side] as [number, number];
  return n + a + b >= eff ? Math.floor((n + a + b - eff) / s) + 1 : 0;
}

/**
 * A random conv: stride 1|2, kernel 1|3|4, padding same|valid|number|explicit, batch 1–3, odd and
 * non-square images, channels 1–8, or 64–512 on images of at most 3×3. Dilation 2 only when
 * `allowDilation` (tfjs' conv2d gradient rejects it) and stride 1.
 */
export function randomConvCase(rng: Rng, allowDilation = false): ConvCase {
  for (;;) {
    const k = pick(rng, [1, 3, 4]);
    const stride = pick(rng, [1, 2]);
    const dilation = allowDilation && stride === 1 && k > 1 && rng.next() < 0.4 ? 2 : 1;
    const wide = rng.next() < 0.25;
    const h = wide ? 1 + rng.int(3) : 1 + rng.int(11);
    const w = wide ? 1 + rng.int(3) : 1 + rng.int(11);
    const inC = wide ? pick(rng, [64, 128, 256, 512]) : 1 + rng.int(8);
    const outC = wide ? pick(rng, [1, 64, 512]) : 1 + rng.int(8);
    const batch = 1 + rng.int(3);
    const kind = rng.int(4);
    let pad: ConvPad;
    if (kind === 0) pad = 'same';
    else if (kind === 1) pad = 'valid';
    else if (kind === 2) pad = rng.int(k);
    else pad = [[0, 0], [rng.int(3), rng.int(3)], [rng.int(3), rng.int(3)], [0, 0]];
    if (outSize(h, k, stride, dilation, pad, 0) < 1 || outSize(w, k, stride, dilation, pad, 1) < 1) continue;
    const dimRoundingMode = typeof pad === 'number' ? ('floor' as const) : undefined;
    const label =
      `x [${batch},${h},${w},${inC}] filter [${k},${k},${inC},${outC}] stride ${stride} ` +
      `pad ${JSON.stringify(pad)} dilation ${dilation}`;
    return { xShape: [batch, h, w, inC], filterShape: [k, k, inC, outC], stride, pad, dimRoundingMode, dilation, label };
  }
}

/** `n` values uniform in [-1, 1). */
export function randomValues(rng: Rng, n: number): Float32Array {
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = 2 * rng.next() - 1;
  return v;
}

/** Runs `f` on the named backend and returns the values of the tensors it returns. */
export async function valuesOn(backend: 'cpu' | 'wasm', f: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  await tf.ready();
  const before = tf.memory().numTensors;
  const outs = f();
  const values = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) throw new Error(`${leaked} tensors leaked on ${backend}`);
  return values;
}

/**
 * Largest |got − want| divided by the largest |want| (at least 1e-3, so near-zero results compare
 * absolutely). The tests accept ≤ 1e-4.
 */
export function scaledError(got: Float32Array, want: Float32Array): number {
  if (got.length !== want.length) throw new Error(`length ${got.length} differs from expected ${want.length}`);
  let diff = 0;
  let scale = 1e-3;
  for (let i = 0; i < want.length; i++) {
    diff = Math.max(diff, Math.abs(got[i] - want[i]));
    scale = Math.max(scale, Math.abs(want[i]));
  }
  return diff / scale;
}
