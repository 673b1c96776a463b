/**
 * `ear2face train`: trains on a paired dataset (by default the synthetic sample shipped in data/)
 * with the Ear2Face objective, on the people outside the held-out split. Writes checkpoints, one
 * JSON line per step (metrics.jsonl) and a PNG sample grid of held-out people (ear | generated |
 * real) into the run folder; resumes from its newest checkpoint.
 */
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tf } from '../lib/backend/tf';
import { initBackend, parseBackendChoice } from '../lib/backend/select';
import { Trainer } from '../lib/train/trainer';
import { saveCheckpoint, loadCheckpoint, latestCheckpoint } from '../lib/train/checkpoint';
import { createEar2FaceTrainer, EAR2FACE_WEIGHTS } from '../lib/train/ear2face';
import { trainSteps } from '../lib/train/train_steps';
import { GAN_MODES, type GanMode } from '../lib/losses/adversarial';
import { faceLossTerms } from '../lib/losses/face_terms';
import { loadFaceRecognitionNet, type FaceRecognitionNet } from '../lib/face/face_recognition_net';
import { loadPairIndex } from '../lib/data/paired_dataset';
import { splitIndex } from '../lib/data/splits';
import { createPairLoader } from '../lib/data/loader';
import type { PairItem } from '../lib/data/pair_item';
import { batchToRgbs, composeGrid, writePng } from '../lib/data/image_io';
import { parseFlags, helpText, UsageError, type FlagSpec } from './args';

/** The synthetic sample committed in the package's data/ folder. */
export const SAMPLE_DATASET = join(__dirname, '..', '..', 'data', 'synthetic-sample');

const spec = {
  data: { type: 'string', default: SAMPLE_DATASET, help: 'dataset folder: a manifest, ears/ + faces/, or aligned ear|face images' },
  steps: { type: 'number', default: 300, help: 'training steps in total (a resumed run continues up to this)' },
  size: { type: 'number', default: 64, help: 'image size: 64, 128 or 256' },
  ngf: { type: 'number', default: 16, help: 'generator width (pix2pix: 64)' },
  ndf: { type: 'number', default: 16, help: 'discriminator width (pix2pix: 64)' },
  adv: { type: 'number', default: EAR2FACE_WEIGHTS.adv, help: 'weight of the adversarial term' },
  l1: { type: 'number', default: EAR2FACE_WEIGHTS.l1, help: 'weight of the pixel L1 term' },
  feature: { type: 'number', default: EAR2FACE_WEIGHTS.feature, help: 'weight of the face-network feature term (0: pix2pix)' },
  style: { type: 'number', default: EAR2FACE_WEIGHTS.style, help: 'weight of the face-network style (Gram) term (0: off)' },
  'gan-mode': { type: 'string', default: 'vanilla', help: `adversarial loss: ${GAN_MODES.join(', ')}` },
  'face-model': { type: 'string', default: '', help: 'folder of the face network weights (default: the @vladmandic/face-api package)' },
  seed: { type: 'number', default: 1, help: 'seed for weights, data order, jitter and dropout' },
  out: { type: 'string', default: 'runs/demo', help: 'run folder (checkpoints, metrics.jsonl, samples)' },
  'save-every': { type: 'number', default: 100, help: 'checkpoint every N steps' },
  'keep-last': { type: 'number', default: 3, help: 'checkpoints to keep' },
  samples: { type: 'number', default: 6, help: 'held-out people shown in the sample grid' },
  backend: { type: 'string', default: 'auto', help: 'auto, node-gpu, node, wasm or cpu' },
  help: { type: 'boolean', help: 'show this help' },
} satisfies FlagSpec;

export const trainHelp = helpText(
  'ear2face train',
  'Train the Ear2Face generator (U-Net + PatchGAN; adversarial, L1, feature and style terms) on a paired dataset.\n' +
    'Trains on the subjects outside the dataset\'s held-out split; the sample grid shows held-out people.',
  spec,
);

function positiveInteger(value: number, flag: string): number {
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`ear2face train: --${flag} must be a whole number ≥ 1, got ${value}`);
  return value;
}

export async function trainCommand(argv: string[]): Promise<number> {
  const f = parseFlags(argv, spec, 'ear2face train');
  if (f.help) {
    console.log(trainHelp);
    return 0;
  }
  if (![64, 128, 256].includes(f.size)) throw new UsageError(`ear2face train: --size must be 64, 128 or 256, got ${f.size}`);
  for (const flag of ['steps', 'ngf', 'ndf', 'save-every', 'keep-last', 'samples'] as const) positiveInteger(f[flag], flag);
  const weights = { adv: f.adv, l1: f.l1, feature: f.feature, style: f.style };
  for (const [name, w] of Object.entries(weights)) {
    if (w < 0) throw new UsageError(`ear2face train: --${name} must be ≥ 0, got ${w}`);
  }
  if (!(GAN_MODES as readonly string[]).includes(f['gan-mode'])) {
    throw new UsageError(`ear2face train: --gan-mode must be one of ${GAN_MODES.join(', ')}, got ${JSON.stringify(f['gan-mode'])}`);
  }
  let backend;
  try {
    // `auto` leaves room for the EAR2FACE_BACKEND environment variable.
    backend = f.backend === 'auto' ? undefined : parseBackendChoice(f.backend, '--backend');
  } catch (e) {
    throw new UsageError(`ear2face train: ${(e as Error).message}`);
  }
  if (!existsSync(f.data)) throw new Error(`--data ${f.data}: no such folder; expected a dataset folder (see data/README.md)`);
  const out = resolve(f.out);
  mkdirSync(out, { recursive: true });
  await initBackend({ backend, log: true });

  const index = await loadPairIndex(f.data, { imageSize: f.size });
  const split = splitIndex(index, 'subject-independent');
  console.log(`data: ${index.root} (${index.items.length} pairs, ${index.subjects.length} people); training on ${split.train.length} pairs, ${split.heldOutSubjects.length} people held out`);

  const previous = await latestCheckpoint(out);
  const needsFaceNet = previous !== null || weights.feature > 0 || weights.style > 0;
  let faceNet: FaceRecognitionNet | null = null;
  let trainer: Trainer | null = null;
  try {
    if (needsFaceNet) faceNet = await loadFaceRecognitionNet(f['face-model'] ? { modelDir: f['face-model'] } : {});
    if (previous) {
      trainer = await loadCheckpoint(previous, faceNet ? { terms: faceLossTerms(faceNet) } : {});
      console.log(`resuming from ${previous} at step ${trainer.stepCount} (its saved settings apply)`);
    } else {
      const config = {
        imageSize: f.size as 64 | 128 | 256,
        ngf: f.ngf,
        ndf: f.ndf,
        seed: f.seed,
        ganMode: f['gan-mode'] as GanMode,
        weights,
        constantSteps: Math.ceil(f.steps / 2),
        decaySteps: Math.floor(f.steps / 2),
      };
      trainer = faceNet ? createEar2FaceTrainer(config, faceNet) : Trainer.create(config);
    }
    if (trainer.config.imageSize !== f.size && previous) {
      console.log(`note: the checkpoint trains at ${trainer.config.imageSize}², not --size ${f.size}`);
    }
    return await trainLoop(trainer, split.train, split.test, out, f);
  } finally {
    trainer?.dispose();
    faceNet?.dispose();
  }
}

async function trainLoop(
  trainer: Trainer,
  train: PairItem[],
  heldOut: PairItem[],
  out: string,
  f: { steps: number; seed: number; 'save-every': number; 'keep-last': number; samples: number },
): Promise<number> {
  const size = trainer.config.imageSize;
  // A resumed run draws a fresh data order from its step count: deterministic, not the same order
  // an uninterrupted run would have seen.
  const loader = createPairLoader(train, { imageSize: size, mode: 'train', batchSize: trainer.config.batchSize, seed: f.seed + trainer.stepCount });
  const metrics = join(out, 'metrics.jsonl');
  const t0 = Date.now();
  const start = trainer.stepCount;
  let result;
  try {
    // Ctrl-C stops the loop after the step in progress; the checkpoint below then saves it.
    result = await trainSteps(trainer, loader, {
      until: f.steps,
      afterStep: async (rec) => {
        appendFileSync(metrics, `${JSON.stringify({ step: rec.step, lr: rec.lr, ms: Math.round(rec.ms), ...rec.terms })}\n`);
        const eta = ((Date.now() - t0) / (trainer.stepCount - start)) * (f.steps - trainer.stepCount);
        if (trainer.stepCount % 10 === 0 || trainer.stepCount === f.steps) {
          const terms = Object.entries(rec.terms).map(([k, v]) => `${k} ${v.toFixed(3)}`).join('  ');
          console.log(`step ${trainer.stepCount}/${f.steps}  ${rec.ms.toFixed(0)} ms  eta ${(eta / 1000).toFixed(0)} s  ${terms}`);
        }
        if (trainer.stepCount % f['save-every'] === 0) await saveCheckpoint(trainer, out, { keepLast: f['keep-last'] });
      },
    });
  } finally {
    await loader.close();
  }
  const interrupted = result.stoppedBy === 'interrupt';
  if (interrupted) console.log('\ninterrupted: saving a checkpoint before exit');
  const path = await saveCheckpoint(trainer, out, { keepLast: f['keep-last'] });
  console.log(`checkpoint: ${path}`);
  const grid = join(out, `samples-${String(trainer.stepCount).padStart(8, '0')}.png`);
  await writeSampleGrid(trainer, heldOut, f.samples, grid);
  console.log(`samples of held-out people (ear | generated | real): ${grid}`);
  return interrupted ? 130 : 0;
}

/** One row per held-out person (their first pair): ear | generated | real. */
async function writeSampleGrid(trainer: Trainer, heldOut: PairItem[], count: number, path: string): Promise<void> {
  const firstOfEach = new Map<string, PairItem>();
  for (const item of heldOut) if (!firstOfEach.has(item.subject)) firstOfEach.set(item.subject, item);
  const shown = [...firstOfEach.values()].slice(0, count);
  const loader = createPairLoader(shown, { imageSize: trainer.config.imageSize, mode: 'eval', batchSize: shown.length });
  const rows = [];
  try {
    for await (const batch of loader) {
      const fake = tf.tidy(() => trainer.generator.apply(batch.ear, { training: false, noiseSeed: 0 }));
      const [ears, fakes, faces] = [batchToRgbs(batch.ear), batchToRgbs(fake), batchToRgbs(batch.face)];
      tf.dispose([batch.ear, batch.face, fake]);
      for (let i = 0; i < ears.length; i++) rows.push([ears[i], fakes[i], faces[i]]);
    }
  } finally {
    await loader.close();
  }
  await writePng(composeGrid(rows), path);
}
