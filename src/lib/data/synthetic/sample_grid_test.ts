import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticSampleGrid } from './sample_grid';
import { renderSyntheticPair } from './pair';

test('the grid shows ear | face of the first subjects, the same pictures the dataset holds', () => {
  const grid = syntheticSampleGrid({ seed: 3, size: 64, subjects: 2, perSubject: 2 });
  assert.equal(grid.width, 4 * 64 + 5 * 2);
  assert.equal(grid.height, 2 * 64 + 3 * 2);
  // Row 2, column 4 is the face of subject 2, picture 2.
  const face = renderSyntheticPair(3, 1, 1, 64).face;
  const x0 = 2 + 3 * 66, y0 = 2 + 66;
  for (const [x, y] of [[0, 0], [31, 40], [63, 63]]) {
    for (let c = 0; c < 3; c++) assert.equal(grid.data[((y0 + y) * grid.width + x0 + x) * 3 + c], face.data[(y * 64 + x) * 3 + c]);
  }
  assert.throws(() => syntheticSampleGrid({ seed: 0, size: 64, subjects: 0 }), /syntheticSampleGrid: subjects 0; expected a positive integer/);
});
