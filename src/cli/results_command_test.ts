import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './cli_test_util';
import { parseGeneratorFile } from '../lib/train/generator_file';

test('results --smoke runs the whole reference pipeline: benchmark, 5-row ablation sweep, baselines, table, shipped generator; a rerun trains nothing', () => {
  const out = join(tempDir(), 'ref');
  const ship = join(out, 'model.e2g');
  const first = runCli('results', '--smoke', '--out', out, '--ship', ship, '--parallel', '2');
  assert.equal(first.status, 0, first.stderr);
  const doc = readFileSync(join(out, 'RESULTS.md'), 'utf8');
  const rows = ['mean face', 'nearest ear', 'U-Net, L1 only', 'pix2pix (adversarial + L1)', 'Ear2Face (all four terms)', 'Ear2Face − feature', 'Ear2Face − style', 'real face, another picture'];
  for (const label of rows) assert.match(doc, new RegExp(`^\\| ${label.replace(/[()+]/g, '\\$&')} \\| -?\\d+\\.\\d\\d \\| -?\\d\\.\\d{3} \\|`, 'm'), label);
  assert.deepEqual([...doc.matchAll(/^\| ([^|*]+?) \| -?\d/gm)].map((m) => m[1]), rows, 'rows in order: baselines, trained, real faces');
  // 4 held-out people: chance Rank-1 is 1/4.
  assert.match(doc, /^\| \*chance\* \| \| \| \| 25\.0 \| 100\.0 \| 100\.0 \|/m);
  assert.match(doc, /Subject-independent split: 4 people \(8 pairs\) are held out/);
  assert.match(doc, /- \*\*(met|missed)\*\*: Ear2Face Rank-10 ≥ 90% \(face descriptors\)/);
  assert.match(doc, /\*\*Ear2Face − style\*\*: run folder `trial-004`; λ adv 1, L1 100, feature 100, style 0; 2 steps/);
  // The shipped file holds the Ear2Face row and, evaluated from the file, reproduces it closely.
  const { header } = parseGeneratorFile(readFileSync(ship), ship);
  const meta = header.meta as { label: string; summary: { psnr: number; ssim: number } };
  assert.equal(meta.label, 'Ear2Face (all four terms)');
  assert.equal(header.config.ngf, 4);
  assert.ok(statSync(ship).size < 1e6);
  const shipped = /gives PSNR (-?[\d.]+) dB, SSIM (-?[\d.]+)/.exec(doc);
  assert.ok(shipped, 'the document re-measures the shipped file');
  assert.ok(Math.abs(Number(shipped[1]) - meta.summary.psnr) < 0.05, `${shipped[1]} vs ${meta.summary.psnr}`);

  const again = runCli('results', '--smoke', '--out', out, '--parallel', '2');
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /^0 trials to run, 2 at once \(5 already done\)/m);
  assert.doesNotMatch(again.stdout, /writing the benchmark/);
});

test('results: a missing or bad reference definition and bad flags are reported', () => {
  const ref = tempDir();
  const out = join(tempDir(), 'ref');
  let r = runCli('results', '--reference', ref, '--out', out);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /benchmark\.json: missing; expected the reference experiment's definition/);
  writeFileSync(join(ref, 'benchmark.json'), JSON.stringify({ size: 64, subjects: 10, perSubject: 2, seed: 1, heldOut: 0.2, people: 3 }));
  writeFileSync(join(ref, 'ablation.json'), '{}');
  r = runCli('results', '--reference', ref, '--out', out);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /benchmark\.json: unknown field "people"/);
  r = runCli('results', '--ship', 'model.bin');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--ship must name a \.e2g file/);
  r = runCli('results', '--parallel', '0');
  assert.equal(r.status, 2);
  assert.equal(existsSync(out) && existsSync(join(out, 'sweep')), false, 'nothing trained');
  mkdirSync(out, { recursive: true });
});
