import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { Trainer } from './trainer';
import { initTrainingBackend, randomPairs } from './test_fixtures';

let backend = '';
before(async () => {
  backend = await initTrainingBackend();
});

const tiny = { imageSize: 64 as const, ngf: 4, ndf: 4 };

test('two steps on this backend match the cpu reference (pix2pix, 64², ngf = ndf = 4)', async () => {
  const pairs = randomPairs(2).map((b) => ({ ear: b.ear.arraySync(), face: b.face.arraySync() }));
  const run = () => {
    const trainer = Trainer.create({ ...tiny, seed: 21 });
    const records = pairs.map((p) => {
      const batch = { ear: tf.tensor4d(p.ear), face: tf.tensor4d(p.face) };
      const terms = trainer.step(batch).terms;
      tf.dispose([batch.ear, batch.face]);
      return terms;
    });
    trainer.dispose();
    return records;
  };
  const here = run();
  await initBackend({ backend: 'cpu' });
  try {
    const reference = run();
    here.forEach((terms, i) => {
      for (const [name, value] of Object.entries(terms)) {
        const ref = reference[i][name];
        assert.ok(Math.abs(value - ref) <= 1e-4 * Math.max(1, Math.abs(ref)), `step ${i + 1} ${name}: ${backend} ${value}, cpu ${ref}`);
      }
    });
  } finally {
    await initTrainingBackend();
  }
});
