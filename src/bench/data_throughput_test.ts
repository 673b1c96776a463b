import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { initBackend } from '../lib/backend/select';
import { tf } from '../lib/backend/tf';
import { measureDataThroughput } from './data_throughput';

before(() => initBackend({ backend: 'wasm' }));

const benchDirs = () => readdirSync(tmpdir()).filter((n) => n.startsWith('ear2face-data-bench-')).length;

test('measureDataThroughput times PNG and JPEG files through the loader and cleans up', async () => {
  const dirsBefore = benchDirs();
  const tensors = tf.memory().numTensors;
  for (const format of ['png', 'jpeg'] as const) {
    const r = await measureDataThroughput({ size: 32, pairs: 6, format, stepsPerSecond: 0.5 });
    assert.equal(r.format, format);
    assert.equal(r.images, 12);
    assert.ok(r.imagesPerSecond > 0 && Number.isFinite(r.imagesPerSecond));
    assert.ok(Math.abs(r.pairsPerSecond * 2 - r.imagesPerSecond) < 1e-9);
    assert.ok(Math.abs(r.headroom! - r.pairsPerSecond / 0.5) < 1e-9);
    assert.ok(r.decodeMsPerImage > 0 && r.augmentMsPerPair > 0);
  }
  assert.equal(benchDirs(), dirsBefore);
  assert.equal(tf.memory().numTensors, tensors);
  await assert.rejects(measureDataThroughput({ pairs: 0 }), /measureDataThroughput: pairs 0; expected a positive integer/);
});
