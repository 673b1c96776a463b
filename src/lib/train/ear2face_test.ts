import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '../backend/tf';
import { DESCRIPTOR } from '../face/extractor';
import { loadFaceRecognitionNet, type FaceRecognitionNet } from '../face/face_recognition_net';
import { faceLossTerms } from '../losses/face_terms';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { createEar2FaceTrainer, EAR2FACE_WEIGHTS } from './ear2face';
import { initTrainingBackend, randomPairs } from './test_fixtures';

let net: FaceRecognitionNet;
const root = mkdtempSync(join(tmpdir(), 'e2f-ear2face-'));

before(async () => {
  await initTrainingBackend();
  net = await loadFaceRecognitionNet();
});
after(() => {
  net.dispose();
  rmSync(root, { recursive: true, force: true });
});

const small = { imageSize: 64 as const, ngf: 8, ndf: 8, seed: 3 };

/** The network's descriptor of a fixed image: unchanged bit for bit iff its weights are. */
function probeDescriptor(): Float32Array {
  return tf.tidy(() => {
    const image = tf.sin(tf.mul(tf.range(0, 64 * 64 * 3), 0.01)).reshape([1, 64, 64, 3]) as tf.Tensor4D;
    return net.extract(image, [DESCRIPTOR])[DESCRIPTOR].dataSync() as Float32Array;
  });
}

test('the full Ear2Face step with the real face network: all four terms recorded, no tensor leak, face network frozen', () => {
  const descriptorBefore = probeDescriptor();
  const trainer = createEar2FaceTrainer(small, net);
  assert.deepEqual(trainer.config.weights, { ...EAR2FACE_WEIGHTS });
  const batches = randomPairs(6);
  const first = trainer.step(batches[0]);
  for (const name of ['g/adv', 'g/l1', 'g/feature', 'g/style']) {
    assert.ok(Number.isFinite(first.terms[name]) && first.terms[name] > 0, `${name} = ${first.terms[name]}`);
  }
  // The weighted total is Σ λ·term over the four terms.
  const expected = Object.entries(EAR2FACE_WEIGHTS).reduce((s, [k, w]) => s + w * first.terms[`g/${k}`], 0);
  assert.ok(Math.abs(first.terms['g/total'] - expected) <= 1e-4 * Math.abs(expected), `total ${first.terms['g/total']} vs ${expected}`);
  const tensors = tf.memory().numTensors;
  for (const b of batches.slice(1)) trainer.step(b);
  assert.equal(tf.memory().numTensors, tensors, 'numTensors constant over 5 Ear2Face steps');
  assert.deepEqual(probeDescriptor(), descriptorBefore, 'the face network is unchanged by training');
  trainer.dispose();
  for (const b of batches) tf.dispose([b.ear, b.face]);
});

test('feature and style terms alone give the generator a nonzero gradient', () => {
  for (const weights of [{ adv: 0, l1: 0, feature: 1, style: 0 }, { adv: 0, l1: 0, feature: 0, style: 1 }]) {
    const trainer = createEar2FaceTrainer({ ...small, weights }, net);
    const before = new Map(Object.entries(trainer.generator.weights).map(([k, v]) => [k, v.dataSync().slice()]));
    const [batch] = randomPairs(1);
    trainer.step(batch);
    let changed = 0;
    for (const [k, v] of Object.entries(trainer.generator.weights)) {
      const a = before.get(k)!;
      const b = v.dataSync();
      if (a.some((x, i) => x !== b[i])) changed++;
    }
    // Adam moves every weight whose gradient is nonzero by about lr.
    assert.ok(changed > 0.9 * Object.keys(trainer.generator.weights).length, `${JSON.stringify(weights)}: ${changed} of ${Object.keys(trainer.generator.weights).length} generator weights moved`);
    trainer.dispose();
    tf.dispose([batch.ear, batch.face]);
  }
});

test('an Ear2Face run resumes exactly from a checkpoint when given its terms again', async () => {
  const batches = randomPairs(3, 64, 11);
  const straight = createEar2FaceTrainer(small, net);
  const straightTerms = batches.map((b) => straight.step(b).terms);
  const first = createEar2FaceTrainer(small, net);
  first.step(batches[0]);
  const path = await saveCheckpoint(first, join(root, 'resume'));
  first.dispose();
  await assert.rejects(loadCheckpoint(path), /no term named "feature"/);
  const resumed = await loadCheckpoint(path, { terms: faceLossTerms(net) });
  assert.deepEqual([resumed.step(batches[1]).terms, resumed.step(batches[2]).terms], straightTerms.slice(1));
  resumed.dispose();
  straight.dispose();
  for (const b of batches) tf.dispose([b.ear, b.face]);
});
