/** pix2pix "aligned" images: the ear (input) on the left half, the face (target) on the right. */
import { assertRgbImage, RgbImage } from './rgb_image';

/**
 * Splits a side-by-side image into its left (ear) and right (face) halves; the width must be
 * twice the height. `name` starts the error message.
 *
 * @example
 * const { ear, face } = splitSideBySide(await readImage('train/s0001_00.png'), 'train/s0001_00.png');
 */
export function splitSideBySide(img: RgbImage, name = 'image'): { ear: RgbImage; face: RgbImage } {
  assertRgbImage(img, name);
  if (img.width !== 2 * img.height) {
    throw new Error(`${name}: ${img.width}×${img.height} px; expected an aligned ear|face image twice as wide as high (${2 * img.height}×${img.height})`);
  }
  const half = img.height;
  const ear = new Float32Array(half * half * 3);
  const face = new Float32Array(half * half * 3);
  for (let y = 0; y < half; y++) {
    const row = y * img.width * 3;
    ear.set(img.data.subarray(row, row + half * 3), y * half * 3);
    face.set(img.data.subarray(row + half * 3, row + 2 * half * 3), y * half * 3);
  }
  return { ear: { width: half, height: half, data: ear }, face: { width: half, height: half, data: face } };
}
