import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FinalMetrics } from '../runs/run_files';
import { planSweep } from './plan';
import { runSweep } from './run';

test('a real two-trial sweep trains both with `ear2face train --config`; a rerun starts no process', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'e2f-sweep-real-')), 'sweep');
  planSweep({ base: { steps: 2, imageSize: 64, ngf: 4, ndf: 4, samples: 2, weights: { feature: 0, style: 0 } }, grid: { 'weights.l1': [10, 100] } }, out);
  const first = await runSweep(out, { parallel: 2 });
  assert.deepEqual([first.done, first.failed, first.started], [['trial-000', 'trial-001'], [], ['trial-000', 'trial-001']]);
  for (const [k, l1] of [[0, 10], [1, 100]]) {
    const dir = join(out, 'trials', `trial-00${k}`);
    const final = JSON.parse(readFileSync(join(dir, 'final.json'), 'utf8')) as FinalMetrics;
    assert.equal(final.step, 2);
    assert.ok(Number.isFinite(final.summary.psnr));
    assert.equal(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).weights.l1, l1);
    assert.match(readFileSync(join(dir, 'train.log'), 'utf8'), /1 thread[^]*step 2\/2 [^]*exit code 0\n$/);
  }
  const again = await runSweep(out, { parallel: 2 });
  assert.deepEqual([again.started, again.done.length], [[], 2]);
});
