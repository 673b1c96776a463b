/** Sample grids (ear | generated | real per row) as PNG bytes, and a step slider over several grids. */
import { composeGrid, encodePng, type RgbImage } from '../lib/data/image_io';
import { escapeHtml, jsonForScript } from './html_escape';
import { uniqueId } from './plotly_html';

/** One row of a sample grid. */
export interface SampleRow {
  ear: RgbImage;
  generated: RgbImage;
  real: RgbImage;
}

/** One grid picture and the training step it shows. */
export interface StepGrid {
  step: number;
  png: Uint8Array;
}

/** Options of {@link sampleGridHtml}. */
export interface SampleGridHtmlOptions {
  /** Heading above the grid (plain text). */
  title?: string;
  /** Column names shown above the grid; default ['ear', 'generated', 'real']. */
  columns?: readonly string[];
  /** Whole-number display zoom (pixelated); default 'auto' = the smallest factor making the grid ≥ 384 px wide, at most 4. */
  scale?: number | 'auto';
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * One PNG of the rows laid out as ear | generated | real (composeGrid: a 2-pixel white gap, each
 * cell the size of the largest image, smaller images centred).
 *
 * @example
 * const png = await sampleGridPng([{ ear: tensorToRgb(ear), generated: tensorToRgb(fake), real: tensorToRgb(face) }]);
 * tslab.display.png(png);
 */
export async function sampleGridPng(rows: readonly SampleRow[], gap = 2): Promise<Buffer> {
  if (!Array.isArray(rows) || rows.length === 0) throw new Error(`sampleGridPng: rows is ${Array.isArray(rows) ? 'empty' : typeof rows}; expected at least one { ear, generated, real }`);
  const cells = rows.map((row, i) => {
    if (row === null || typeof row !== 'object') throw new Error(`sampleGridPng: rows[${i}] is ${row === null ? 'null' : typeof row}; expected { ear, generated, real }`);
    for (const key of ['ear', 'generated', 'real'] as const) {
      if (!row[key]) throw new Error(`sampleGridPng: rows[${i}].${key} is missing; expected an RgbImage`);
    }
    return [row.ear, row.generated, row.real];
  });
  return encodePng(composeGrid(cells, gap));
}

/**
 * Width and height from a PNG's IHDR chunk; throws naming `where` unless `png` is PNG bytes.
 *
 * @example
 * pngSize(await encodePng(createRgb(8, 4)), 'png');   // { width: 8, height: 4 }
 */
export function pngSize(png: Uint8Array, where: string): { width: number; height: number } {
  if (!(png instanceof Uint8Array) || png.length < 24 || PNG_SIGNATURE.some((b, i) => png[i] !== b)) {
    throw new Error(`${where} is not PNG bytes (${png instanceof Uint8Array ? `${png.length} bytes, wrong signature` : typeof png}); expected a Buffer from sampleGridPng or encodePng`);
  }
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const SLIDER_SCRIPT = `(function (id) {
  var tries = 0;
  (function attempt() {
    var root = document.getElementById(id);
    if (!root) { if (++tries < 400) setTimeout(attempt, 50); return; }
    var slider = root.querySelector('input[type=range]'), label = root.querySelector('.ear2face-samples-step');
    var images = root.querySelectorAll('img[data-step]');
    if (!slider || images.length < 2) return;
    slider.style.display = '';
    slider.addEventListener('input', function () {
      var k = Number(slider.value);
      for (var i = 0; i < images.length; i++) images[i].style.display = i === k ? '' : 'none';
      label.textContent = 'step ' + images[k].getAttribute('data-step');
    });
  })();
})`;

/**
 * The grids as one HTML block with a step slider: every grid is an inline base64 PNG, the
 * latest visible; a range input (shown by a small script) picks the step. Without scripts the
 * latest grid shows and the slider stays hidden. All text is escaped.
 *
 * @example
 * const grids = [{ step: 100, png: await sampleGridPng(rows100) }, { step: 200, png: await sampleGridPng(rows200) }];
 * show(sampleGridHtml(grids, { title: 'held-out subjects' }));
 */
export function sampleGridHtml(grids: readonly StepGrid[], options: SampleGridHtmlOptions = {}): string {
  if (!Array.isArray(grids)) throw new Error(`sampleGridHtml: grids is ${grids === null ? 'null' : typeof grids}; expected an array of { step, png }`);
  const columns = options.columns ?? ['ear', 'generated', 'real'];
  if (!Array.isArray(columns) || columns.some((c) => typeof c !== 'string')) throw new Error(`sampleGridHtml: options.columns is ${JSON.stringify(columns)}; expected an array of strings`);
  const scaleOption = options.scale ?? 'auto';
  if (scaleOption !== 'auto' && !(Number.isInteger(scaleOption) && scaleOption >= 1 && scaleOption <= 16)) {
    throw new Error(`sampleGridHtml: options.scale is ${JSON.stringify(scaleOption)}; expected 'auto' or an integer 1…16`);
  }
  const sizes = grids.map((g, i) => {
    if (g === null || typeof g !== 'object' || !Number.isFinite(g.step)) throw new Error(`sampleGridHtml: grids[${i}].step is ${g?.step}; expected a step number`);
    return pngSize(g.png, `sampleGridHtml: grids[${i}].png`);
  });
  const title = options.title ? `<div style="font-weight:bold">${escapeHtml(options.title)}</div>` : '';
  const head = `<div class="ear2face-samples-columns" style="color:#555">${columns.map((c) => escapeHtml(c)).join(' | ')}</div>`;
  if (grids.length === 0) return `<div class="ear2face-samples" style="font:13px sans-serif">${title}<p>no samples yet</p></div>`;
  const id = uniqueId('ear2face-samples');
  const last = grids.length - 1;
  const images = grids.map((g, i) => {
    const { width, height } = sizes[i];
    const scale = scaleOption === 'auto' ? Math.min(4, Math.max(1, Math.ceil(384 / width))) : scaleOption;
    const style = `${i === last ? '' : 'display:none;'}image-rendering:pixelated;max-width:100%`;
    const src = `data:image/png;base64,${Buffer.from(g.png.buffer, g.png.byteOffset, g.png.byteLength).toString('base64')}`;
    return `<img data-step="${escapeHtml(String(g.step))}" width="${width * scale}" height="${height * scale}" style="${style}" alt="${escapeHtml(`samples at step ${g.step}`)}" src="${src}">`;
  });
  return (
    `<div class="ear2face-samples" id="${id}" style="font:13px sans-serif">` +
    title +
    head +
    `<div class="ear2face-samples-step">step ${escapeHtml(String(grids[last].step))}</div>` +
    `<input type="range" min="0" max="${last}" step="1" value="${last}" style="display:none;width:100%;max-width:480px" aria-label="training step">` +
    `<div>${images.join('')}</div>` +
    `</div>` +
    (grids.length > 1 ? `<script>${SLIDER_SCRIPT}(${jsonForScript(id)});</script>` : '')
  );
}
