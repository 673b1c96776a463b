import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tagProblems } from './html_test_util';
import { bestValues, sweepSummaryTable, unfinishedTrialsTable } from './sweep_dashboard_table';
import { FAILED_LOG_LINE, writeDemoSweep } from './sweep_dashboard_test_util';

/** The table's rows as arrays of cell texts (tags stripped). */
function cells(html: string, tableClass: string): string[][] {
  const table = html.slice(html.indexOf(`class="${tableClass}"`));
  const body = table.slice(table.indexOf('<tbody>'), table.indexOf('</tbody>'));
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1].replace(/<[^>]+>/g, '')));
}

test('every trial is a row; the best value of each metric column is starred', async () => {
  const sweep = await writeDemoSweep();
  const html = sweepSummaryTable(sweep);
  assert.deepEqual(tagProblems(html), []);
  assert.match(html, /<th[^>]*>trial<\/th><th[^>]*>λ feature<\/th><th[^>]*>λ style<\/th><th[^>]*>state<\/th><th[^>]*>steps<\/th><th[^>]*>PSNR \(dB\)<\/th><th[^>]*>SSIM<\/th><th[^>]*>identity cosine<\/th><th[^>]*>Rank-1<\/th><th[^>]*>Rank-10<\/th>/);
  assert.deepEqual(cells(html, 'ear2face-sweep-table'), [
    ['trial-000', '0', '0', 'done', '20 / 20', '11', '0.3', '0.5', '0.2', '1 ★'],
    ['trial-001', '0', '1000', 'done', '20 / 20', '12', '0.32', '0.51', '0.4', '1 ★'],
    ['trial-002', '100', '0', 'done', '20 / 20', '13', '0.34', '0.52', '0.2', '1 ★'],
    ['trial-003', '100', '1000', 'done', '20 / 20', '14 ★', '0.36 ★', '0.53 ★', '0.6 ★', '1 ★'],
    ['trial-004', '10', '10', 'failed', '3 / 20', '–', '–', '–', '–', '–'],
    ['trial-005', '10', '100', 'pending', '0', '–', '–', '–', '–', '–'],
  ]);
  assert.match(html, /Chance on 5 held-out people: Rank-1 0\.2, Rank-10 1\./);
  assert.deepEqual(bestValues(sweep.trials, ['ssim', 'rank1', 'eer']), { ssim: 0.36, rank1: 0.6, eer: null });
});

test('trials without final metrics are listed with state and why; the failure text is escaped', async () => {
  const sweep = await writeDemoSweep();
  const html = unfinishedTrialsTable(sweep);
  assert.deepEqual(tagProblems(html), []);
  assert.ok(!html.includes('<img'), 'the log line stays text');
  const rows = cells(html, 'ear2face-sweep-unfinished');
  assert.deepEqual(rows, [
    ['trial-004', 'λ feature 10, λ style 10', 'failed', `exit code 1 at step 3 / 20: ${FAILED_LOG_LINE.replace(/</g, '&lt;').replace(/>/g, '&gt;')}`],
    ['trial-005', 'λ feature 10, λ style 100', 'pending', 'not started'],
  ]);
  const finishedOnly = { ...sweep, trials: sweep.trials.filter((t) => t.run.final !== null) };
  assert.equal(unfinishedTrialsTable(finishedOnly), '');
});
