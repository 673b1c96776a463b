import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import type { PairBatch } from './batch';
import { Trainer } from './trainer';
import { trainSteps } from './train_steps';
import { initTrainingBackend, randomPairs, readAll, tinyNetworks } from './test_fixtures';

before(async () => {
  await initTrainingBackend();
});

const tiny = { imageSize: 64 as const, ngf: 4, ndf: 4, seed: 5 };

/** An endless source of fresh random pairs, counting what it handed out. */
function source(): AsyncIterator<PairBatch> & { given: number } {
  const it = {
    given: 0,
    async next(): Promise<IteratorResult<PairBatch>> {
      it.given++;
      return { done: false, value: randomPairs(1, 64, it.given)[0] };
    },
  };
  return it;
}

test('trains until the step count, disposing every batch: numTensors constant', async () => {
  const trainer = Trainer.create(tiny, { networks: tinyNetworks });
  await trainSteps(trainer, source(), { until: 1 });
  const tensors = tf.memory().numTensors;
  const r = await trainSteps(trainer, source(), { until: 4 });
  assert.deepEqual(r, { steps: 3, stepCount: 4, stoppedBy: null });
  assert.equal(tf.memory().numTensors, tensors);
  trainer.dispose();
});

test('a SIGINT during a step stops the loop at the next boundary; the trainer goes on from there', async () => {
  const trainer = Trainer.create(tiny, { networks: tinyNetworks });
  const listeners = process.listenerCount('SIGINT');
  const data = source();
  let seen = 0;
  const r = await trainSteps(trainer, data, {
    until: 10,
    afterStep: () => {
      // As Jupyter's interrupt button does: the signal arrives while training is under way.
      if (++seen === 2) process.emit('SIGINT');
    },
  });
  assert.deepEqual(r, { steps: 2, stepCount: 2, stoppedBy: 'interrupt' });
  assert.equal(data.given, 2, 'no batch is taken after the interrupt');
  assert.equal(process.listenerCount('SIGINT'), listeners, 'the SIGINT listener is removed');
  // Consistent state: the weights are finite and training resumes where it stopped.
  for (const values of readAll(trainer.generator.weights).values()) assert.ok(values.every(Number.isFinite));
  const more = await trainSteps(trainer, data, { until: 3 });
  assert.deepEqual(more, { steps: 1, stepCount: 3, stoppedBy: null });
  trainer.dispose();
});

test('an AbortSignal and the end of the data also stop it; bad "until" is refused', async () => {
  const trainer = Trainer.create(tiny, { networks: tinyNetworks });
  const controller = new AbortController();
  const r = await trainSteps(trainer, source(), { until: 10, signal: controller.signal, afterStep: () => controller.abort() });
  assert.deepEqual(r, { steps: 1, stepCount: 1, stoppedBy: 'abort' });
  const two = randomPairs(2, 64, 40);
  async function* finite(): AsyncGenerator<PairBatch> {
    for (const b of two) yield b;
  }
  const ended = await trainSteps(trainer, finite(), { until: 10 });
  assert.deepEqual(ended, { steps: 2, stepCount: 3, stoppedBy: 'data' });
  assert.ok(two.every((b) => b.ear.isDisposed && b.face.isDisposed));
  await assert.rejects(trainSteps(trainer, source(), { until: -1 }), /options\.until is -1; expected a whole number ≥ 0/);
  trainer.dispose();
});
