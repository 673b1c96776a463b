import { test } from 'node:test';
import assert from 'node:assert/strict';
import { figureSummaryHtml, figureSummaryText, formatValue } from './figure_summary';
import { tagProblems } from './html_test_util';

test('formatValue keeps 4 significant digits and marks non-finite values', () => {
  assert.equal(formatValue(0.123456), '0.1235');
  assert.equal(formatValue(12345.6), '12350');
  assert.equal(formatValue(123456), '1.235e+5');
  assert.equal(formatValue(0.00001234), '1.234e-5');
  assert.equal(formatValue(0), '0');
  assert.equal(formatValue(NaN), '–');
  assert.equal(formatValue(undefined), '–');
});

test('figureSummaryHtml lists each legend trace with points, last finite value and range', () => {
  const html = figureSummaryHtml({
    data: [
      { name: 'g/l1', legendgroup: 'run <1>', y: [0.9, 0.5, NaN] },
      { name: 'hidden raw', showlegend: false, y: [1] },
      { type: 'heatmap', name: 'gram', z: [[1, 2], [3, -4]] },
    ],
    layout: { title: 'a <b>' },
  });
  assert.deepEqual(tagProblems(html), []);
  assert.ok(html.includes('<caption>a &lt;b&gt;</caption>'));
  assert.ok(html.includes('<td>run &lt;1&gt;: g/l1</td><td>3</td><td>0.5</td><td>0.5 … 0.9</td>'));
  assert.ok(!html.includes('hidden raw'));
  assert.ok(html.includes('<td>gram</td><td>2×2</td><td>–</td><td>-4 … 3</td>'));
  assert.equal(figureSummaryHtml({ data: [] }), '<p class="ear2face-summary">no data</p>');
});

test('figureSummaryText is one line with title, trace count and last values', () => {
  assert.equal(figureSummaryText({ data: [{ name: 'g/l1', y: [0.9, 0.5] }], layout: { title: { text: 'losses' } } }), 'figure "losses": 1 trace; g/l1 = 0.5');
  const many = { data: Array.from({ length: 6 }, (_, i) => ({ name: `t${i}`, y: [i] })) };
  assert.equal(figureSummaryText(many), 'figure: 6 traces; t0 = 0, t1 = 1, t2 = 2, t3 = 3, … 2 more');
  assert.equal(figureSummaryText({ data: [{ type: 'heatmap', name: '&lt;g&gt;', z: [[1]] }] }), 'figure: 1 trace; <g> 1×1');
});
