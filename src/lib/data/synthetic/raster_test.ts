import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskLayers, rasterize, type Layer } from './raster';
import { ellipse, halfPlane } from './shapes';
import { earLayers } from './render_ear';
import { faceLayers } from './render_face';
import { identityFor } from './identity';

const WHITE = [1, 1, 1] as const;
const BLACK = [0, 0, 0] as const;

test('an edge through pixel centres gives half coverage: analytic anti-aliasing', () => {
  // Pixel centres of a 4-wide picture are at 0.125, 0.375, 0.625, 0.875; the edge is at x = 0.375.
  const img = rasterize(4, [{ shape: halfPlane(0.375, 0, 1, 0), colour: WHITE }], BLACK);
  const row = [0, 1, 2, 3].map((x) => img.data[x * 3]);
  assert.deepEqual(row, [1, 0, -1, -1]); // white, half (0 in [-1, 1]), black, black
});

test('a disc covers π r² of the picture', () => {
  const size = 64;
  const img = rasterize(size, [{ shape: ellipse(0.5, 0.5, 0.3, 0.3), colour: WHITE }], BLACK);
  let covered = 0;
  for (let i = 0; i < img.data.length; i += 3) covered += (img.data[i] + 1) / 2;
  const expected = Math.PI * 0.3 * 0.3 * size * size;
  assert.ok(Math.abs(covered - expected) / expected < 0.002, `covered ${covered} vs ${expected}`);
});

test('brightness and gradient scale the colours; the view moves the picture', () => {
  const grey = [0.5, 0.5, 0.5] as const;
  const dim = rasterize(2, [], grey, undefined, { brightness: 0.5, gx: 0, gy: 0 });
  assert.deepEqual([...dim.data], Array(12).fill(-0.5));
  const ramp = rasterize(2, [], grey, undefined, { brightness: 1, gx: 0.4, gy: 0 });
  // (1 ± 0.4·0.25)·0.5 → 0.45 and 0.55 → -0.1 and 0.1 in [-1, 1].
  assert.ok(Math.abs(ramp.data[0] + 0.1) < 1e-6 && Math.abs(ramp.data[3] - 0.1) < 1e-6);
  const shifted = rasterize(4, [{ shape: halfPlane(0.5, 0, 1, 0), colour: WHITE }], BLACK, { cx: 0.5, cy: 0.5, u: 0.75, v: 0.5, scale: 1, angle: 0 });
  assert.deepEqual([0, 1, 2, 3].map((x) => shifted.data[x * 3]), [1, 1, 1, -1]);
});

test('skipping pixels far from edges gives exactly the picture of evaluating every pixel', () => {
  const view = { cx: 0.5, cy: 0.5, u: 0.51, v: 0.49, scale: 1.03, angle: 0.1 };
  for (let s = 0; s < 6; s++) {
    const id = identityFor(11, s);
    for (const [layers, size] of [[earLayers(id), 64], [faceLayers(id, 0.5), 128]] as [Layer[], number][]) {
      const fast = rasterize(size, layers, [0.5, 0.5, 0.5], view, undefined, true);
      const exact = rasterize(size, layers, [0.5, 0.5, 0.5], view, undefined, false);
      assert.deepEqual(fast.data, exact.data);
    }
  }
});

test('masks show the visible part: white where it is on top, black where another part covers it', () => {
  const layers: Layer[] = [
    { shape: halfPlane(0.5, 0, 1, 0), colour: [0.3, 0.2, 0.1], part: 'skin' },
    { shape: halfPlane(0, 0.5, 0, 1), colour: [0.9, 0.9, 0.9], part: 'hair' },
    { shape: ellipse(0.25, 0.75, 0.1, 0.1), colour: [0, 0, 1] }, // an unnamed detail: left out
  ];
  const mask = rasterize(2, maskLayers(layers, ['skin']), BLACK);
  // Top row is hair; bottom-left is skin (the detail ignored), bottom-right nothing.
  assert.deepEqual([0, 1, 2, 3].map((i) => mask.data[i * 3]), [-1, -1, 1, -1]);
});

test('a bad size is an error naming it', () => {
  assert.throws(() => rasterize(0, [], BLACK), /rasterize: size must be a positive integer, got 0/);
  assert.throws(() => rasterize(2.5, [], BLACK), /got 2\.5/);
});
