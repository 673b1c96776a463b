import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { lossCurvesFigure, thinIndices } from './loss_curves';
import { lossSummaryTable } from './loss_summary';
import { figureHtml } from './plotly_html';
import { resetPlotlyInlining } from './plotly_library';
import { tagProblems } from './html_test_util';
import { fakeRecords } from './loss_test_records';
import type { PlotlyTrace } from './figure';
import type { LossRuns } from './loss_series';
import type { StepRecord } from '../lib/train/trainer';

beforeEach(() => resetPlotlyInlining());

const smoothedOf = (data: PlotlyTrace[]) => data.filter((t) => t.showlegend !== false);
const rawOf = (data: PlotlyTrace[]) => data.filter((t) => t.showlegend === false);

test('G and D terms go to two subplots; each run and term has a raw and a smoothed trace', () => {
  const fig = lossCurvesFigure({ a: fakeRecords(3), b: fakeRecords(3, 2) }, { smoothing: 0.5 });
  assert.equal(fig.data.length, 2 * 4 * 2);
  const layout = fig.layout as Record<string, any>;
  assert.deepEqual(layout.annotations.map((a: { text: string }) => a.text), ['generator (G)', 'discriminator (D)']);
  const gTraces = fig.data.filter((t) => t.yaxis === 'y');
  const dTraces = fig.data.filter((t) => t.yaxis === 'y2');
  assert.deepEqual([...new Set(smoothedOf(gTraces).map((t) => t.name))], ['g/l1', 'g/total']);
  assert.deepEqual([...new Set(smoothedOf(dTraces).map((t) => t.name))], ['d/real', 'd/total']);
  // The G subplot shares the bottom (D) subplot's step axis.
  assert.equal(layout.xaxis.matches, 'x2');
  assert.equal(layout.xaxis2.title.text, 'step');
  // Legend groups by run.
  assert.deepEqual([...new Set(fig.data.map((t) => t.legendgroup))], ['a', 'b']);
  assert.equal(layout.legend.groupclick, 'toggleitem');
  // Run a, g/l1: raw 3/s = [3, 1.5, 1]; EMA 0.5: [3, 2.25, 1.625].
  const raw = rawOf(fig.data).find((t) => t.legendgroup === 'a' && t.name === 'g/l1 (raw)');
  const smooth = smoothedOf(fig.data).find((t) => t.legendgroup === 'a' && t.name === 'g/l1');
  assert.deepEqual(raw?.x, [1, 2, 3]);
  assert.deepEqual(raw?.y, [3, 1.5, 1]);
  assert.deepEqual(smooth?.y, [3, 2.25, 1.625]);
  assert.equal(raw?.opacity, 0.3);
  assert.equal((smooth?.line as { width: number }).width, 2.5);
  // Same colour for one term across runs, different dash per run.
  const bl1 = smoothedOf(fig.data).find((t) => t.legendgroup === 'b' && t.name === 'g/l1');
  assert.equal((bl1?.line as { color: string }).color, (smooth?.line as { color: string }).color);
  assert.notEqual((bl1?.line as { dash: string }).dash, (smooth?.line as { dash: string }).dash);
});

test('log-y buttons switch every subplot; logY starts on log', () => {
  const lin = lossCurvesFigure({ a: fakeRecords(2) });
  const log = lossCurvesFigure({ a: fakeRecords(2) }, { logY: true });
  const menu = (lin.layout as any).updatemenus[0];
  assert.deepEqual(menu.buttons.map((b: any) => b.args[0]), [
    { 'yaxis.type': 'linear', 'yaxis2.type': 'linear' },
    { 'yaxis.type': 'log', 'yaxis2.type': 'log' },
  ]);
  assert.equal(menu.active, 0);
  assert.equal((lin.layout as any).yaxis.type, 'linear');
  assert.equal((log.layout as any).updatemenus[0].active, 1);
  assert.equal((log.layout as any).yaxis2.type, 'log');
});

test('the smoothing slider restyles the smoothed traces with precomputed EMAs', () => {
  const fig = lossCurvesFigure({ a: fakeRecords(3) }, { smoothing: 0.5 });
  const slider = (fig.layout as any).sliders[0];
  const labels = slider.steps.map((s: any) => s.label);
  assert.deepEqual(labels, ['0', '0.3', '0.5', '0.6', '0.8', '0.9', '0.95', '0.99']);
  assert.equal(slider.active, 2);
  const zero = slider.steps[0];
  const smoothedIndices = fig.data.map((t, i) => [t, i] as const).filter(([t]) => t.showlegend !== false).map(([, i]) => i);
  assert.deepEqual(zero.args[1], smoothedIndices);
  assert.deepEqual(zero.args[0].y, smoothedIndices.map((i) => rawOf(fig.data).find((r) => r.name === `${fig.data[i].name} (raw)`)?.y));
  assert.equal(lossCurvesFigure({ a: fakeRecords(3) }, { smoothingSlider: false }).layout?.sliders, undefined);
  // 'auto' leaves it out when the copies would be too big: 4 terms × 7000 points × 7 positions = 196 000
  // fits the 200 000 budget, 4 × 8000 × 7 does not.
  assert.ok(lossCurvesFigure({ a: fakeRecords(7000) }, { maxPointsPerTrace: 8000 }).layout?.sliders);
  assert.equal(lossCurvesFigure({ a: fakeRecords(8000) }, { maxPointsPerTrace: 8000 }).layout?.sliders, undefined);
});

test('custom groups, NaN gaps and thinning of long series', () => {
  const records = fakeRecords(5);
  records[2].terms['g/l1'] = NaN;
  const fig = lossCurvesFigure({ a: records }, { groups: { pixel: ['g/l1', 'g/missing'] }, smoothing: 0 });
  assert.equal(fig.data.length, 2);
  assert.deepEqual(fig.data[0].y, [3, 1.5, NaN, 0.75, 0.6]);
  assert.ok(figureHtml(fig, { includePlotly: 'never' }).includes('"y":[3,1.5,null,0.75,0.6]'));
  assert.deepEqual(thinIndices(10, 4), [0, 3, 6, 9]);
  assert.deepEqual(thinIndices(11, 4), [0, 4, 8, 10]);
  assert.deepEqual(thinIndices(3, 4), [0, 1, 2]);
  const long = lossCurvesFigure({ a: fakeRecords(1000) }, { maxPointsPerTrace: 100 });
  const x = long.data[0].x as number[];
  assert.ok(x.length <= 100 && x.length >= 90, `${x.length} points`);
  assert.equal(x[0], 1);
  assert.equal(x[x.length - 1], 1000);
});

test('values are drawn with 6 significant digits', () => {
  const records = fakeRecords(7); // g/l1 at step 7 = 3/7
  const fig = lossCurvesFigure({ a: records }, { smoothing: 0 });
  const raw = rawOf(fig.data).find((t) => t.name === 'g/l1 (raw)');
  assert.equal((raw?.y as number[])[6], 0.428571);
});

test('run names and titles are escaped for plotly and for HTML', () => {
  const evil = '<script>alert(1)</script>';
  const fig = lossCurvesFigure({ [evil]: fakeRecords(2) }, { title: 'x</script><!--' });
  const smooth = smoothedOf(fig.data)[0];
  assert.equal((smooth.legendgrouptitle as { text: string }).text, '&lt;script&gt;alert(1)&lt;/script&gt;');
  const html = figureHtml(fig, { includePlotly: 'never', fallbackHtml: lossSummaryTable({ [evil]: fakeRecords(2) }) });
  assert.ok(!html.includes(evil));
  assert.ok(!html.includes('</script><!--'));
  assert.ok(html.includes('<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>'));
  assert.deepEqual(tagProblems(html), []);
});

test('no steps gives a "no steps yet" figure and valid HTML', () => {
  const cases: LossRuns[] = [{}, { a: [] as StepRecord[] }];
  for (const runs of cases) {
    const fig = lossCurvesFigure(runs);
    assert.deepEqual(fig.data, []);
    assert.equal((fig.layout as any).annotations[0].text, 'no steps yet');
    const html = figureHtml(fig, { includePlotly: 'never', fallbackHtml: lossSummaryTable(runs) });
    assert.deepEqual(tagProblems(html), []);
    assert.ok(html.includes('<p class="ear2face-summary">no steps yet</p>'));
  }
});

test('lossSummaryTable gives steps, min, max and last per run and term', () => {
  const records = fakeRecords(4);
  records[3].terms['g/total'] = Infinity;
  const html = lossSummaryTable({ base: records });
  assert.deepEqual(tagProblems(html), []);
  // g/l1 = 3/s: 3, 1.5, 1, 0.75
  assert.ok(html.includes('<tr><td>base</td><td>g/l1</td><td>4</td><td>0.75</td><td>3</td><td>0.75</td></tr>'));
  // g/total = 4/s with the last one infinite: finite min 4/3, max 4, last '–'
  assert.ok(html.includes('<tr><td>base</td><td>g/total</td><td>4</td><td>1.333</td><td>4</td><td>–</td></tr>'));
});

test('lossCurvesFigure and lossSummaryTable reject bad input', () => {
  assert.throws(() => lossCurvesFigure([] as never), /lossCurvesFigure: runs is an array; expected \{ runName: StepRecord\[\] \}/);
  assert.throws(() => lossCurvesFigure({ a: 3 } as never), /lossCurvesFigure: runs\["a"\] is number/);
  assert.throws(() => lossCurvesFigure({ a: [{ step: 1 }] } as never), /lossCurvesFigure: runs\["a"\]\[0\] is \{"step":1\}; expected a StepRecord/);
  assert.throws(() => lossCurvesFigure({}, { smoothing: 1 }), /options.smoothing is 1; expected a number in \[0, 0.99\]/);
  assert.throws(() => lossCurvesFigure({}, { groups: { a: 'g/l1' } as never }), /options.groups\["a"\] is "g\/l1"; expected an array/);
  assert.throws(() => lossCurvesFigure({}, { maxPointsPerTrace: 1 }), /options.maxPointsPerTrace is 1/);
  assert.throws(() => lossCurvesFigure({}, { smoothingSlider: 'yes' as never }), /options.smoothingSlider is "yes"/);
  assert.throws(() => lossSummaryTable(null as never), /lossSummaryTable: runs is null/);
});
