import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { decodeImage } from '../data/image_io';
import { syntheticPairs } from '../data/synthetic/pair';
import { rgbsToBatch } from '../data/image_io';
import { DESCRIPTOR, POOLED } from './extractor';
import { STAGES } from './face_recognition_architecture';
import { FaceRecognitionNet, loadFaceRecognitionNet } from './face_recognition_net';
import { faceApiModelDir } from './load_weights';

const FIXTURE = join(__dirname, '../../../src/lib/face/fixtures/astronaut_face_150.png');
const FACE_API_NODE_WASM = '@vladmandic/face-api/dist/face-api.node-wasm.js';

/** face-api's own network: the reference our implementation must reproduce. */
interface FaceApiRecognitionNet {
  loadFromDisk(dir: string): Promise<void>;
  computeFaceDescriptor(image: tf.Tensor3D): Promise<Float32Array>;
  dispose(): void;
}

let net: FaceRecognitionNet;
let reference: FaceApiRecognitionNet;
/** The astronaut crop, [1, 150, 150, 3] in [-1, 1]. */
let face: tf.Tensor4D;

before(async () => {
  await initBackend({ backend: 'wasm' });
  let faceapi: { nets: { faceRecognitionNet: FaceApiRecognitionNet }; tf: { engine(): unknown } };
  try {
    faceapi = require(FACE_API_NODE_WASM);
  } catch (e) {
    throw new Error(
      `The parity test needs @vladmandic/face-api (an optionalDependency, normally installed by npm ci): ` +
        `run \`npm install @vladmandic/face-api@1.7.15\` (${(e as Error).message.split('\n')[0]})`,
    );
  }
  assert.equal(faceapi.tf.engine(), tf.engine(), 'face-api must run on the same tfjs instance');
  reference = faceapi.nets.faceRecognitionNet;
  await reference.loadFromDisk(faceApiModelDir());
  net = await loadFaceRecognitionNet();
  const img = await decodeImage(readFileSync(FIXTURE), FIXTURE);
  face = tf.tensor4d(img.data, [1, img.height, img.width, 3]);
});

after(() => {
  net?.dispose();
  reference?.dispose();
  face?.dispose();
});

function descriptorOf(images: tf.Tensor4D): Float32Array[] {
  const out = net.extract(images, [DESCRIPTOR]);
  const rows = (out[DESCRIPTOR].arraySync() as number[][]).map((r) => Float32Array.from(r));
  tf.dispose(out);
  return rows;
}

/** face-api's descriptor of one [-1, 1] image, fed as it expects: [H, W, 3] pixels in 0..255. */
async function referenceDescriptor(image: tf.Tensor4D): Promise<Float32Array> {
  const pixels = tf.tidy(() => tf.squeeze(tf.mul(tf.add(image, 1), 127.5), [0]) as tf.Tensor3D);
  const d = await reference.computeFaceDescriptor(pixels);
  pixels.dispose();
  return d;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}

test('the descriptor matches face-api\'s own network on the astronaut crop (square and non-square)', async () => {
  const ours = descriptorOf(face)[0];
  const theirs = await referenceDescriptor(face);
  const err = maxAbsDiff(ours, theirs);
  console.log(`face-recognition-resnet vs face-api, astronaut 150×150: max |Δ| per component = ${err.toExponential(2)}`);
  assert.ok(err <= 1e-3, `max abs difference ${err}`);
  // 140×120: both pad to 140×140 (black, centred) and resize to 150×150.
  const offCentre = face.slice([0, 4, 20, 0], [1, 140, 120, 3]);
  const err2 = maxAbsDiff(descriptorOf(offCentre)[0], await referenceDescriptor(offCentre));
  console.log(`face-recognition-resnet vs face-api, 140×120 crop (pad + resize): max |Δ| = ${err2.toExponential(2)}`);
  assert.ok(err2 <= 1e-3, `max abs difference ${err2}`);
  offCentre.dispose();
});

test('the descriptor is not unit length: face-api leaves it unnormalised (≈1.35 here)', async () => {
  const ours = descriptorOf(face)[0];
  const norm = Math.hypot(...ours);
  const theirs = Math.hypot(...(await referenceDescriptor(face)));
  assert.ok(Math.abs(norm - theirs) < 1e-4, `${norm} vs face-api ${theirs}`);
  assert.ok(norm > 1.2 && norm < 1.5, `norm ${norm}`);
});

test('outputs have the documented shapes at any input size, and a batch gives one row per image', () => {
  const n0 = tf.memory().numTensors;
  const small = tf.image.resizeBilinear(face, [64, 64]) as tf.Tensor4D;
  const batch = tf.tidy(() => tf.concat([face, tf.image.resizeBilinear(small, [150, 150]) as tf.Tensor4D]));
  for (const images of [small, batch]) {
    const out = net.extract(images, [...net.layerNames, POOLED, DESCRIPTOR]);
    const n = images.shape[0];
    STAGES.forEach((s) => assert.deepEqual(out[s.name].shape, [n, ...s.shape], s.name));
    assert.deepEqual(out[POOLED].shape, [n, 256]);
    assert.deepEqual(out[DESCRIPTOR].shape, [n, net.descriptorLength]);
    tf.dispose(out);
  }
  // Batched rows equal the single-image result.
  const single = descriptorOf(face)[0];
  const rows = descriptorOf(batch);
  assert.ok(maxAbsDiff(rows[0], single) < 1e-5);
  assert.deepEqual(net.layerNames, ['conv32', 'conv64', 'conv128', 'conv256']);
  assert.equal(net.parameterCount, 5607488);
  tf.dispose([small, batch]);
  assert.equal(tf.memory().numTensors, n0);
});

test('the same face shifted stays closer than its colour negative or cartoon faces', () => {
  const base = descriptorOf(face)[0];
  const shifted = [face.slice([0, 5, 5, 0], [1, 140, 140, 3]), face.slice([0, 10, 10, 0], [1, 140, 140, 3])];
  const cartoons = rgbsToBatch(syntheticPairs({ size: 64, subjects: 3, perSubject: 1, seed: 1 }).map((p) => p.face));
  const negative = tf.neg(face) as tf.Tensor4D;
  const same = shifted.map((s) => cosine(base, descriptorOf(s)[0]));
  const other = [negative, cartoons].flatMap((t) => descriptorOf(t)).map((d) => cosine(base, d));
  // Measured: the shifted crops score 0.985 / 0.957; the negative and the cartoon faces stay well below.
  assert.ok(Math.min(...same) > Math.max(...other) + 0.02, `same face ${same} vs others ${other}`);
  tf.dispose([...shifted, cartoons, negative]);
});

test('the input gradient is finite, nonzero, matches finite differences, and leaves the weights alone', () => {
  const n0 = tf.memory().numTensors;
  assert.ok(net.weightTensors.every((t) => !(t instanceof tf.Variable)), 'weights are constants, not variables');
  const checksum = () => net.weightTensors.map((t) => tf.tidy(() => tf.sum(tf.abs(t)).dataSync()[0]));
  const weightsBefore = checksum();
  const descriptorBefore = descriptorOf(face)[0];
  const r = tf.randomNormal([1, 128], 0, 1, 'float32', 3);
  const v = tf.randomNormal(face.shape, 0, 1, 'float32', 4);
  const f = (x: tf.Tensor) => tf.sum(tf.mul(net.extract(x as tf.Tensor4D, [DESCRIPTOR])[DESCRIPTOR], r));
  const g = tf.grad(f)(face);
  const values = g.dataSync();
  assert.ok(values.every(Number.isFinite));
  assert.ok(values.some((q) => q !== 0));
  const eps = 1e-2;
  const directional = tf.tidy(() => tf.sum(tf.mul(g, v)).dataSync()[0]);
  const fd = tf.tidy(() => (f(tf.add(face, tf.mul(v, eps))).dataSync()[0] - f(tf.sub(face, tf.mul(v, eps))).dataSync()[0]) / (2 * eps));
  // Measured ~1 % apart (ReLU / max-pool kinks and float32 round-off are all that separate them).
  assert.ok(Math.abs(fd - directional) <= 0.05 * Math.abs(directional), `finite difference ${fd} vs gradient ${directional}`);
  assert.deepEqual(checksum(), weightsBefore);
  assert.deepEqual(descriptorOf(face)[0], descriptorBefore);
  tf.dispose([r, v, g]);
  assert.equal(tf.memory().numTensors, n0);
});

test('extract runs only as deep as the deepest requested output', async () => {
  const convs = async (outputs: string[]) => {
    const info = await tf.profile(() => net.extract(face, outputs));
    tf.dispose(info.result as tf.TensorContainer);
    return info.kernels.filter((k) => k.name === 'Conv2D').length;
  };
  // stem 1, then 2 convs per block: 3 | +4 | +3 | +3 blocks, +1 head block.
  assert.equal(await convs(['conv32']), 7);
  assert.equal(await convs(['conv64', 'conv32']), 15);
  assert.equal(await convs(['conv128']), 21);
  assert.equal(await convs(['conv256']), 27);
  assert.equal(await convs([POOLED]), 29);
  assert.deepEqual(net.extract(face, []), {});
});

test('unknown output names and images that are not [N, H, W, 3] are refused', async () => {
  assert.throws(
    () => net.extract(face, ['conv32', 'conv512']),
    /face-recognition-resnet: unknown output "conv512"; expected one of conv32, conv64, conv128, conv256, pooled, descriptor/,
  );
  const bad: Array<[tf.Tensor, RegExp]> = [
    [tf.zeros([150, 150, 3]), /face-recognition-resnet: images has shape \[150,150,3\]; expected \[N, H, W, 3\]/],
    [tf.zeros([1, 150, 150, 4]), /images has shape \[1,150,150,4\]; expected \[N, H, W, 3\]/],
  ];
  for (const [t, re] of bad) {
    assert.throws(() => net.extract(t as tf.Tensor4D, [DESCRIPTOR]), re);
    t.dispose();
  }
  const other = await loadFaceRecognitionNet();
  const n = tf.memory().numTensors;
  other.dispose();
  assert.equal(tf.memory().numTensors, n - 59, 'dispose frees the 29 folded convs (filter + bias) and fc');
  assert.throws(() => other.extract(face, [DESCRIPTOR]), /extract called after dispose/);
});
