import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { writeSyntheticDataset } from '../data/synthetic/write_dataset';
import { loadPairIndex } from '../data/paired_dataset';
import { splitIndex } from '../data/splits';
import { evaluateGenerator } from '../eval/evaluate_generator';
import { loadFaceRecognitionNet } from '../face/face_recognition_net';
import { loadGenerator } from '../train/generator_file';

const ROOT = join(__dirname, '..', '..', '..');

test('the shipped generator reproduces its row of docs/RESULTS.md on the benchmark it was evaluated on', async () => {
  await initBackend({ backend: 'wasm', log: false });
  const benchmark = JSON.parse(readFileSync(join(ROOT, 'reference', 'benchmark.json'), 'utf8'));
  const data = mkdtempSync(join(tmpdir(), 'ear2face-benchmark-'));
  await writeSyntheticDataset({ out: data, size: benchmark.size, subjects: benchmark.subjects, perSubject: benchmark.perSubject, seed: benchmark.seed, heldOutFraction: benchmark.heldOut });
  const split = splitIndex(await loadPairIndex(data), 'subject-independent');
  const loaded = await loadGenerator(join(ROOT, 'models', 'ear2face-synthetic-64.e2g'));
  const net = await loadFaceRecognitionNet();
  const before = tf.memory().numTensors;
  try {
    const meta = loaded.meta as { label: string; summary: Record<string, number>; heldOutPairs: number };
    assert.equal(meta.label, 'Ear2Face (all four terms)');
    assert.equal(split.test.length, meta.heldOutPairs);
    const { evaluation } = await evaluateGenerator(loaded.generator, split.test, { imageSize: loaded.config.imageSize, faceNet: net });
    const s = evaluation.summary;
    // The table was measured with float32 weights; the file holds float16 (faces move by ~1e-3).
    assert.ok(Math.abs(s.psnr - meta.summary.psnr) < 0.05, `PSNR ${s.psnr} vs ${meta.summary.psnr}`);
    assert.ok(Math.abs(s.ssim - meta.summary.ssim) < 0.005, `SSIM ${s.ssim} vs ${meta.summary.ssim}`);
    // One probe of 200 is 0.005: allow two probes to change rank.
    for (const k of ['rank1', 'rank5', 'rank10', 'pixelRank1', 'pixelRank10'] as const) {
      assert.ok(Math.abs(s[k]! - meta.summary[k]) <= 0.0101, `${k} ${s[k]} vs ${meta.summary[k]}`);
    }
    // The row in docs/RESULTS.md is the one the file carries.
    const doc = readFileSync(join(ROOT, 'docs', 'RESULTS.md'), 'utf8');
    const row = new RegExp(`^\\| Ear2Face \\(all four terms\\) \\| ${meta.summary.psnr.toFixed(2)} \\| ${meta.summary.ssim.toFixed(3)} \\|`, 'm');
    assert.match(doc, row);
    assert.equal(tf.memory().numTensors, before);
  } finally {
    loaded.generator.dispose();
    net.dispose();
  }
});
