import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRgb, decodeImage } from '../lib/data/image_io';
import { pngSize, sampleGridHtml, sampleGridPng } from './sample_grid';
import { scriptBodies, tagProblems } from './html_test_util';

const pixel = (img: { width: number; data: Float32Array }, x: number, y: number) => Array.from(img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3));

test('sampleGridPng lays rows out as ear | generated | real and decodes back to the expected size', async () => {
  const red = createRgb(8, 8, [1, -1, -1]);
  const green = createRgb(8, 8, [-1, 1, -1]);
  const small = createRgb(4, 6, -1); // 4 wide, 6 high, black: centred in an 8×8 cell
  const png = await sampleGridPng([
    { ear: red, generated: green, real: red },
    { ear: small, generated: green, real: red },
  ]);
  assert.deepEqual(pngSize(png, 'png'), { width: 3 * 8 + 4 * 2, height: 2 * 8 + 3 * 2 });
  const img = await decodeImage(png, 'grid');
  assert.equal(img.width, 32);
  assert.equal(img.height, 22);
  assert.deepEqual(pixel(img, 2, 2), [1, -1, -1]); // first cell starts after the 2-pixel gap
  assert.deepEqual(pixel(img, 12, 2), [-1, 1, -1]); // second column: x 12…19
  assert.deepEqual(pixel(img, 0, 0), [1, 1, 1]); // white gap
  // Row 2, column 1: cell x 2…9, y 12…19; the 4×6 image sits at x 4…7, y 13…18.
  assert.deepEqual(pixel(img, 4, 13), [-1, -1, -1]);
  assert.deepEqual(pixel(img, 7, 18), [-1, -1, -1]);
  assert.deepEqual(pixel(img, 3, 13), [1, 1, 1]);
  assert.deepEqual(pixel(img, 4, 12), [1, 1, 1]);
});

test('sampleGridPng rejects empty or incomplete rows', async () => {
  await assert.rejects(sampleGridPng([]), /sampleGridPng: rows is empty; expected at least one \{ ear, generated, real \}/);
  const img = createRgb(2, 2);
  await assert.rejects(sampleGridPng([{ ear: img, generated: img } as never]), /sampleGridPng: rows\[0\].real is missing; expected an RgbImage/);
  await assert.rejects(sampleGridPng([{ ear: img, generated: img, real: { width: 2, height: 2, data: new Float32Array(3) } }]), /composeGrid: rows\[0\]\[2\]: data has 3 values/);
});

test('sampleGridHtml shows the latest grid, hides the others and the slider until its script runs', async () => {
  const pngA = await sampleGridPng([{ ear: createRgb(4, 4), generated: createRgb(4, 4), real: createRgb(4, 4) }]);
  const pngB = await sampleGridPng([{ ear: createRgb(4, 4, 1), generated: createRgb(4, 4), real: createRgb(4, 4) }]);
  const html = sampleGridHtml([{ step: 100, png: pngA }, { step: 200, png: pngB }], { title: 'held-out <subjects>', columns: ['ear', '<gen>', 'real'] });
  assert.deepEqual(tagProblems(html), []);
  const images = [...html.matchAll(/<img [^>]*>/g)].map((m) => m[0]);
  assert.equal(images.length, 2);
  assert.ok(images[0].includes('data-step="100"') && images[0].includes('display:none'));
  assert.ok(images[1].includes('data-step="200"') && !images[1].includes('display:none'));
  assert.ok(images[1].includes(`src="data:image/png;base64,${pngB.toString('base64')}"`));
  // grid 3·4 + 4·2 = 20 × 4 + 2·2 = 8 px, shown at ×4 (auto: smallest factor reaching 384 px, at most 4)
  assert.ok(images[1].includes('width="80" height="32"'));
  assert.match(html, /<input type="range" min="0" max="1" step="1" value="1" style="display:none;/);
  assert.ok(html.includes('step 200'));
  assert.ok(html.includes('held-out &lt;subjects&gt;') && html.includes('ear | &lt;gen&gt; | real'));
  assert.ok(!html.includes('<subjects>') && !html.includes('<gen>'));
  assert.equal(scriptBodies(html).length, 1);
});

test('sampleGridHtml handles one grid, no grids, scale and bad input', async () => {
  const png = await sampleGridPng([{ ear: createRgb(4, 4), generated: createRgb(4, 4), real: createRgb(4, 4) }]);
  const one = sampleGridHtml([{ step: 5, png }], { scale: 2 });
  assert.equal(scriptBodies(one).length, 0);
  assert.ok(one.includes('width="40" height="16"'));
  assert.equal(sampleGridHtml([]), '<div class="ear2face-samples" style="font:13px sans-serif"><p>no samples yet</p></div>');
  assert.throws(() => sampleGridHtml([{ step: 1, png: Buffer.from('GIF89a-not-a-png-at-all-xx') }]), /sampleGridHtml: grids\[0\].png is not PNG bytes \(26 bytes, wrong signature\)/);
  assert.throws(() => sampleGridHtml([{ step: NaN, png }]), /sampleGridHtml: grids\[0\].step is NaN; expected a step number/);
  assert.throws(() => sampleGridHtml([{ step: 1, png }], { scale: 0 }), /options.scale is 0; expected 'auto' or an integer 1…16/);
  assert.throws(() => sampleGridHtml(null as never), /sampleGridHtml: grids is null; expected an array/);
});
