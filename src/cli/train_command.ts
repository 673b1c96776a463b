/**
 * `ear2face train`: a real training run on the built-in generated pairs. Writes checkpoints and a
 * PNG sample grid (ear | generated | real) into the run folder; resumes from its newest checkpoint.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tf } from '../lib/backend/tf';
import { initBackend, parseBackendChoice } from '../lib/backend/select';
import { Trainer } from '../lib/train/trainer';
import { saveCheckpoint, loadCheckpoint, latestCheckpoint } from '../lib/train/checkpoint';
import { generatePairs, pairsToBatch } from '../lib/data/generated_pairs';
import { composeGrid, tensorToRgb, writePng } from '../lib/data/image_io';
import { Rng } from '../lib/util/rng';
import { parseFlags, helpText, UsageError, type FlagSpec } from './args';

const spec = {
  steps: { type: 'number', default: 200, help: 'training steps in total (a resumed run continues up to this)' },
  size: { type: 'number', default: 64, help: 'image size: 64, 128 or 256' },
  ngf: { type: 'number', default: 32, help: 'generator width (pix2pix: 64)' },
  ndf: { type: 'number', default: 32, help: 'discriminator width (pix2pix: 64)' },
  subjects: { type: 'number', default: 24, help: 'generated identities to train on' },
  'per-subject': { type: 'number', default: 4, help: 'pairs per identity' },
  seed: { type: 'number', default: 1, help: 'seed for weights, data and dropout' },
  out: { type: 'string', default: 'runs/demo', help: 'run folder (checkpoints, samples)' },
  'save-every': { type: 'number', default: 100, help: 'checkpoint every N steps' },
  'keep-last': { type: 'number', default: 3, help: 'checkpoints to keep' },
  backend: { type: 'string', default: 'auto', help: 'auto, node-gpu, node, wasm or cpu' },
  help: { type: 'boolean', help: 'show this help' },
} satisfies FlagSpec;

export const trainHelp = helpText('ear2face train', 'Train the pix2pix U-Net + PatchGAN on built-in generated ear→face pairs.', spec);

export async function trainCommand(argv: string[]): Promise<number> {
  const f = parseFlags(argv, spec, 'ear2face train');
  if (f.help) {
    console.log(trainHelp);
    return 0;
  }
  if (![64, 128, 256].includes(f.size)) throw new UsageError(`ear2face train: --size must be 64, 128 or 256, got ${f.size}`);
  const out = resolve(f.out);
  mkdirSync(out, { recursive: true });
  let backend;
  try {
    // `auto` leaves room for the EAR2FACE_BACKEND environment variable.
    backend = f.backend === 'auto' ? undefined : parseBackendChoice(f.backend, '--backend');
  } catch (e) {
    throw new UsageError(`ear2face train: ${(e as Error).message}`);
  }
  await initBackend({ backend, log: true });

  const pairs = generatePairs({ size: f.size, subjects: f.subjects, perSubject: f['per-subject'], seed: f.seed });
  const previous = await latestCheckpoint(out);
  const trainer = previous
    ? await loadCheckpoint(previous)
    : Trainer.create({ imageSize: f.size as 64 | 128 | 256, ngf: f.ngf, ndf: f.ndf, seed: f.seed, constantSteps: Math.ceil(f.steps / 2), decaySteps: Math.floor(f.steps / 2) });
  if (previous) console.log(`resuming from ${previous} at step ${trainer.stepCount}`);

  let stop = false;
  const onSigint = () => {
    stop = true;
    console.log('\ninterrupted: saving a checkpoint before exit');
  };
  process.once('SIGINT', onSigint);
  const order = new Rng(f.seed ^ 0x5eed ^ trainer.stepCount);
  const t0 = Date.now();
  const start = trainer.stepCount;
  try {
    while (trainer.stepCount < f.steps && !stop) {
      const batch = pairsToBatch([pairs[order.int(pairs.length)]]);
      const rec = trainer.step(batch);
      tf.dispose([batch.ear, batch.face]);
      const done = trainer.stepCount - start;
      const eta = ((Date.now() - t0) / done) * (f.steps - trainer.stepCount);
      if (trainer.stepCount % 10 === 0 || trainer.stepCount === f.steps) {
        const terms = Object.entries(rec.terms).map(([k, v]) => `${k} ${v.toFixed(3)}`).join('  ');
        console.log(`step ${trainer.stepCount}/${f.steps}  ${rec.ms.toFixed(0)} ms  eta ${(eta / 1000).toFixed(0)} s  ${terms}`);
      }
      if (trainer.stepCount % f['save-every'] === 0) await saveCheckpoint(trainer, out, { keepLast: f['keep-last'] });
      await new Promise((r) => setImmediate(r)); // lets Ctrl-C be seen between steps
    }
    const path = await saveCheckpoint(trainer, out, { keepLast: f['keep-last'] });
    console.log(`checkpoint: ${path}`);
    const shown = pairs.filter((_, i) => i % f['per-subject'] === 0).slice(0, 6);
    const rows = shown.map((p, i) => {
      const b = pairsToBatch([p]);
      const fake = tf.tidy(() => trainer.generator.apply(b.ear, { training: false, noiseSeed: i }));
      const row = [tensorToRgb(b.ear), tensorToRgb(fake), tensorToRgb(b.face)];
      tf.dispose([b.ear, b.face, fake]);
      return row;
    });
    const grid = join(out, `samples-${String(trainer.stepCount).padStart(8, '0')}.png`);
    await writePng(composeGrid(rows), grid);
    console.log(`samples (ear | generated | real): ${grid}`);
  } finally {
    process.removeListener('SIGINT', onSigint);
    trainer.dispose();
  }
  return stop ? 130 : 0;
}
