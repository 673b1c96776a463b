import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gridAxes, subplotGrid, subplotTitle } from './subplot_grid';

test('subplotGrid numbers axes row-major and splits the paper into domains with gaps', () => {
  const cells = subplotGrid(2, 2, { xGap: 0.1, yGap: 0.1, top: 0 });
  assert.deepEqual(cells.map((c) => c.xaxis), ['x', 'x2', 'x3', 'x4']);
  assert.deepEqual(cells.map((c) => c.yKey), ['yaxis', 'yaxis2', 'yaxis3', 'yaxis4']);
  assert.deepEqual(cells[0].xDomain, [0, 0.45]);
  assert.deepEqual(cells[1].xDomain, [0.55, 1]);
  assert.deepEqual(cells[0].yDomain, [0.55, 1]);
  assert.deepEqual(cells[3].yDomain, [0, 0.45]);
});

test('gridAxes anchors each axis to its partner and subplotTitle centres above the cell', () => {
  const cells = subplotGrid(1, 2, { top: 0.1 });
  const layout = gridAxes(cells, { showgrid: false });
  assert.deepEqual(layout.xaxis2, { showgrid: false, domain: [0.52, 1], anchor: 'y2' });
  assert.deepEqual((layout.yaxis as { anchor: string }).anchor, 'x');
  const t = subplotTitle(cells[1], 'b');
  assert.equal(t.x, 0.76);
  assert.equal(t.y, 0.9);
});

test('subplotGrid rejects non-positive sizes', () => {
  assert.throws(() => subplotGrid(0, 2), /subplotGrid: rows is 0; expected a positive integer/);
  assert.throws(() => subplotGrid(1, 1.5), /subplotGrid: cols is 1.5/);
});
