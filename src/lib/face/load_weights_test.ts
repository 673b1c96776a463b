import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { faceApiModelDir, loadWeightMap } from './load_weights';

let dir: string;

before(async () => {
  await initBackend({ backend: 'wasm' });
  dir = mkdtempSync(join(tmpdir(), 'ear2face-weights-'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** A 2-shard group: w (uint8, 4 values) | h (float16, 2 values) | f (float32, 3 values) = 4 + 4 + 12 bytes. */
const WEIGHTS = [
  { name: 'w', shape: [2, 2], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } },
  { name: 'h', shape: [2], dtype: 'float32', quantization: { dtype: 'float16' } },
  { name: 'f', shape: [3], dtype: 'float32' },
];

function goodBytes(): Buffer {
  const f = Buffer.from(new Float32Array([0.5, -2, 3.25]).buffer);
  return Buffer.concat([Buffer.from([0, 1, 2, 4]), Buffer.from([0x00, 0x3c, 0x00, 0xc0]), f]);
}

/** Writes a manifest (and shards) into a fresh subfolder; returns the folder. */
function modelFolder(name: string, manifest: unknown, shards: Record<string, Buffer>): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'm.json'), JSON.stringify(manifest));
  for (const [file, bytes] of Object.entries(shards)) writeFileSync(join(d, file), bytes);
  return d;
}

test('weights spread over two shards load by name with quantization undone', async () => {
  const bytes = goodBytes();
  const d = modelFolder('good', [{ paths: ['a.bin', 'b.bin'], weights: WEIGHTS }], { 'a.bin': bytes.subarray(0, 7), 'b.bin': bytes.subarray(7) });
  const n0 = tf.memory().numTensors;
  const map = await loadWeightMap(d, 'm.json');
  assert.deepEqual(Object.keys(map), ['w', 'h', 'f']);
  assert.deepEqual(map.w.shape, [2, 2]);
  assert.deepEqual(Array.from(map.w.dataSync()), [-1, -0.5, 0, 1]);
  assert.deepEqual(Array.from(map.h.dataSync()), [1, -2]);
  assert.deepEqual(Array.from(map.f.dataSync()), [0.5, -2, 3.25]);
  tf.dispose(Object.values(map));
  assert.equal(tf.memory().numTensors, n0);
});

test('shard paths leaving the folder are refused naming the path and the folder', async () => {
  writeFileSync(join(dir, 'outside.bin'), goodBytes());
  for (const [name, path] of [['up', '../outside.bin'], ['abs', join(dir, 'outside.bin')]]) {
    const d = modelFolder(name, [{ paths: [path], weights: WEIGHTS }], {});
    await assert.rejects(loadWeightMap(d, 'm.json'), (e: Error) => e.message.includes(JSON.stringify(path)) && e.message.includes(`outside the model folder ${d}`));
  }
});

test('a missing, truncated or over-long shard is refused naming the file, the weight and the sizes', async () => {
  const n0 = tf.memory().numTensors;
  const missing = modelFolder('missing', [{ paths: ['a.bin'], weights: WEIGHTS }], {});
  await assert.rejects(loadWeightMap(missing, 'm.json'), new RegExp(`weights file ${join(missing, 'a.bin')} \\(named in ${join(missing, 'm.json')}\\) not found`));

  const short = modelFolder('short', [{ paths: ['a.bin'], weights: WEIGHTS }], { 'a.bin': goodBytes().subarray(0, 14) });
  await assert.rejects(
    loadWeightMap(short, 'm.json'),
    /weights file .*short\/a\.bin is truncated: weight 'f' needs bytes 8\.\.20 but the file has 14 bytes \(the manifest needs 20\)/,
  );

  const long = modelFolder('long', [{ paths: ['a.bin'], weights: WEIGHTS }], { 'a.bin': Buffer.concat([goodBytes(), Buffer.alloc(4)]) });
  await assert.rejects(loadWeightMap(long, 'm.json'), /weights file .*long\/a\.bin has 24 bytes but its manifest .*m\.json describes 20; expected equal/);
  assert.equal(tf.memory().numTensors, n0, 'a failed load leaks no tensors');
});

test('a missing folder or manifest, bad JSON and duplicate names are refused clearly', async () => {
  await assert.rejects(loadWeightMap(join(dir, 'nope'), 'm.json'), /model folder .*nope does not exist or is not a folder/);
  const empty = modelFolder('empty', [], {});
  await assert.rejects(loadWeightMap(empty, 'other.json'), /weights manifest .*empty\/other\.json not found/);
  writeFileSync(join(empty, 'bad.json'), '{ not json');
  await assert.rejects(loadWeightMap(empty, 'bad.json'), /weights manifest .*bad\.json: not valid JSON/);
  const dup = modelFolder('dup', [{ paths: ['a.bin'], weights: [WEIGHTS[2], WEIGHTS[2]] }], { 'a.bin': Buffer.alloc(24) });
  await assert.rejects(loadWeightMap(dup, 'm.json'), /lists weight 'f' twice/);
});

test('the default model folder is face-api\'s and holds the face-recognition weights', () => {
  const d = faceApiModelDir();
  assert.match(d, /@vladmandic[/\\]face-api[/\\]model$/);
  assert.ok(existsSync(join(d, 'face_recognition_model-weights_manifest.json')));
  const notInstalled = () => {
    throw new Error("Cannot find module '@vladmandic/face-api/package.json'");
  };
  assert.throws(() => faceApiModelDir(notInstalled), /@vladmandic\/face-api package, which is not installed: run `npm install @vladmandic\/face-api@1\.7\.15` or pass modelDir/);
});
