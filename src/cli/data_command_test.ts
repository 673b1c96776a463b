import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main';

/** Runs the command in this process, capturing what it prints. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    const code = await main(args);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

test('data synthetic writes the PNGs, the manifest and the grid, and reports progress and the split', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ear2face-data-'));
  const out = join(dir, 'synthetic');
  const r = await run('data', 'synthetic', '--size', '64', '--subjects', '6', '--per-subject', '2', '--out', out, '--seed', '3', '--held-out', '0.3', '--grid');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /pairs 12\/12 \(100%\)/);
  assert.match(r.out, /wrote 12 pairs \(6 subjects × 2, 64²\)/);
  assert.match(r.out, /held-out subjects \(2\): s\d{4} s\d{4}/);
  assert.equal(readdirSync(join(out, 'ears')).length, 12);
  assert.equal(readdirSync(join(out, 'faces')).length, 12);
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  assert.equal(manifest.imageSize, 64);
  assert.equal(manifest.pairs.length, 12);
  assert.equal(manifest.split.heldOutSubjects.length, 2);
  assert.deepEqual({ seed: manifest.split.seed, fraction: manifest.split.fraction }, { seed: 3, fraction: 0.3 });
  const grid = readFileSync(join(dir, 'synthetic-grid.png'));
  assert.deepEqual([...grid.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
  assert.equal(grid.readUInt32BE(16), 4 * 64 + 5 * 2); // IHDR width: ear | face | ear | face
  assert.equal(grid.readUInt32BE(20), 6 * 64 + 7 * 2); // one row per subject (6 < 8)
});

test('data synthetic --baselines prints the pixel baselines', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'ear2face-data-')), 'b');
  const r = await run('data', 'synthetic', '--size', '64', '--subjects', '12', '--per-subject', '2', '--out', out, '--baselines');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /mean training face\s+0\.\d{4}/);
  assert.match(r.out, /mean face of the 5 nearest training ears\s+0\.\d{4}/);
});

test('usage errors exit with 2 and name the option', async () => {
  const cases: [string[], RegExp][] = [
    [['--size', '100'], /--size must be 64, 128 or 256, got 100/],
    [['--subjects', 'many'], /option --subjects expects a number, got "many"/],
    [['--subjects', '1'], /--subjects must be an integer of at least 2, got 1/],
    [['--per-subject', '-2'], /--per-subject must be a positive integer, got -2/],
    [['--per-subject', '1.5'], /--per-subject must be a positive integer, got 1\.5/],
    [['--seed', '-1'], /--seed must be an integer from 0 to 4294967295, got -1/],
    [['--held-out', '1.5'], /--held-out must be a number between 0 and 1 \(exclusive\), got 1\.5/],
    [['--grid-size', '100'], /--grid-size must be 0 \(same as --size\), 64, 128 or 256, got 100/],
    [['--sizes', '64'], /unknown option --sizes/],
    [['--out'], /option --out needs a value/],
  ];
  for (const [args, message] of cases) {
    const r = await run('data', 'synthetic', ...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, message);
  }
  const noSub = await run('data');
  assert.equal(noSub.code, 2);
  assert.match(noSub.err, /ear2face data: expected a subcommand/);
  const badSub = await run('data', 'real');
  assert.equal(badSub.code, 2);
  assert.match(badSub.err, /unknown subcommand "real"/);
});

test('--help exits 0 and lists the options; the top-level usage mentions data', async () => {
  const r = await run('data', 'synthetic', '--help');
  assert.equal(r.code, 0);
  for (const flag of ['--size', '--subjects', '--per-subject', '--out', '--seed', '--held-out', '--grid', '--baselines']) assert.ok(r.out.includes(flag), flag);
  assert.match((await run('data', '--help')).out, /synthetic\s+write the synthetic paired ear→face benchmark/);
  assert.match((await run('--help')).out, /data\s+dataset tools/);
});

test('a folder holding something else is refused with exit 1 and left alone', async () => {
  const out = mkdtempSync(join(tmpdir(), 'ear2face-data-'));
  writeFileSync(join(out, 'keep.txt'), 'x');
  const r = await run('data', 'synthetic', '--size', '64', '--subjects', '2', '--per-subject', '1', '--out', out);
  assert.equal(r.code, 1);
  assert.match(r.err, /ear2face data: writeSyntheticDataset: out .* is not empty \(keep\.txt\) and is not a synthetic dataset; refusing to overwrite it/);
  assert.deepEqual(readdirSync(out), ['keep.txt']);
  assert.ok(!existsSync(join(out, 'manifest.json')));
});
