/**
 * Resampling of RgbImage data in plain JS: a separable triangle (bilinear) filter that widens
 * when shrinking, so downscaling averages instead of aliasing. One call can resize, crop a window
 * out of the resized image and mirror it, computing only the pixels kept — the whole pix2pix
 * jitter in one pass.
 */
import { assertRgbImage, RgbImage } from './rgb_image';

/** A window of `img` resized to scaledWidth×scaledHeight: the crop at (x, y), optionally mirrored. */
export interface ResampleWindow {
  scaledWidth: number;
  scaledHeight: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Mirror the window left–right. */
  flip?: boolean;
}

/** Per output index i along one axis: source indices and weights at offset[i]..offset[i+1]−1 (weights sum to 1). */
interface AxisWeights {
  offset: Int32Array;
  index: Int32Array;
  weight: Float32Array;
}

/**
 * Weights for output positions start..start+length−1 of an axis of `src` samples resized to
 * `scaled`; pixel centres at half-integers, edges repeated, zero weights left out.
 */
function axisWeights(src: number, scaled: number, start: number, length: number, flip: boolean): AxisWeights {
  const scale = scaled / src;
  const radius = Math.max(1, 1 / scale); // in source pixels
  const maxTaps = Math.ceil(2 * radius) + 1;
  const offset = new Int32Array(length + 1);
  const index = new Int32Array(length * maxTaps);
  const weight = new Float32Array(length * maxTaps);
  let n = 0;
  for (let i = 0; i < length; i++) {
    const j = start + (flip ? length - 1 - i : i);
    const centre = (j + 0.5) / scale - 0.5;
    const first = Math.floor(centre - radius) + 1;
    let sum = 0;
    for (let t = 0; t < maxTaps; t++) {
      const w = 1 - Math.abs(first + t - centre) / radius;
      if (w <= 0) continue;
      index[n] = Math.min(src - 1, Math.max(0, first + t));
      weight[n] = w;
      sum += w;
      n++;
    }
    for (let k = offset[i]; k < n; k++) weight[k] /= sum;
    offset[i + 1] = n;
  }
  return { offset, index, weight };
}

/** A reused buffer for the horizontal pass, so each call does not allocate one. */
let scratchBuffer = new Float32Array(0);
function scratch(length: number): Float32Array {
  if (scratchBuffer.length < length) scratchBuffer = new Float32Array(length);
  return scratchBuffer;
}

function checkWindow(img: RgbImage, w: ResampleWindow): void {
  for (const key of ['scaledWidth', 'scaledHeight', 'width', 'height'] as const) {
    if (!Number.isInteger(w[key]) || w[key] < 1) throw new Error(`resampleWindow: window.${key} is ${w[key]}; expected a positive integer`);
  }
  if (!Number.isInteger(w.x) || !Number.isInteger(w.y) || w.x < 0 || w.y < 0 || w.x + w.width > w.scaledWidth || w.y + w.height > w.scaledHeight) {
    throw new Error(
      `resampleWindow: window ${w.width}×${w.height} at (${w.x}, ${w.y}) does not fit in the ${w.scaledWidth}×${w.scaledHeight} resized image; expected integer offsets inside it`,
    );
  }
  assertRgbImage(img, 'resampleWindow: img');
}

/**
 * Resizes `img` to scaledWidth×scaledHeight and returns the window at (x, y), mirrored when
 * `flip`; only the window's pixels are computed.
 *
 * @example
 * // pix2pix jitter for 256²: resize to 286², crop 256² at (10, 20), mirror
 * const out = resampleWindow(img, { scaledWidth: 286, scaledHeight: 286, x: 10, y: 20, width: 256, height: 256, flip: true });
 */
export function resampleWindow(img: RgbImage, w: ResampleWindow): RgbImage {
  checkWindow(img, w);
  const cols = axisWeights(img.width, w.scaledWidth, w.x, w.width, w.flip ?? false);
  const rows = axisWeights(img.height, w.scaledHeight, w.y, w.height, false);
  // Only the source rows some output row reads go through the horizontal pass.
  let rowLo = img.height;
  let rowHi = -1;
  for (let k = 0; k < rows.offset[w.height]; k++) {
    rowLo = Math.min(rowLo, rows.index[k]);
    rowHi = Math.max(rowHi, rows.index[k]);
  }
  const src = img.data;
  const rowLen = w.width * 3;
  const mid = scratch((rowHi - rowLo + 1) * rowLen);
  for (let r = rowLo; r <= rowHi; r++) {
    const srcRow = r * img.width * 3;
    let o = (r - rowLo) * rowLen;
    for (let i = 0; i < w.width; i++, o += 3) {
      let a = 0;
      let b = 0;
      let c = 0;
      for (let k = cols.offset[i]; k < cols.offset[i + 1]; k++) {
        const wt = cols.weight[k];
        const s = srcRow + cols.index[k] * 3;
        a += wt * src[s];
        b += wt * src[s + 1];
        c += wt * src[s + 2];
      }
      mid[o] = a;
      mid[o + 1] = b;
      mid[o + 2] = c;
    }
  }
  const out = new Float32Array(w.width * w.height * 3);
  for (let j = 0; j < w.height; j++) {
    const o = j * rowLen;
    const k0 = rows.offset[j];
    const taps = rows.offset[j + 1] - k0;
    const m0 = (rows.index[k0] - rowLo) * rowLen;
    const w0 = rows.weight[k0];
    if (taps === 1) {
      for (let q = 0; q < rowLen; q++) out[o + q] = w0 * mid[m0 + q];
    } else if (taps === 2) {
      // Enlarging (the jitter's case): two rows per output row, one pass.
      const m1 = (rows.index[k0 + 1] - rowLo) * rowLen;
      const w1 = rows.weight[k0 + 1];
      for (let q = 0; q < rowLen; q++) out[o + q] = w0 * mid[m0 + q] + w1 * mid[m1 + q];
    } else {
      for (let k = k0; k < k0 + taps; k++) {
        const m = (rows.index[k] - rowLo) * rowLen;
        const wt = rows.weight[k];
        for (let q = 0; q < rowLen; q++) out[o + q] += wt * mid[m + q];
      }
    }
  }
  return { width: w.width, height: w.height, data: out };
}

/**
 * Resizes `img` to width×height (bilinear; area-averaging when shrinking). Same size: a copy.
 *
 * @example
 * const small = resizeRgb(face, 128, 128);
 */
export function resizeRgb(img: RgbImage, width: number, height: number): RgbImage {
  if (img.width === width && img.height === height) {
    assertRgbImage(img, 'resizeRgb: img');
    return { width, height, data: img.data.slice() };
  }
  return resampleWindow(img, { scaledWidth: width, scaledHeight: height, x: 0, y: 0, width, height });
}
