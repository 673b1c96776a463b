import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ParcoordsDimension } from './parallel_coordinates_axis';
import { chooseColorMetric, parallelCoordinatesFigure, plottedTrials } from './parallel_coordinates';
import { GRID_FINALS, writeDemoSweep } from './sweep_dashboard_test_util';

test('one axis per swept parameter, then the final metrics; only finished trials are lines', async () => {
  const sweep = await writeDemoSweep();
  const figure = parallelCoordinatesFigure(sweep)!;
  assert.equal(figure.data.length, 1);
  const trace = figure.data[0];
  assert.equal(trace.type, 'parcoords');
  const dims = trace.dimensions as ParcoordsDimension[];
  assert.deepEqual(dims.map((d) => d.label), ['λ feature', 'λ style', 'PSNR (dB)', 'SSIM', 'identity cosine', 'Rank-1', 'Rank-10']);
  // Trials 0–3 are feature 0/0/100/100 × style 0/1000/0/1000; 'off' is one decade below 100 (and 1000).
  assert.deepEqual(dims[0].values, [1, 1, 2, 2]);
  assert.deepEqual(dims[0].ticktext, ['off', '100']);
  assert.deepEqual(dims[1].values, [2, 3, 2, 3]);
  assert.deepEqual(dims[1].ticktext, ['off', '1000']);
  assert.deepEqual(dims[2].values, GRID_FINALS.map((f) => f.psnr));
  assert.deepEqual(dims[5].values, [0.2, 0.4, 0.2, 0.6]);
  // Rank-10 is 1 for everyone: a range around it, not a zero-width axis.
  assert.deepEqual(dims[6].range, [0.5, 1.5]);
  assert.deepEqual(plottedTrials(sweep).map((t) => t.name), ['trial-000', 'trial-001', 'trial-002', 'trial-003']);
});

test('lines are coloured by Rank-1 by default; the dropdown restyles line.color per metric', async () => {
  const sweep = await writeDemoSweep();
  const figure = parallelCoordinatesFigure(sweep)!;
  const line = figure.data[0].line as { color: number[]; showscale: boolean; colorbar: { title: { text: string } } };
  assert.deepEqual(line.color, [0.2, 0.4, 0.2, 0.6]);
  assert.equal(line.showscale, true);
  assert.equal(line.colorbar.title.text, 'Rank-1');
  const [menu] = figure.layout!.updatemenus as Array<{ active: number; buttons: Array<{ label: string; method: string; args: [Record<string, unknown>] }> }>;
  assert.deepEqual(menu.buttons.map((b) => b.label), ['colour: PSNR (dB)', 'colour: SSIM', 'colour: identity cosine', 'colour: Rank-1', 'colour: Rank-10']);
  assert.equal(menu.active, 3);
  const ssim = menu.buttons[1];
  assert.equal(ssim.method, 'restyle');
  assert.deepEqual(ssim.args[0], { 'line.color': [[0.3, 0.32, 0.34, 0.36]], 'line.colorbar.title.text': 'SSIM' });

  const byPsnr = parallelCoordinatesFigure(sweep, { colorBy: 'psnr' })!;
  assert.deepEqual((byPsnr.data[0].line as { color: number[] }).color, [11, 12, 13, 14]);
  // A metric off the axes can colour too, and joins the dropdown.
  const byPixel = parallelCoordinatesFigure(sweep, { colorBy: 'pixelRank1' })!;
  const [pixelMenu] = byPixel.layout!.updatemenus as Array<{ active: number; buttons: unknown[] }>;
  assert.equal(pixelMenu.buttons.length, 6);
  assert.equal(pixelMenu.active, 5);
});

test('without descriptors the colour falls back to SSIM and the descriptor axes are left out', async () => {
  const finals = GRID_FINALS.map((f) => ({ ...f, identityCosine: undefined, rank1: undefined, rank10: undefined }));
  const sweep = await writeDemoSweep(finals);
  assert.equal(chooseColorMetric(plottedTrials(sweep), undefined), 'ssim');
  const figure = parallelCoordinatesFigure(sweep)!;
  assert.deepEqual((figure.data[0].dimensions as ParcoordsDimension[]).map((d) => d.label), ['λ feature', 'λ style', 'PSNR (dB)', 'SSIM']);
  assert.deepEqual((figure.data[0].line as { color: number[] }).color, [0.3, 0.32, 0.34, 0.36]);
  assert.throws(() => parallelCoordinatesFigure(sweep, { colorBy: 'rank1' }), /colorBy is "rank1"; expected a final metric every finished trial has: psnr, ssim, pairs, identities, pixelRank1/);
});

test('a sweep with no finished trial has no plot', async () => {
  const sweep = await writeDemoSweep();
  const unfinished = { ...sweep, trials: sweep.trials.filter((t) => t.run.final === null) };
  assert.equal(unfinished.trials.length, 2);
  assert.equal(parallelCoordinatesFigure(unfinished), null);
});
