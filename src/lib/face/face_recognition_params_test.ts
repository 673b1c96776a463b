import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { convLayer } from './face_recognition_layers';
import { FACE_NET_MANIFEST, loadFaceRecognitionNet } from './face_recognition_net';
import { expectedWeightShapes, faceNetParams, paramTensors } from './face_recognition_params';
import { faceApiModelDir } from './load_weights';
import type { WeightsGroup } from './weights_manifest';

let dir: string;

before(async () => {
  await initBackend({ backend: 'wasm' });
  dir = mkdtempSync(join(tmpdir(), 'ear2face-facenet-'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** Random weights of the right shapes, scale weights around 1. */
function randomWeights(): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  let seed = 1;
  for (const [name, shape] of expectedWeightShapes()) {
    out[name] = name.endsWith('scale/weights') ? tf.randomUniform(shape, 0.5, 2, 'float32', seed++) : tf.randomNormal(shape, 0, 0.1, 'float32', seed++);
  }
  return out;
}

test('the manifest of face-api\'s network lists exactly the weights the architecture expects', () => {
  const manifest = JSON.parse(readFileSync(join(faceApiModelDir(), FACE_NET_MANIFEST), 'utf8')) as WeightsGroup[];
  const listed = new Map(manifest.flatMap((g) => g.weights).map((w) => [w.name, w.shape]));
  assert.deepEqual(listed, expectedWeightShapes());
});

test('folding the scale layer into the conv gives the same output as conv → +bias → ·scale + shift', () => {
  const n0 = tf.memory().numTensors;
  const w = randomWeights();
  const params = faceNetParams(w, 'random');
  const x = tf.randomNormal([1, 9, 9, 3], 0, 1, 'float32', 99) as tf.Tensor4D;
  const p = 'conv32_down';
  const unfolded = tf.tidy(() =>
    tf.add(tf.mul(tf.add(tf.conv2d(x, w[`${p}/conv/filters`] as tf.Tensor4D, 2, 'valid'), w[`${p}/conv/bias`]), w[`${p}/scale/weights`]), w[`${p}/scale/biases`]),
  );
  const folded = convLayer(x, params.stem, 2, 'valid', false);
  const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(folded, unfolded))).dataSync()[0]);
  assert.ok(diff < 1e-5, `max difference ${diff}`);
  assert.equal(paramTensors(params).length, 59);
  tf.dispose([x, unfolded, folded, ...paramTensors(params), ...Object.values(w)]);
  assert.equal(tf.memory().numTensors, n0);
});

test('a missing weight and a wrong shape are refused naming the weight, the folder and the shapes', () => {
  const w = randomWeights();
  const missing = { ...w };
  delete missing['conv128_1/conv2/scale/biases'];
  assert.throws(() => faceNetParams(missing, '/m'), /weights in \/m: weight 'conv128_1\/conv2\/scale\/biases' \(shape \[128\]\) is missing/);
  const wrong = { ...w, 'conv64_down/conv1/conv/filters': tf.zeros([3, 3, 64, 64]) };
  assert.throws(() => faceNetParams(wrong, '/m'), /weight 'conv64_down\/conv1\/conv\/filters' has shape \[3,3,64,64\]; expected \[3,3,32,64\]/);
  tf.dispose([wrong['conv64_down/conv1/conv/filters'], ...Object.values(w)]);
});

/** face-api's model folder copied with an edited manifest. */
function editedModel(name: string, edit: (weights: WeightsGroup['weights']) => void): string {
  const src = faceApiModelDir();
  const d = join(dir, name);
  mkdirSync(d);
  const manifest = JSON.parse(readFileSync(join(src, FACE_NET_MANIFEST), 'utf8')) as WeightsGroup[];
  edit(manifest[0].weights);
  writeFileSync(join(d, FACE_NET_MANIFEST), JSON.stringify(manifest));
  for (const p of manifest[0].paths) copyFileSync(join(src, p), join(d, p));
  return d;
}

test('loading from a folder whose manifest renames or reshapes a weight fails naming it, without leaks', async () => {
  const n0 = tf.memory().numTensors;
  const renamed = editedModel('renamed', (ws) => {
    ws.find((w) => w.name === 'fc')!.name = 'dense';
  });
  await assert.rejects(loadFaceRecognitionNet({ modelDir: renamed }), (e: Error) => e.message.includes(`weights in ${renamed}: weight 'fc' (shape [256,128]) is missing`));
  const reshaped = editedModel('reshaped', (ws) => {
    ws.find((w) => w.name === 'fc')!.shape = [128, 256];
  });
  await assert.rejects(loadFaceRecognitionNet({ modelDir: reshaped }), /weight 'fc' has shape \[128,256\]; expected \[256,128\]/);
  assert.equal(tf.memory().numTensors, n0);
  // The unedited copy loads.
  const plain = editedModel('plain', () => {});
  const net = await loadFaceRecognitionNet({ modelDir: plain });
  assert.equal(net.parameterCount, 5607488);
  net.dispose();
  assert.equal(tf.memory().numTensors, n0);
});
