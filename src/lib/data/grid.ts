/** Sample grids: images laid out in rows, e.g. ear | generated | real, for the widgets and the CLI. */
import { assertRgbImage, RgbImage } from './rgb_image';

/**
 * Lays images out as a grid (rows × columns) with a `gap` of `background` (in [-1, 1]) around
 * every cell. Every cell is the size of the largest image; a smaller image sits centred in its
 * cell, and a short row leaves its last cells empty.
 *
 * @example
 * const grid = composeGrid([[ear, fake, real]], 2);   // one row: ear | generated | real
 */
export function composeGrid(rows: RgbImage[][], gap = 2, background = 1): RgbImage {
  if (!Array.isArray(rows) || rows.length === 0 || rows.some((r) => !Array.isArray(r) || r.length === 0)) {
    throw new Error('composeGrid: expected at least one image in every row');
  }
  if (!Number.isInteger(gap) || gap < 0) throw new Error(`composeGrid: gap ${gap}; expected a non-negative integer`);
  if (!(background >= -1 && background <= 1)) throw new Error(`composeGrid: background ${background}; expected a value in [-1, 1]`);
  rows.forEach((row, r) => row.forEach((img, c) => assertRgbImage(img, `composeGrid: rows[${r}][${c}]`)));
  const cellW = Math.max(...rows.flat().map((i) => i.width));
  const cellH = Math.max(...rows.flat().map((i) => i.height));
  const cols = Math.max(...rows.map((r) => r.length));
  const width = cols * cellW + (cols + 1) * gap;
  const height = rows.length * cellH + (rows.length + 1) * gap;
  const data = new Float32Array(width * height * 3).fill(background);
  rows.forEach((row, r) =>
    row.forEach((img, c) => {
      const x0 = gap + c * (cellW + gap) + Math.floor((cellW - img.width) / 2);
      const y0 = gap + r * (cellH + gap) + Math.floor((cellH - img.height) / 2);
      for (let y = 0; y < img.height; y++) {
        data.set(img.data.subarray(y * img.width * 3, (y + 1) * img.width * 3), ((y0 + y) * width + x0) * 3);
      }
    }),
  );
  return { width, height, data };
}
