/** The library's plain-data image: RGB floats in [-1, 1] (the generator's tanh range). */

/** An image as plain data: height × width × 3 floats in [-1, 1], row-major (HWC). */
export interface RgbImage {
  width: number;
  height: number;
  data: Float32Array;
}

/**
 * Throws unless `img` is an RgbImage whose data length is width·height·3; `argument` names it
 * in the message.
 *
 * @example
 * assertRgbImage({ width: 2, height: 2, data: new Float32Array(12) }, 'ear');   // passes
 * assertRgbImage({ width: 2, height: 2, data: new Float32Array(4) }, 'ear');
 * // Error: ear: data has 4 values; expected 2×2×3 = 12
 */
export function assertRgbImage(img: RgbImage, argument: string): void {
  if (img === null || typeof img !== 'object' || !(img.data instanceof Float32Array)) {
    throw new Error(`${argument}: got ${img === null ? 'null' : typeof img}; expected { width, height, data: Float32Array }`);
  }
  if (!Number.isInteger(img.width) || img.width < 1 || !Number.isInteger(img.height) || img.height < 1) {
    throw new Error(`${argument}: size ${img.width}×${img.height}; expected positive integers`);
  }
  const expected = img.width * img.height * 3;
  if (img.data.length !== expected) {
    throw new Error(`${argument}: data has ${img.data.length} values; expected ${img.width}×${img.height}×3 = ${expected}`);
  }
}

/**
 * A width×height image filled with one value (per channel when given three).
 *
 * @example
 * const white = createRgb(4, 4, 1);
 * const red = createRgb(4, 4, [1, -1, -1]);
 */
export function createRgb(width: number, height: number, fill: number | [number, number, number] = 0): RgbImage {
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1) {
    throw new Error(`createRgb: size ${width}×${height}; expected positive integers`);
  }
  const data = new Float32Array(width * height * 3);
  if (typeof fill === 'number') data.fill(fill);
  else for (let i = 0; i < data.length; i += 3) data.set(fill, i);
  return { width, height, data };
}
