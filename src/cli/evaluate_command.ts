/**
 * `ear2face evaluate`: scores a checkpoint's generator on a dataset split — PSNR, SSIM, identity
 * cosine, Rank-1/5/10 in face-descriptor and pixel space with their chance levels, TAR at FAR and
 * EER — as a table, and optionally as JSON.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { initBackend } from '../lib/backend/select';
import { backendFromFlag, BACKEND_FLAG } from './backend_flag';
import { DatasetItemError } from '../lib/data/dataset_error';
import { loadPairIndex, type PairIndex } from '../lib/data/paired_dataset';
import type { PairItem } from '../lib/data/pair_item';
import { splitIndex } from '../lib/data/splits';
import { evaluateGenerator } from '../lib/eval/evaluate_generator';
import type { FaceRecognitionNet } from '../lib/face/face_recognition_net';
import { RUN_FILES } from '../lib/runs/run_files';
import { helpText, parseFlags, UsageError, type FlagSpec } from './args';
import { GENERATOR_FLAGS, chooseCheckpoint, loadFaceNet, loadInferenceGenerator, type InferenceGenerator } from './checkpoint_source';
import { formatEvaluationTable } from './evaluation_table';
import { createProgress } from './progress';
import { readRunConfig } from './run_config';
import { writeJsonFile, writePeopleGrid } from './run_outputs';
import { SAMPLE_DATASET } from './train_spec';

const SPLITS = ['held-out', 'train', 'all'] as const;
type SplitName = (typeof SPLITS)[number];

const spec = {
  ...GENERATOR_FLAGS,
  data: { type: 'string', optional: true, help: "dataset folder (default: the run's config.json data, else the committed sample)" },
  split: { type: 'string', default: 'held-out', help: `pairs to evaluate: ${SPLITS.join(', ')} (held-out: the subject-independent split's test people)` },
  json: { type: 'string', optional: true, help: 'also write the results to this JSON file' },
  grid: { type: 'string', optional: true, help: 'also write a PNG grid here: ear | generated | real, the first picture of up to 8 people' },
  'face-model': { type: 'string', optional: true, help: "folder of the face network weights (default: the run's, else the @vladmandic/face-api package)" },
  'noise-seed': { type: 'number', default: 0, help: "seed of the generator's dropout noise" },
  ...BACKEND_FLAG,
  help: { type: 'boolean', help: 'show this help' },
} satisfies FlagSpec;

const command = 'ear2face evaluate';

export const evaluateHelp = helpText(
  command,
  "Evaluate a checkpoint's generator: PSNR, SSIM, identity cosine, Rank-1/5/10 (face descriptor and pixels)\n" +
    'with chance levels, TAR at FAR and EER, on the held-out people of a dataset (or its training people, or all).',
  spec,
  `${command} (--run DIR | --checkpoint FILE | --model FILE) [options]`,
);

/** The pairs of `split`, with at least two people among them. */
function pairsOf(index: PairIndex, split: SplitName, data: string): PairItem[] {
  let items: PairItem[];
  try {
    items = split === 'all' ? index.items : split === 'train' ? splitIndex(index, 'subject-independent').train : splitIndex(index, 'subject-independent').test;
  } catch (e) {
    throw new Error(`dataset ${data}: ${(e as Error).message}; Rank-k identification needs pairs of at least 2 people`);
  }
  const people = [...new Set(items.map((i) => i.subject))];
  if (people.length < 2) {
    throw new Error(
      `the ${split} pairs of ${data} show ${people.length} person (${people.join(', ')}); Rank-k identification ranks people against each other and needs at least 2` +
        (split === 'all' ? '' : ': try --split all, or a dataset with more people in that split'),
    );
  }
  return items;
}

/**
 * Runs `ear2face evaluate` with `argv` (the arguments after 'evaluate'); returns the exit code.
 *
 * @example
 * await evaluateCommand(['--run', 'runs/demo', '--json', 'runs/demo/eval.json']);   // 0, and prints the table
 */
export async function evaluateCommand(argv: string[]): Promise<number> {
  const f = parseFlags(argv, spec, command);
  if (f.help) {
    console.log(evaluateHelp);
    return 0;
  }
  if (!(SPLITS as readonly string[]).includes(f.split)) throw new UsageError(`${command}: --split must be one of ${SPLITS.join(', ')}, got ${JSON.stringify(f.split)}`);
  if (!Number.isInteger(f['noise-seed']) || f['noise-seed'] < 0) throw new UsageError(`${command}: --noise-seed must be a whole number ≥ 0, got ${f['noise-seed']}`);
  const backend = backendFromFlag(f.backend, command);
  const chosen = await chooseCheckpoint(f, command);
  const runSpec = chosen.runDir !== null ? readRunConfig(chosen.runDir) : null;
  const data = f.data !== undefined ? resolve(f.data) : runSpec?.data ?? SAMPLE_DATASET;
  if (!existsSync(data)) {
    const source = f.data !== undefined ? '--data' : runSpec !== null ? `data of ${join(chosen.runDir!, RUN_FILES.config)}` : 'data';
    throw new Error(`${source} ${data}: no such folder; expected a dataset folder (pass --data if it has moved)`);
  }
  const faceModel = f['face-model'] !== undefined ? (f['face-model'] === '' ? '' : resolve(f['face-model'])) : runSpec?.faceModel ?? '';

  await initBackend({ backend, log: true });
  let trainer: InferenceGenerator | null = null;
  let net: FaceRecognitionNet | null = null;
  try {
    trainer = await loadInferenceGenerator(chosen);
    const size = trainer.config.imageSize;
    console.log(`checkpoint: ${chosen.path} (step ${trainer.step}, ${size}², ngf ${trainer.config.ngf}, weights ${JSON.stringify(trainer.config.weights)})`);
    let index: PairIndex;
    try {
      index = await loadPairIndex(data);
    } catch (e) {
      if (e instanceof DatasetItemError && e.problem === 'no-subject') {
        throw new Error(`${e.message}. Evaluation ranks people against each other (Rank-k), so every pair needs its subject: name files <subject>_<n>.png or use a manifest with a subject column`);
      }
      throw e;
    }
    if (index.imageSize !== undefined && index.imageSize !== size) {
      throw new Error(
        `the checkpoint was trained at ${size}×${size} but the dataset ${index.root} is ${index.imageSize}×${index.imageSize} (its manifest's imageSize); ` +
          `evaluate on a ${size}² dataset (e.g. ear2face data synthetic --size ${size}), or train at ${index.imageSize} (ear2face train --size ${index.imageSize})`,
      );
    }
    const items = pairsOf(index, f.split as SplitName, index.root);
    const people = new Set(items.map((i) => i.subject)).size;
    console.log(`data: ${index.root}, ${f.split} split: ${items.length} pairs of ${people} people`);
    try {
      net = await loadFaceNet(faceModel);
    } catch (e) {
      console.error(`warning: descriptor-space numbers left out: ${(e as Error).message}`);
    }
    const progress = createProgress({ total: items.length, label: 'evaluate' });
    const { evaluation } = await evaluateGenerator(trainer.generator, items, {
      imageSize: size,
      faceNet: net ?? undefined,
      noiseSeed: f['noise-seed'],
      onProgress: (done) => progress.update(done),
    });
    progress.finish();
    console.log('');
    console.log(formatEvaluationTable(evaluation.summary));
    if (f.grid !== undefined) {
      const path = resolve(f.grid);
      mkdirSync(dirname(path), { recursive: true });
      await writePeopleGrid(trainer.generator, items, { imageSize: size, count: 8, path });
      console.log(`\ngrid (ear | generated | real): ${path}`);
    }
    if (f.json !== undefined) {
      const path = resolve(f.json);
      mkdirSync(dirname(path), { recursive: true });
      writeJsonFile(path, { checkpoint: chosen.path, step: trainer.step, data: index.root, split: f.split, noiseSeed: f['noise-seed'], summary: evaluation.summary });
      console.log(`\nresults: ${path}`);
    }
    return 0;
  } finally {
    trainer?.dispose();
    net?.dispose();
  }
}
