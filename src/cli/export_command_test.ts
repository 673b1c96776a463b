import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, TINY } from './cli_test_util';
import { parseGeneratorFile } from '../lib/train/generator_file';

let run = '';
before(() => {
  run = join(tempDir(), 'run');
  const r = runCli('train', ...TINY, '--steps', '2', '--feature', '0', '--style', '0', '--out', run);
  assert.equal(r.status, 0, r.stderr);
});

test('export writes the generator with the run as metadata; evaluate --model scores it like the checkpoint, float32 exactly', () => {
  const dir = tempDir();
  const f16 = join(dir, 'g16.e2g');
  const f32 = join(dir, 'g32.e2g');
  const r16 = runCli('export', '--run', run, '--out', f16);
  assert.equal(r16.status, 0, r16.stderr);
  assert.match(r16.stdout, /step 2, 64², ngf 4\) → .*g16\.e2g \(\d+\.\d MB, float16\)/);
  assert.equal(runCli('export', '--checkpoint', join(run, 'ckpt-00000002.e2f'), '--out', f32, '--dtype', 'float32').status, 0);
  const { header } = parseGeneratorFile(readFileSync(f16), f16);
  const meta = header.meta as { run: { steps: number; ngf: number }; final: { step: number } };
  assert.deepEqual([meta.run.steps, meta.run.ngf, meta.final.step], [2, 4, 2]);
  // float16 weights take half the bytes (the header and float32 norm buffers are small).
  const ratio = statSync(f16).size / statSync(f32).size;
  assert.ok(ratio > 0.45 && ratio < 0.6, `float16/float32 size ratio ${ratio}`);

  const final = JSON.parse(readFileSync(join(run, 'final.json'), 'utf8'));
  const out = join(dir, 'e32.json');
  const e32 = runCli('evaluate', '--model', f32, '--backend', 'wasm', '--json', out);
  assert.equal(e32.status, 0, e32.stderr);
  assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')).summary, final.summary, 'float32 file = the checkpoint, number for number');
  const out16 = join(dir, 'e16.json');
  assert.equal(runCli('evaluate', '--model', f16, '--backend', 'wasm', '--json', out16).status, 0);
  const s16 = JSON.parse(readFileSync(out16, 'utf8')).summary;
  assert.ok(Math.abs(s16.psnr - final.summary.psnr) < 0.05, `float16 PSNR ${s16.psnr} vs ${final.summary.psnr}`);
  assert.ok(Math.abs(s16.ssim - final.summary.ssim) < 0.005, `float16 SSIM ${s16.ssim} vs ${final.summary.ssim}`);

  const faces = join(dir, 'faces');
  const ear = join(__dirname, '..', '..', 'data', 'synthetic-sample', 'ears', 's0001_00.png');
  const s = runCli('sample', '--model', f16, '--input', ear, '--out', faces, '--backend', 'wasm');
  assert.equal(s.status, 0, s.stderr);
  assert.ok(existsSync(join(faces, 's0001_00-face.png')));
});

test('bad export requests: no source, two sources, a wrong --out, a bad dtype, a checkpoint given as a model', () => {
  const dir = tempDir();
  const cases: Array<[string[], number, RegExp]> = [
    [['--out', join(dir, 'a.e2g')], 2, /give --run DIR .*--checkpoint FILE or --model FILE/],
    [['--run', run, '--checkpoint', join(run, 'ckpt-00000002.e2f'), '--out', join(dir, 'a.e2g')], 2, /give one of --run, --checkpoint and --model, not several/],
    [['--run', run, '--out', join(dir, 'a.bin')], 2, /--out must name a file ending in \.e2g, got ".*a\.bin"/],
    [['--run', run], 2, /--out must name a file ending in \.e2g, got null/],
    [['--run', run, '--out', join(dir, 'a.e2g'), '--dtype', 'int8'], 2, /--dtype must be float16 or float32, got "int8"/],
    [['--run', join(dir, 'nope'), '--out', join(dir, 'a.e2g')], 1, /--run .*nope: no such folder/],
  ];
  for (const [args, status, message] of cases) {
    const r = runCli('export', ...args);
    assert.equal(r.status, status, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  assert.equal(existsSync(join(dir, 'a.e2g')), false);
  const wrong = runCli('evaluate', '--model', join(run, 'ckpt-00000002.e2f'), '--backend', 'wasm');
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /full training checkpoint \(\.e2f\), not a generator file/);
  const corrupt = join(dir, 'bad.e2g');
  writeFileSync(corrupt, 'E2FGENR1 and then nothing useful');
  const bad = runCli('sample', '--model', corrupt, '--input', join(__dirname, '..', '..', 'data', 'synthetic-sample', 'ears', 's0001_00.png'), '--out', join(dir, 'x'));
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /generator file .*bad\.e2g/);
});
