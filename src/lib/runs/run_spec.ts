/**
 * A run's whole recipe as one JSON-able object: the dataset, the number of steps, every training
 * setting and the run-folder settings. `ear2face train --config trial.json` reads one; a sweep
 * writes one per trial; config.json in a run folder is the resolved copy.
 */
import { GAN_MODES } from '../losses/adversarial';
import { defaultTrainConfig, IMAGE_SIZES, NORMS, type TrainConfig } from '../train/config';
import { EAR2FACE_WEIGHTS } from '../train/ear2face';

export interface RunSpec {
  /** Dataset folder (a manifest, ears/ + faces/, or aligned images); relative to the spec file's folder when read from one. */
  data: string;
  /** Training steps in total; a resumed run continues up to this. */
  steps: number;
  imageSize: TrainConfig['imageSize'];
  ngf: number;
  ndf: number;
  norm: TrainConfig['norm'];
  ganMode: TrainConfig['ganMode'];
  /** Generator term weights: adv, l1, feature, style (0 leaves a term out). */
  weights: Record<string, number>;
  lr: number;
  beta1: number;
  beta2: number;
  /** Seeds the weights, the data order, the jitter and the dropout noise. */
  seed: number;
  batchSize: number;
  /** Checkpoint every N steps. */
  saveEvery: number;
  /** Checkpoints kept in the folder. */
  keepLast: number;
  /** Held-out people shown in the sample grid. */
  samples: number;
  /** Folder of the face network's weights; '' = the @vladmandic/face-api package. */
  faceModel: string;
}

/** The settings `ear2face train` uses when none are given: a short 64² Ear2Face run on the committed sample. */
export const DEFAULT_RUN_SPEC: Readonly<RunSpec> = Object.freeze({
  data: 'data/synthetic-sample',
  steps: 300,
  imageSize: 64,
  ngf: 16,
  ndf: 16,
  norm: 'batch',
  ganMode: 'vanilla',
  weights: { ...EAR2FACE_WEIGHTS },
  lr: 2e-4,
  beta1: 0.5,
  beta2: 0.999,
  seed: 1,
  batchSize: 1,
  saveEvery: 100,
  keepLast: 3,
  samples: 6,
  faceModel: '',
} satisfies RunSpec);

export const RUN_SPEC_FIELDS = Object.keys(DEFAULT_RUN_SPEC) as (keyof RunSpec)[];
/** The weights a spec may set; any other name in `weights` is refused (a typo would silently train without it). */
export const WEIGHT_NAMES = Object.keys(EAR2FACE_WEIGHTS);

/**
 * `partial` over {@link DEFAULT_RUN_SPEC}, validated: unknown fields, unknown weight names, negative
 * or non-numeric weights and out-of-range settings throw an error naming `where` and the field.
 * `weights` merges by name. `where` names the source in messages (a file, 'trial 3', ...).
 *
 * @example
 * resolveRunSpec({ steps: 200, weights: { style: 0 } }).weights;   // { adv: 1, l1: 100, feature: 100, style: 0 }
 * resolveRunSpec({ wieghts: {} }, 'sweep.json');                  // Error: sweep.json: unknown field "wieghts"; expected one of data, steps, ...
 * resolveRunSpec({ weights: { l1: -1 } });                        // Error: run spec: weights.l1: got -1; expected a finite number ≥ 0
 */
export function resolveRunSpec(partial: unknown, where = 'run spec'): RunSpec {
  if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) {
    throw new Error(`${where}: got ${JSON.stringify(partial)}; expected an object of run settings`);
  }
  const p = partial as Record<string, unknown>;
  for (const key of Object.keys(p)) {
    if (!(RUN_SPEC_FIELDS as string[]).includes(key)) {
      throw new Error(`${where}: unknown field ${JSON.stringify(key)}; expected one of ${RUN_SPEC_FIELDS.join(', ')}`);
    }
  }
  const weights = p.weights ?? {};
  if (weights === null || typeof weights !== 'object' || Array.isArray(weights)) {
    throw new Error(`${where}: weights: got ${JSON.stringify(weights)}; expected an object such as { "l1": 100, "style": 0 }`);
  }
  for (const [name, w] of Object.entries(weights)) {
    if (!WEIGHT_NAMES.includes(name)) throw new Error(`${where}: weights.${name}: unknown term; expected one of ${WEIGHT_NAMES.join(', ')}`);
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new Error(`${where}: weights.${name}: got ${JSON.stringify(w) ?? String(w)}; expected a finite number ≥ 0`);
    }
  }
  const spec = { ...DEFAULT_RUN_SPEC, ...p, weights: { ...DEFAULT_RUN_SPEC.weights, ...(weights as Record<string, number>) } } as RunSpec;
  if (typeof spec.data !== 'string' || spec.data.length === 0) throw new Error(`${where}: data: got ${JSON.stringify(spec.data)}; expected a dataset folder path`);
  if (typeof spec.faceModel !== 'string') throw new Error(`${where}: faceModel: got ${JSON.stringify(spec.faceModel)}; expected a folder path or ""`);
  for (const key of ['steps', 'saveEvery', 'keepLast', 'samples'] as const) {
    const v = spec[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new Error(`${where}: ${key}: got ${JSON.stringify(v)}; expected a whole number ≥ 1`);
  }
  if (!(IMAGE_SIZES as readonly unknown[]).includes(spec.imageSize)) {
    throw new Error(`${where}: imageSize: got ${JSON.stringify(spec.imageSize)}; expected one of ${IMAGE_SIZES.join(', ')}`);
  }
  if (!(NORMS as readonly unknown[]).includes(spec.norm)) throw new Error(`${where}: norm: got ${JSON.stringify(spec.norm)}; expected one of ${NORMS.join(', ')}`);
  if (!(GAN_MODES as readonly unknown[]).includes(spec.ganMode)) {
    throw new Error(`${where}: ganMode: got ${JSON.stringify(spec.ganMode)}; expected one of ${GAN_MODES.join(', ')}`);
  }
  try {
    trainConfigOf(spec);
  } catch (e) {
    throw new Error(`${where}: ${(e as Error).message.replace(/^config\./, '')}`);
  }
  return spec;
}

/**
 * The trainer configuration of a run: the learning rate is constant for the first half of the
 * steps and falls linearly to 0 over the second half (pix2pix's schedule).
 *
 * @example
 * trainConfigOf(resolveRunSpec({ steps: 300 })).constantSteps;   // 150
 */
export function trainConfigOf(spec: RunSpec): TrainConfig {
  return defaultTrainConfig({
    imageSize: spec.imageSize,
    ngf: spec.ngf,
    ndf: spec.ndf,
    norm: spec.norm,
    ganMode: spec.ganMode,
    weights: { ...spec.weights },
    lr: spec.lr,
    beta1: spec.beta1,
    beta2: spec.beta2,
    seed: spec.seed,
    batchSize: spec.batchSize,
    constantSteps: Math.ceil(spec.steps / 2),
    decaySteps: Math.floor(spec.steps / 2),
  });
}

/** True when the run needs the face network (its feature or style term is on). */
export function needsFaceNet(spec: RunSpec): boolean {
  return (spec.weights.feature ?? 0) > 0 || (spec.weights.style ?? 0) > 0;
}
