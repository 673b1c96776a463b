/**
 * Finding and loading the checkpoint a command works with: `--run DIR` (its newest checkpoint) or
 * `--checkpoint FILE`, and the face-network terms a trainer needs to be built.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FeatureExtractor } from '../lib/face/extractor';
import { loadFaceRecognitionNet, type FaceRecognitionNet } from '../lib/face/face_recognition_net';
import { faceLossTerms } from '../lib/losses/face_terms';
import type { TermFunction } from '../lib/losses/objective';
import { latestCheckpoint, loadCheckpoint } from '../lib/train/checkpoint';
import type { Trainer } from '../lib/train/trainer';
import type { Network } from '../lib/models/network';
import type { TrainConfig } from '../lib/train/config';
import { loadGenerator } from '../lib/train/generator_file';
import { UsageError, type FlagSpec } from './args';

/** The terms the face network provides; Ear2Face checkpoints name them in their weights. */
const FACE_TERMS = ['feature', 'style'] as const;

/**
 * Stand-ins for the face-network terms of a trainer that never computes them: one built only to
 * generate, or one whose feature and style weights are 0. Computing one throws `reason`.
 *
 * @example
 * Trainer.create(trainConfigOf(spec), { terms: faceTermsUnavailable('weights.feature and weights.style are 0') });
 */
export function faceTermsUnavailable(reason: string): Record<string, TermFunction> {
  const stub = (name: string): TermFunction => () => {
    throw new Error(`the ${name} term needs the face network, which is not loaded: ${reason}`);
  };
  return Object.fromEntries(FACE_TERMS.map((name) => [name, stub(name)]));
}

/**
 * The face-network terms for `net`, or stand-ins (see {@link faceTermsUnavailable}) without one.
 *
 * @example
 * const trainer = await loadCheckpoint(path, { terms: faceTerms(null, 'generating only') });
 */
export function faceTerms(net: FeatureExtractor | null, reason: string): Record<string, TermFunction> {
  return net !== null ? faceLossTerms(net) : faceTermsUnavailable(reason);
}

/**
 * The face network from `modelDir` ('' = the @vladmandic/face-api package), with an error that
 * says where the weights were looked for.
 *
 * @example
 * const net = await loadFaceNet('');
 */
export async function loadFaceNet(modelDir: string): Promise<FaceRecognitionNet> {
  try {
    return await loadFaceRecognitionNet(modelDir !== '' ? { modelDir } : {});
  } catch (e) {
    const where = modelDir !== '' ? `from ${modelDir}` : 'from the @vladmandic/face-api package (npm install @vladmandic/face-api, or pass a weights folder)';
    throw new Error(`the face network could not be loaded ${where}: ${(e as Error).message}`);
  }
}

/** The flags naming a generator, shared by the commands that generate: exactly one is given. */
export const GENERATOR_FLAGS = {
  run: { type: 'string', optional: true, help: 'run folder: use its newest checkpoint' },
  checkpoint: { type: 'string', optional: true, help: 'a checkpoint file (ckpt-<step>.e2f) instead of --run' },
  model: { type: 'string', optional: true, help: 'a generator file (.e2g, from ear2face export) instead of --run' },
} satisfies FlagSpec;

export interface CheckpointChoice {
  /** The checkpoint (.e2f) or generator file (.e2g). */
  path: string;
  /** The run folder it came from (with --run), else null. */
  runDir: string | null;
  /** 'checkpoint': a full training checkpoint; 'model': a generator file written by `ear2face export`. */
  kind: 'checkpoint' | 'model';
}

function existingFile(flag: string, given: string, expected: string): string {
  const path = resolve(given);
  if (!existsSync(path)) throw new Error(`--${flag} ${given}: no such file; expected ${expected}`);
  if (!statSync(path).isFile()) throw new Error(`--${flag} ${given}: is a folder; expected ${expected}${flag === 'run' ? '' : ' (use --run for a run folder)'}`);
  return path;
}

/**
 * The generator named by `--run DIR` (its newest checkpoint), `--checkpoint FILE` or `--model FILE`
 * (a .e2g generator file): exactly one of them. Missing folders, empty run folders and missing
 * files are errors saying what to do.
 *
 * @example
 * await chooseCheckpoint({ run: 'runs/demo' }, 'ear2face evaluate');   // { path: '/…/runs/demo/ckpt-00000800.e2f', runDir: '/…/runs/demo', kind: 'checkpoint' }
 * await chooseCheckpoint({ model: 'models/ear2face-synthetic-64.e2g' }, 'ear2face sample');   // { path: '/…/models/…', runDir: null, kind: 'model' }
 */
export async function chooseCheckpoint(flags: { run?: string; checkpoint?: string; model?: string }, command: string): Promise<CheckpointChoice> {
  const { run, checkpoint, model } = flags;
  const given = [run, checkpoint, model].filter((v) => v !== undefined).length;
  if (given > 1) throw new UsageError(`${command}: give one of --run, --checkpoint and --model, not several`);
  if (given === 0) {
    throw new UsageError(`${command}: give --run DIR (its newest checkpoint), --checkpoint FILE or --model FILE (a .e2g generator) (see ${command} --help)`);
  }
  if (model !== undefined) return { path: existingFile('model', model, `a generator file (.e2g) written by ear2face export`), runDir: null, kind: 'model' };
  if (checkpoint !== undefined) {
    return { path: existingFile('checkpoint', checkpoint, 'a checkpoint (ckpt-<step>.e2f) written by ear2face train'), runDir: null, kind: 'checkpoint' };
  }
  const dir = resolve(run!);
  if (!existsSync(dir)) throw new Error(`--run ${run}: no such folder; expected a run folder written by ear2face train --out`);
  if (!statSync(dir).isDirectory()) throw new Error(`--run ${run}: is a file; expected a run folder (use --checkpoint for a checkpoint file)`);
  const path = await latestCheckpoint(dir);
  if (path === null) throw new Error(`--run ${run}: no checkpoint (ckpt-<step>.e2f) in this folder; train first (ear2face train --out ${run}) or wait for its first checkpoint`);
  return { path, runDir: dir, kind: 'checkpoint' };
}

/** A generator ready to run, whichever file it came from. */
export interface InferenceGenerator {
  generator: Network;
  config: Readonly<TrainConfig>;
  step: number;
  /** Frees the weights (and the trainer they came with, for a checkpoint). */
  dispose(): void;
}

/**
 * The generator of a chosen checkpoint or generator file, to generate with.
 *
 * @example
 * const g = await loadInferenceGenerator(await chooseCheckpoint({ run: 'runs/demo' }, 'ear2face sample'));
 * g.generator.apply(ear, { training: false, noiseSeed: 0 });
 * g.dispose();
 */
export async function loadInferenceGenerator(choice: CheckpointChoice): Promise<InferenceGenerator> {
  if (choice.kind === 'model') {
    const loaded = await loadGenerator(choice.path);
    return { generator: loaded.generator, config: loaded.config, step: loaded.step, dispose: () => loaded.generator.dispose() };
  }
  const trainer = await loadForInference(choice.path, null);
  return { generator: trainer.generator, config: trainer.config, step: trainer.stepCount, dispose: () => trainer.dispose() };
}

/**
 * A trainer rebuilt from a checkpoint to generate with: its face-network terms come from `net`
 * when given, else stand-ins that are never computed.
 *
 * @example
 * const trainer = await loadForInference('runs/demo/ckpt-00000800.e2f', null);
 * trainer.generator.apply(ear, { training: false, noiseSeed: 0 });
 */
export async function loadForInference(path: string, net: FeatureExtractor | null): Promise<Trainer> {
  return loadCheckpoint(path, { terms: faceTerms(net, 'this checkpoint was loaded to generate faces, not to train') });
}
