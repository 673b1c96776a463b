/**
 * Test helper: a small sweep folder on disk — a 2 × 2 grid over λ feature × λ style (all done),
 * one failed trial and one pending — read back with readSweepFolder.
 */
import { join } from 'node:path';
import { readSweepFolder, type SweepRecord } from '../lib/runs/read_sweep';
import { finalFixture, metricsFixture, tempFolder, writeSweepFixture, type TrialFixture } from '../lib/runs/sweep_fixture_test_util';

/** Final metrics of the four grid trials, in trial order (feature 0/0/100/100 × style 0/1000). */
export const GRID_FINALS = [
  { psnr: 11, ssim: 0.3, identityCosine: 0.5, rank1: 0.2, rank10: 1 },
  { psnr: 12, ssim: 0.32, identityCosine: 0.51, rank1: 0.4, rank10: 1 },
  { psnr: 13, ssim: 0.34, identityCosine: 0.52, rank1: 0.2, rank10: 1 },
  { psnr: 14, ssim: 0.36, identityCosine: 0.53, rank1: 0.6, rank10: 1 },
];

/** The failed trial's log line, with markup that must show as text. */
export const FAILED_LOG_LINE = 'Error: <img src=x onerror=alert(1)>';

/**
 * Writes the demo sweep (steps 20; metrics for every trial that started; sample grids at steps
 * 10 and 20 for the grid trials) under a fresh temporary folder, then reads it back. `finals`
 * replaces the grid trials' summaries (e.g. without descriptors).
 */
export async function writeDemoSweep(finals: ReadonlyArray<Record<string, number | undefined>> = GRID_FINALS, name = 'loss-weights'): Promise<SweepRecord> {
  const dir = join(tempFolder('e2f-sweep-'), name);
  const trials: TrialFixture[] = [];
  let k = 0;
  for (const feature of [0, 100]) {
    for (const style of [0, 1000]) {
      const i = k++;
      trials.push({
        params: { 'weights.feature': feature, 'weights.style': style },
        run: { spec: { steps: 20, weights: { feature, style } }, metrics: metricsFixture(20, i * 0.3), final: finalFixture(20, finals[i]), samples: [10, 20] },
      });
    }
  }
  trials.push({
    params: { 'weights.feature': 10, 'weights.style': 10 },
    run: { spec: { steps: 20 }, metrics: metricsFixture(3), failure: { reason: 'exit code 1', exitCode: 1, signal: null, logTail: [FAILED_LOG_LINE, ''], at: '2026-01-01T00:00:00Z' } },
  });
  trials.push({ params: { 'weights.feature': 10, 'weights.style': 100 }, run: null });
  await writeSweepFixture(dir, trials);
  return readSweepFolder(dir);
}
