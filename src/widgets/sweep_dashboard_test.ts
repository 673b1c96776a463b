import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSweepFolder } from '../lib/runs/read_sweep';
import { setDisplayBackend } from './display';
import { tagProblems } from './html_test_util';
import { FIGURE_SCRIPT_MARKER } from './plotly_html';
import { resetPlotlyInlining } from './plotly_library';
import { showSweepDashboard, sweepDashboardHtml, sweepSummaryText } from './sweep_dashboard';
import { FAILED_LOG_LINE, writeDemoSweep } from './sweep_dashboard_test_util';

afterEach(() => {
  setDisplayBackend(null);
  resetPlotlyInlining();
});

/** The JSON payload of each figure's drawing script. */
function figurePayloads(html: string): Array<{ data: Array<{ type: string }> }> {
  return [...html.matchAll(/__ear2facePlotly\.render\("[^"]+", ([\s\S]*?), null\);<\/script>/g)].map((m) => JSON.parse(m[1]));
}

test('the dashboard holds the parallel coordinates, the loss curves, the sample picker and the table', async () => {
  const sweep = await writeDemoSweep();
  resetPlotlyInlining();
  const html = sweepDashboardHtml(sweep);
  assert.deepEqual(tagProblems(html), []);
  assert.equal(html.match(/class="ear2face-plot"/g)?.length, 2);
  assert.equal(html.split(FIGURE_SCRIPT_MARKER).length - 1, 2);
  assert.deepEqual(figurePayloads(html).map((f) => f.data.map((t) => t.type)), [['parcoords'], ['scatter', 'scatter', 'scatter', 'scatter', 'scatter']]);
  // plotly.js rides once, in the first figure.
  assert.equal(html.split('__ear2facePlotly.install(').length - 1, 1);
  assert.ok(html.indexOf('__ear2facePlotly.install(') < html.indexOf('"parcoords"'));
  assert.match(html, /sweep loss-weights<\/div><div[^>]*>6 trials: 4 done, 1 failed, 1 pending/);
  // The sample picker: the best trial by Rank-1 (trial-003) shows first, its newest grid (step 20) is the file on disk.
  const selected = /<option value="trial-003" selected>/.test(html);
  assert.ok(selected);
  const img = /<img data-choice="trial-003" data-caption="([^"]*)"[^>]*src="data:image\/png;base64,([^"]+)"/.exec(html)!;
  assert.equal(img[1], 'trial-003 (λ feature 100, λ style 1000) · done · step 20');
  assert.deepEqual(Buffer.from(img[2], 'base64'), readFileSync(sweep.trials[3].run.samples[1].path));
  assert.match(html, /No sample grid yet: trial-004, trial-005\./);
  assert.ok(html.includes('class="ear2face-sweep-table"'));
  assert.ok(html.includes('class="ear2face-sweep-unfinished"'));
  assert.ok(!html.includes(FAILED_LOG_LINE), 'the failure log line is escaped');
});

test('options choose the colouring, the term and the trial; unknown ones are refused with the choices', async () => {
  const sweep = await writeDemoSweep();
  const html = sweepDashboardHtml(sweep, { colorBy: 'psnr', term: 'd/total', trial: 'trial-001' });
  const [parcoords, losses] = figurePayloads(html) as unknown as Array<{ data: Array<{ line?: { color: number[] }; y?: number[] }> }>;
  assert.deepEqual(parcoords.data[0].line!.color, [11, 12, 13, 14]);
  assert.equal(losses.data[0].y![0], 1.4, 'd/total at step 1 of trial 0');
  assert.match(html, /<option value="trial-001" selected>/);
  assert.throws(() => sweepDashboardHtml(sweep, { colorBy: 'acc' }), /colorBy is "acc"; expected a final metric every finished trial has: psnr, ssim, identityCosine, rank1, rank10/);
  assert.throws(() => sweepDashboardHtml(sweep, { term: 'g/style' }), /term is "g\/style"; expected a loss term the trials recorded: g\/total/);
  assert.throws(() => sweepDashboardHtml(sweep, { trial: 'trial-9' }), /trial is "trial-9"; expected one of trial-000, trial-001/);
  assert.throws(() => sweepDashboardHtml(sweep, { term: 3 as unknown as string }), /options\.term is 3; expected a string/);
  // A trial without samples falls back to the best one, and says so.
  const fallback = sweepDashboardHtml(sweep, { trial: 'trial-005' });
  assert.match(fallback, /trial-005 has no sample grid yet; showing trial-003\./);
});

test('damaged trials still show the others, with the warnings listed and escaped', async () => {
  const sweep = await writeDemoSweep();
  writeFileSync(join(sweep.trials[0].run.dir, 'final.json'), '{"step": 20, "summary": "<b>"}');
  writeFileSync(join(sweep.trials[1].run.dir, 'samples-00000020.png'), 'not a png');
  const reread = await readSweepFolder(sweep.dir);
  const html = sweepDashboardHtml(reread);
  assert.deepEqual(tagProblems(html), []);
  assert.match(html, /class="ear2face-sweep-warnings"[^>]*>skipped damaged files:<ul[^>]*><li>trial-000: .*final\.json: summary is &quot;&lt;b&gt;&quot;; expected final metrics/);
  const [parcoords] = figurePayloads(html) as unknown as Array<{ data: Array<{ line: { color: number[] } }> }>;
  assert.deepEqual(parcoords.data[0].line.color, [0.4, 0.2, 0.6], 'three finished trials remain in the plot');
  assert.match(html, /sample grid not shown: trial-001: .*samples-00000020\.png is not PNG bytes/);
  assert.match(html, /<tr><td[^>]*>trial-000<\/td>.*?<td[^>]*>interrupted<\/td>/);
});

test('a sweep where nothing ran yet says so instead of drawing empty plots', async () => {
  const sweep = await writeDemoSweep();
  const fresh = { ...sweep, trials: sweep.trials.filter((t) => t.run.state === 'pending') };
  const html = sweepDashboardHtml(fresh);
  assert.deepEqual(tagProblems(html), []);
  assert.equal(html.includes('ear2face-plot'), false);
  assert.match(html, /No trial has finished yet/);
  assert.match(html, /No trial has recorded a step yet/);
  assert.match(html, /No trial has written a sample grid yet/);
  assert.equal(sweepSummaryText(fresh), 'sweep loss-weights: 1 trial (1 pending)');
});

test('showSweepDashboard reads the folder and shows one output (HTML in a notebook, one line elsewhere)', async () => {
  const sweep = await writeDemoSweep();
  const shown: Array<{ html: string; summary: string }> = [];
  const output = { show: (html: string, summary: string) => shown.push({ html, summary }) };
  setDisplayBackend({ rich: true, display: output, newDisplay: () => output });
  await showSweepDashboard(sweep.dir, { colorBy: 'ssim' });
  assert.equal(shown.length, 1);
  assert.equal(shown[0].summary, 'sweep loss-weights: 6 trials (4 done, 1 failed, 1 pending); best SSIM 0.36: trial-003 (λ feature 100, λ style 1000)');
  assert.equal(shown[0].html.match(/class="ear2face-plot"/g)?.length, 2);

  setDisplayBackend({ rich: false, display: output, newDisplay: () => output });
  await showSweepDashboard(await readSweepFolder(sweep.dir));
  assert.deepEqual(shown[1], { html: '', summary: 'sweep loss-weights: 6 trials (4 done, 1 failed, 1 pending); best Rank-1 0.6: trial-003 (λ feature 100, λ style 1000)' });
  await assert.rejects(showSweepDashboard(join(sweep.dir, 'trials')), /not a sweep folder \(it has no trials\.json\)/);
});
