import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '../backend/tf';
import { Trainer, TrainingDivergedError, type TrainerOptions } from './trainer';
import { checkpointFileName, latestCheckpoint, loadCheckpoint, restoreCheckpoint, saveCheckpoint } from './checkpoint';
import { CHECKPOINT_MAGIC, parseCheckpoint } from './checkpoint_format';
import { runFolder } from './run_folder';
import { initTrainingBackend, maxDifference, randomPairs, tinyNetworks } from './test_fixtures';
import type { TermFunction } from '../losses/objective';

const root = mkdtempSync(join(tmpdir(), 'e2f-ckpt-'));
let folderCount = 0;
const freshFolder = () => join(root, `run${++folderCount}`);

before(async () => {
  await initTrainingBackend();
});
after(() => rmSync(root, { recursive: true, force: true }));

const tiny = { imageSize: 64 as const, ngf: 4, ndf: 4, seed: 9 };
const tinyOptions: TrainerOptions = { networks: tinyNetworks };

async function stateOf(trainer: Trainer): Promise<{ values: Map<string, Float32Array>; step: number; rng: number; iterations: unknown }> {
  const state = await trainer.exportState();
  const values = new Map([...state.tensors].map(([name, t]) => [name, t.dataSync().slice() as Float32Array]));
  tf.dispose([...state.tensors.values()]);
  return { values, step: state.step, rng: state.rngState, iterations: state.iterations };
}

async function assertSameState(a: Trainer, b: Trainer): Promise<void> {
  const [sa, sb] = [await stateOf(a), await stateOf(b)];
  assert.equal(sa.step, sb.step);
  assert.equal(sa.rng, sb.rng);
  assert.deepEqual(sa.iterations, sb.iterations);
  assert.equal(maxDifference(sa.values, sb.values), 0);
}

test('resume is exact: 4 steps straight = 2 steps + save + load + 2 steps (dropout noise and Adam state included)', async () => {
  const batches = randomPairs(4);
  const straight = Trainer.create(tiny, tinyOptions);
  const straightRecords = batches.map((b) => straight.step(b).terms);

  const first = Trainer.create(tiny, tinyOptions);
  first.step(batches[0]);
  first.step(batches[1]);
  const dir = freshFolder();
  const path = await saveCheckpoint(first, dir);
  assert.equal(path, join(dir, 'ckpt-00000002.e2f'));
  first.dispose();

  const resumed = await loadCheckpoint(path, tinyOptions);
  assert.equal(resumed.stepCount, 2);
  assert.deepEqual(resumed.config, straight.config);
  const resumedRecords = [resumed.step(batches[2]).terms, resumed.step(batches[3]).terms];
  assert.deepEqual(resumedRecords, straightRecords.slice(2));
  await assertSameState(resumed, straight);
  straight.dispose();
  resumed.dispose();
  tf.dispose(batches.flatMap((b) => [b.ear, b.face]));
});

test('resume is exact with the pix2pix networks too (64², ngf = ndf = 4, batch norm, dropout)', async () => {
  const batches = randomPairs(4);
  const config = { imageSize: 64 as const, ngf: 4, ndf: 4, seed: 2 };
  const straight = Trainer.create(config);
  batches.forEach((b) => straight.step(b));
  const first = Trainer.create(config);
  first.step(batches[0]);
  first.step(batches[1]);
  const path = await saveCheckpoint(first, freshFolder());
  first.dispose();
  const resumed = await loadCheckpoint(path);
  resumed.step(batches[2]);
  resumed.step(batches[3]);
  await assertSameState(resumed, straight);
  straight.dispose();
  resumed.dispose();
  tf.dispose(batches.flatMap((b) => [b.ear, b.face]));
});

test('the file: magic, JSON header with config, step, RNG state and named tensors with offsets', async () => {
  const trainer = Trainer.create(tiny, tinyOptions);
  const [batch] = randomPairs(1);
  trainer.step(batch);
  const path = await saveCheckpoint(trainer, freshFolder());
  const file = readFileSync(path);
  assert.equal(file.toString('latin1', 0, 8), CHECKPOINT_MAGIC);
  const { header } = parseCheckpoint(file, path);
  assert.equal(header.version, 1);
  assert.equal(header.step, 1);
  assert.equal(header.rngState, trainer.rngState);
  assert.deepEqual(header.iterations, { generator: 1, discriminator: 1 });
  assert.deepEqual(header.config, trainer.config);
  const names = header.tensors.map((t) => t.name);
  for (const name of ['generator/weights/conv1', 'generator/buffers/runningMean', 'discriminator/weights/bias2',
    'generator/adam/m/conv1', 'generator/adam/v/conv1', 'discriminator/adam/accBeta1']) {
    assert.ok(names.includes(name), `${name} missing from ${names}`);
  }
  const kernel = header.tensors.find((t) => t.name === 'generator/weights/conv1')!;
  assert.deepEqual(kernel.shape, [3, 3, 3, 8]);
  assert.equal(kernel.bytes, 4 * 3 * 3 * 3 * 8);
  // The stored bytes are the weights, little-endian float32.
  const { data } = parseCheckpoint(file, path);
  const stored = new Float32Array(data.buffer.slice(data.byteOffset + kernel.offset, data.byteOffset + kernel.offset + kernel.bytes));
  assert.deepEqual(Array.from(stored), Array.from(trainer.generator.weights.conv1.dataSync()));
  trainer.dispose();
  tf.dispose([batch.ear, batch.face]);
});

test('keep-last-N deletes older checkpoints only; latestCheckpoint finds the newest; no .tmp is left', async () => {
  const dir = freshFolder();
  assert.equal(await latestCheckpoint(dir), null);
  const trainer = Trainer.create(tiny, tinyOptions);
  const [batch] = randomPairs(1);
  for (let i = 0; i < 4; i++) {
    trainer.step(batch);
    await saveCheckpoint(trainer, dir, { keepLast: 2 });
  }
  assert.deepEqual(readdirSync(dir).sort(), ['ckpt-00000003.e2f', 'ckpt-00000004.e2f']);
  assert.equal(await latestCheckpoint(dir), join(dir, checkpointFileName(4)));
  await assert.rejects(saveCheckpoint(trainer, dir, { keepLast: 0 }), /keepLast: got 0; expected an integer ≥ 1/);
  trainer.dispose();
  tf.dispose([batch.ear, batch.face]);
});

test('a failed write removes its .tmp and leaves the earlier checkpoint intact', async () => {
  const dir = freshFolder();
  const trainer = Trainer.create(tiny, tinyOptions);
  const good = await saveCheckpoint(trainer, dir);
  const goodBytes = readFileSync(good);
  const [batch] = randomPairs(1);
  trainer.step(batch);
  // A state whose tensor dies mid-write.
  const realExport = trainer.exportState.bind(trainer);
  trainer.exportState = async () => {
    const state = await realExport();
    const last = [...state.tensors.keys()].pop()!;
    state.tensors.get(last)!.dispose();
    return state;
  };
  await assert.rejects(saveCheckpoint(trainer, dir), /disposed/);
  assert.deepEqual(readdirSync(dir), ['ckpt-00000000.e2f']);
  assert.ok(readFileSync(good).equals(goodBytes));
  trainer.dispose();
  tf.dispose([batch.ear, batch.face]);
});

test('divergence after a save: the error names term and step, and the checkpoint still loads', async () => {
  let calls = 0;
  const spike: TermFunction = (ctx) => (++calls === 3 ? tf.scalar(Infinity) : tf.mul(tf.mean(ctx.fake), 0)) as tf.Scalar;
  const options = { networks: tinyNetworks, terms: { spike } };
  const trainer = Trainer.create({ ...tiny, weights: { adv: 1, l1: 100, spike: 1 } }, options);
  const batches = randomPairs(3);
  trainer.step(batches[0]);
  trainer.step(batches[1]);
  const path = await saveCheckpoint(trainer, freshFolder());
  const bytes = readFileSync(path);
  assert.throws(() => trainer.step(batches[2]), (e: unknown) => e instanceof TrainingDivergedError && e.term === 'g/spike' && e.step === 3);
  assert.ok(readFileSync(path).equals(bytes));
  const reloaded = await loadCheckpoint(path, options);
  await assertSameState(reloaded, trainer);
  reloaded.dispose();
  trainer.dispose();
  tf.dispose(batches.flatMap((b) => [b.ear, b.face]));
});

test('another architecture: the error names the file, the tensor and both shapes; nothing changes', async () => {
  const small = Trainer.create({ imageSize: 64, ngf: 4, ndf: 4, seed: 1 });
  const path = await saveCheckpoint(small, freshFolder());
  small.dispose();
  const bytes = readFileSync(path);
  const wide = Trainer.create({ imageSize: 64, ngf: 8, ndf: 4, seed: 1 });
  const before = await stateOf(wide);
  await assert.rejects(
    restoreCheckpoint(wide, path),
    (e: Error) => {
      assert.ok(e.message.includes(path), e.message);
      assert.match(e.message, /tensor 'generator\/weights\/dec1\/conv\/kernel': expected shape \[4,4,3,16\], found \[4,4,3,8\]/);
      return true;
    },
  );
  assert.equal(maxDifference(before.values, (await stateOf(wide)).values), 0);
  assert.equal(wide.stepCount, 0);
  assert.ok(readFileSync(path).equals(bytes));
  wide.dispose();
});

test('corrupt, truncated, foreign or newer files are refused by name; the trainer is untouched', async () => {
  const trainer = Trainer.create(tiny, tinyOptions);
  const dir = freshFolder();
  const path = await saveCheckpoint(trainer, dir);
  const good = readFileSync(path);
  const variant = (name: string, bytes: Buffer) => {
    const p = join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };
  const flipped = Buffer.from(good);
  flipped[flipped.length - 3] ^= 0xff;
  const newer = Buffer.from(good.toString('latin1').replace('"version":1', '"version":7'), 'latin1');
  const badConfig = Buffer.from(good.toString('latin1').replace('"ganMode":"vanilla"', '"ganMode":"wgan-gp"'), 'latin1');
  const cases: Array<[string, RegExp]> = [
    [variant('flipped.e2f', flipped), /data checksum .* does not match/],
    [variant('short.e2f', good.subarray(0, good.length - 100)), /expected \d+ \(truncated\)/],
    [variant('tiny.e2f', good.subarray(0, 5)), /too short for a checkpoint/],
    [variant('foreign.e2f', Buffer.from('PK\x03\x04 this is a zip file')), /wrong magic "PK\\u0003\\u0004 thi"/],
    [variant('newer.e2f', newer), /format version 7; this library reads version 1/],
    [variant('config.e2f', badConfig), /config\.ganMode: unknown GAN mode "wgan-gp"/],
    [join(dir, 'missing.e2f'), /cannot read/],
  ];
  trainer.step(randomPairs(1)[0]);
  const before = await stateOf(trainer);
  for (const [p, message] of cases) {
    await assert.rejects(loadCheckpoint(p, tinyOptions), (e: Error) => e.message.includes(p) && message.test(e.message));
    if (!p.endsWith('config.e2f')) {
      await assert.rejects(restoreCheckpoint(trainer, p), (e: Error) => e.message.includes(p) && message.test(e.message));
    }
  }
  assert.equal(maxDifference(before.values, (await stateOf(trainer)).values), 0);
  assert.equal(trainer.stepCount, 1);
  trainer.dispose();
});

test('a run folder name must be a plain name', () => {
  assert.equal(runFolder('runs', 'lsgan-1'), join('runs', 'lsgan-1'));
  assert.throws(() => runFolder('runs', '../etc'), /run name "..\/etc": contains a path separator; expected a plain name/);
  assert.throws(() => runFolder('runs', 'a\\b'), /contains a path separator/);
  assert.throws(() => runFolder('runs', '..'), /not a relative folder/);
  assert.throws(() => runFolder('runs', ''), /expected a non-empty plain name/);
});
