import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '../backend/tf';
import { float16BitsToFloat32, float32ToFloat16Bits } from '../util/float16';
import { saveCheckpoint } from './checkpoint';
import { float32ToLittleEndian } from './checkpoint_format';
import { encodeGeneratorFile, loadGenerator, parseGeneratorFile, saveGenerator, type EncodedTensor } from './generator_file';
import { initTrainingBackend, maxDifference, randomPairs, readAll } from './test_fixtures';
import { Trainer } from './trainer';

const root = mkdtempSync(join(tmpdir(), 'e2f-genfile-'));
let fileCount = 0;
const freshPath = () => join(root, `g${++fileCount}.e2g`);
let trainer: Trainer;
let input: tf.Tensor4D;
const meta = { dataset: 'synthetic-sample', spec: { name: 'tiny', steps: 2 }, evaluation: { psnr: 12.5, rank1: null } };

before(async () => {
  await initTrainingBackend();
  // Two real steps: weights away from their initial values and non-trivial running statistics.
  trainer = Trainer.create({ imageSize: 64, ngf: 4, ndf: 4, seed: 3 });
  for (const b of randomPairs(2)) {
    trainer.step(b);
    tf.dispose([b.ear, b.face]);
  }
  input = tf.randomUniform([2, 64, 64, 3], -1, 1, 'float32', 11) as tf.Tensor4D;
});
after(() => {
  trainer.dispose();
  input.dispose();
  rmSync(root, { recursive: true, force: true });
});

/** The generator's output on the fixed input, in both inference modes, with fixed dropout masks. */
function outputs(g: Trainer['generator']): Float32Array[] {
  return [false, true].map((runningStats) => {
    const y = g.apply(input, { training: false, noiseSeed: 5, runningStats });
    const v = y.dataSync().slice() as Float32Array;
    y.dispose();
    return v;
  });
}

const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
const prefixed = (group: string, m: Map<string, Float32Array>) => new Map([...m].map(([k, v]) => [`${group}/${k}`, v]));

test('float32: save → load gives bit-identical weights, buffers and outputs, with config, step and meta', async () => {
  const before = tf.memory().numTensors;
  const path = freshPath();
  const saved = await saveGenerator(trainer, path, { dtype: 'float32', meta });
  assert.deepEqual(saved, { path, bytes: statSync(path).size });
  const loaded = await loadGenerator(path);
  assert.equal(loaded.step, 2);
  assert.deepEqual(loaded.config, { ...trainer.config, weights: { ...trainer.config.weights } });
  assert.deepEqual(loaded.meta, meta);
  assert.equal(maxDifference(readAll(loaded.generator.weights), readAll(trainer.generator.weights)), 0);
  assert.equal(maxDifference(readAll(loaded.generator.buffers), readAll(trainer.generator.buffers)), 0);
  const [a, b] = [outputs(trainer.generator), outputs(loaded.generator)];
  assert.deepEqual(b, a);
  loaded.generator.dispose();
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(readdirSync(root).filter((n) => n.endsWith('.tmp')), []);
});

test('float16: weights are the float16 rounding of the originals, buffers exact, output within 5e-3; about half the size', async () => {
  const before = tf.memory().numTensors;
  const path16 = freshPath();
  const path32 = freshPath();
  const size16 = (await saveGenerator(trainer, path16, { meta })).bytes;
  const size32 = (await saveGenerator(trainer, path32, { dtype: 'float32', meta })).bytes;
  const loaded = await loadGenerator(path16);
  const original = readAll(trainer.generator.weights);
  const rounded = new Map([...original].map(([k, v]) => [k, float16BitsToFloat32(float32ToFloat16Bits(v))]));
  assert.equal(maxDifference(readAll(loaded.generator.weights), rounded), 0);
  assert.equal(maxDifference(readAll(loaded.generator.buffers), readAll(trainer.generator.buffers)), 0);
  // Each weight within 2⁻¹¹ of its value (half of float16's 10-bit fraction ulp), 2⁻²⁵ when subnormal.
  for (const [name, v] of original) {
    const w = rounded.get(name)!;
    v.forEach((x, i) => assert.ok(Math.abs(w[i] - x) <= Math.max(Math.abs(x) * 2 ** -11, 2 ** -25), `${name}[${i}]: ${x} → ${w[i]}`));
  }
  // The bound: 12 weight layers, each weight off by ≤ 2⁻¹¹ ≈ 4.9e-4 relative, so to first order the
  // pre-tanh value z moves by ≤ 12 · 4.9e-4 ≈ 5.9e-3 · |z| (every layer's error adding up), and
  // tanh moves by ≤ tanh'(z) · 5.9e-3 · |z| ≤ 0.45 · 5.9e-3 ≈ 2.7e-3 (max of z·sech²z ≈ 0.45);
  // 5e-3 leaves room for second-order terms. Measured: 2.6e-4 (batch statistics), 7e-6 (running).
  const [a, b] = [outputs(trainer.generator), outputs(loaded.generator)];
  for (const m of [0, 1]) {
    const d = maxAbsDiff(a[m], b[m]);
    assert.ok(d > 0 && d < 5e-3, `mode ${m}: max |Δ| ${d}`);
  }
  // Data: 2 bytes per weight (4 in float32), 4 per buffer value; headers of a few kB.
  const weightCount = [...original.values()].reduce((s, v) => s + v.length, 0);
  const bufferCount = [...readAll(trainer.generator.buffers).values()].reduce((s, v) => s + v.length, 0);
  const { header } = parseGeneratorFile(readFileSync(path16), path16);
  assert.equal(header.dataBytes, 2 * weightCount + 4 * bufferCount);
  assert.equal(parseGeneratorFile(readFileSync(path32), path32).header.dataBytes, 4 * weightCount + 4 * bufferCount);
  assert.ok(size16 < 0.51 * size32, `${size16} vs ${size32}`);
  assert.ok(header.tensors.every((t) => t.dtype === (t.name.startsWith('weights/') ? 'float16' : 'float32')));
  loaded.generator.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('a bare { generator, config, step } saves too; existing files are replaced whole', async () => {
  const path = freshPath();
  await saveGenerator(trainer, path);
  const first = readFileSync(path);
  await saveGenerator({ generator: trainer.generator, config: { ...trainer.config }, step: 7 }, path, { meta: { note: 'again' } });
  const loaded = await loadGenerator(path);
  assert.equal(loaded.step, 7);
  assert.deepEqual(loaded.meta, { note: 'again' });
  assert.notDeepEqual(readFileSync(path), first);
  loaded.generator.dispose();
});

// ---- corrupt and wrong files ------------------------------------------------------------------

async function loadError(bytes: Buffer | null, path = freshPath()): Promise<string> {
  if (bytes !== null) writeFileSync(path, bytes);
  const before = tf.memory().numTensors;
  const e = await loadGenerator(path).then(
    () => null,
    (err: Error) => err,
  );
  assert.ok(e instanceof Error, 'expected loadGenerator to throw');
  assert.equal(tf.memory().numTensors, before, 'no tensor left behind by a failed load');
  assert.ok(e.message.includes(path), e.message);
  return e.message;
}

/** The tensors of a saved file, decoded, to edit and re-encode into a crafted file. */
async function savedParts(): Promise<{ header: ReturnType<typeof parseGeneratorFile>['header']; tensors: EncodedTensor[]; bytes: Buffer }> {
  const path = freshPath();
  await saveGenerator(trainer, path, { dtype: 'float32' });
  const bytes = readFileSync(path);
  const { header, data } = parseGeneratorFile(bytes, path);
  const tensors = header.tensors.map((t) => ({ name: t.name, shape: t.shape, dtype: t.dtype, bytes: Buffer.from(data.subarray(t.offset, t.offset + t.bytes)) }));
  return { header, tensors, bytes };
}
const craft = (header: { step: number; config: Trainer['config']; meta: Record<string, unknown> }, tensors: EncodedTensor[]) => {
  const { prefix, chunks } = encodeGeneratorFile({ step: header.step, config: header.config, meta: header.meta, tensors });
  return Buffer.concat([prefix, ...chunks]);
};

test('not a generator file, empty, truncated, trailing bytes, damaged data, missing file: each says so', async () => {
  const { bytes } = await savedParts();
  assert.match(await loadError(Buffer.from('\x89PNG\r\n\x1a\n0000000000000000', 'latin1')), /not an ear2face generator file \(it starts with/);
  assert.match(await loadError(Buffer.alloc(0)), /not an ear2face generator file \(the file is empty;/);
  assert.match(await loadError(bytes.subarray(0, 6)), /too short for a generator file \(truncated\)/);
  assert.match(await loadError(bytes.subarray(0, 40)), /truncated or corrupt/);
  assert.match(await loadError(bytes.subarray(0, bytes.length - 10)), /expected \d+ \(truncated\)/);
  assert.match(await loadError(Buffer.concat([bytes, Buffer.from([0])])), /\(trailing bytes\)/);
  const damaged = Buffer.from(bytes);
  damaged[damaged.length - 3] ^= 0x01;
  assert.match(await loadError(damaged), /data checksum [0-9a-f]{64} does not match the header's/);
  assert.match(await loadError(null, join(root, 'absent.e2g')), /cannot read/);
});

test('a header with a wrong version, format or config is refused, naming the field', async () => {
  const { bytes } = await savedParts();
  const headerLength = bytes.readUInt32LE(8);
  const withHeader = (edit: (h: Record<string, unknown>) => void) => {
    const h = JSON.parse(bytes.toString('utf8', 12, 12 + headerLength));
    edit(h);
    const json = Buffer.from(JSON.stringify(h));
    const prefix = Buffer.alloc(12 + json.length + ((8 - ((12 + json.length) % 8)) % 8), 0x20);
    bytes.copy(prefix, 0, 0, 8);
    prefix.writeUInt32LE(prefix.length - 12, 8);
    json.copy(prefix, 12);
    return Buffer.concat([prefix, bytes.subarray(12 + headerLength)]);
  };
  assert.match(await loadError(withHeader((h) => (h.version = 2))), /format version 2; this library reads version 1/);
  assert.match(await loadError(withHeader((h) => (h.format = 'other'))), /header\.format is "other"/);
  assert.match(await loadError(withHeader((h) => ((h.config as Record<string, unknown>).imageSize = 100))), /stored config\.imageSize: got 100/);
  assert.match(await loadError(withHeader((h) => (h.meta = [1]))), /header\.meta is \[1\]; expected an object/);
});

test('missing, extra and reshaped tensors are named; a different architecture is refused', async () => {
  const { header, tensors } = await savedParts();
  const victim = tensors.find((t) => t.name === 'weights/dec1/conv/bias')!;
  const others = tensors.filter((t) => t !== victim);
  const missing = await loadError(craft(header, others));
  assert.match(missing, /tensor 'weights\/dec1\/conv\/bias' \(shape \[3\]\) is missing/);
  const extra = await loadError(craft(header, [...tensors, { name: 'weights/extra', shape: [2], dtype: 'float32', bytes: float32ToLittleEndian(Float32Array.of(1, 2)) }]));
  assert.match(extra, /tensor 'weights\/extra' \(shape \[2\]\) is not part of this generator/);
  const reshaped = { ...victim, shape: [4], bytes: float32ToLittleEndian(Float32Array.of(1, 2, 3, 4)) };
  assert.match(await loadError(craft(header, [...others, reshaped])), /tensor 'weights\/dec1\/conv\/bias' has shape \[4\]; expected \[3\]/);
  // The same tensors under a config with twice the width: every conv is the wrong shape.
  const wider = await loadError(craft({ ...header, config: { ...header.config, ngf: 8 } }, tensors));
  assert.match(wider, /does not hold the generator its config describes \(64², ngf 8, batch norm\): .*expected/);
  assert.match(wider, /more differences/);
});

test('a full training checkpoint is recognised and pointed to loadCheckpoint / saveGenerator', async () => {
  const dir = join(root, 'ckpt');
  const path = await saveCheckpoint(trainer, dir);
  const message = await loadError(null, path);
  assert.match(message, /full training checkpoint \(\.e2f\), not a generator file: load it with loadCheckpoint/);
  assert.match(message, /saveGenerator\(await loadCheckpoint\(path\)/);
});

test('saving refuses bad paths, bad meta, out-of-range weights and disposed networks, losing nothing', async () => {
  const path = freshPath();
  await saveGenerator(trainer, path);
  const good = readFileSync(path);
  const saveError = (p: Promise<unknown>) => p.then(() => assert.fail('expected saveGenerator to throw'), (e: Error) => e.message);
  assert.match(await saveError(saveGenerator(trainer, join(root, 'model.e2f'))), /expected a file name ending in \.e2g/);
  assert.match(await saveError(saveGenerator(trainer, path, { meta: { evaluation: { psnr: NaN } } })), /meta\.evaluation\.psnr is NaN; expected JSON data/);
  assert.match(await saveError(saveGenerator(trainer, path, { meta: { when: new Date(0) } })), /meta\.when is a Date object/);
  assert.match(await saveError(saveGenerator(trainer, path, { dtype: 'int8' as 'float16' })), /dtype "int8"/);
  assert.match(await saveError(saveGenerator({ generator: trainer.discriminator, config: { ...trainer.config } }, path)), /kind 'generator'/);

  // A generator whose weight exceeds float16's range: refused for float16, fine for float32.
  const g = Trainer.create({ imageSize: 64, ngf: 4, ndf: 4, seed: 4 });
  const w = g.generator.weights['dec1/conv/bias'];
  const setBias = (values: number[]) => tf.tidy(() => w.assign(tf.tensor1d(values)));
  setBias([0, 7e4, 0]);
  assert.match(await saveError(saveGenerator(g, path)), /tensor 'weights\/dec1\/conv\/bias' holds 70000 at index 1, beyond float16's range ±65504; save with dtype 'float32'/);
  setBias([0, NaN, 0]);
  assert.match(await saveError(saveGenerator(g, path, { dtype: 'float32' })), /holds NaN at index 1, not finite/);
  g.dispose();
  assert.match(await saveError(saveGenerator(g, path)), /is disposed/);

  assert.deepEqual(readFileSync(path), good, 'the file already saved is untouched');
  assert.deepEqual(readdirSync(root).filter((n) => n.endsWith('.tmp')), []);
});
