/**
 * The options of `ear2face train` and the RunSpec they make: the defaults, then a `--config` file,
 * then each flag given on the command line. Bad flag values are usage errors naming the flag; bad
 * values in the file are errors naming the file and the field.
 */
import { BACKEND_FLAG } from './backend_flag';
import { join, resolve } from 'node:path';
import { GAN_MODES } from '../lib/losses/adversarial';
import { IMAGE_SIZES, NORMS } from '../lib/train/config';
import { DEFAULT_RUN_SPEC, resolveRunSpec, type RunSpec } from '../lib/runs/run_spec';
import { helpText, UsageError, type FlagSpec, type Flags } from './args';
import { readSpecFile } from './run_config';

/** The synthetic sample committed in the package's data/ folder: the data when none is named. */
export const SAMPLE_DATASET = join(__dirname, '..', '..', 'data', 'synthetic-sample');

const d = DEFAULT_RUN_SPEC;
export const TRAIN_FLAGS = {
  config: { type: 'string', optional: true, help: 'run spec JSON file (RunSpec fields; paths relative to its folder); flags given override it' },
  data: { type: 'string', optional: true, help: 'dataset folder: a manifest, ears/ + faces/, or aligned ear|face images (default: the committed synthetic sample)' },
  steps: { type: 'number', optional: true, help: `training steps in total; raising it extends a finished run (default ${d.steps})` },
  size: { type: 'number', optional: true, help: `image size: ${IMAGE_SIZES.join(', ')} (default ${d.imageSize})` },
  ngf: { type: 'number', optional: true, help: `generator width, pix2pix: 64 (default ${d.ngf})` },
  ndf: { type: 'number', optional: true, help: `discriminator width, pix2pix: 64 (default ${d.ndf})` },
  norm: { type: 'string', optional: true, help: `normalisation: ${NORMS.join(', ')} (default ${d.norm})` },
  adv: { type: 'number', optional: true, help: `weight of the adversarial term (default ${d.weights.adv})` },
  l1: { type: 'number', optional: true, help: `weight of the pixel L1 term (default ${d.weights.l1})` },
  feature: { type: 'number', optional: true, help: `weight of the face-network feature term; 0: pix2pix (default ${d.weights.feature})` },
  style: { type: 'number', optional: true, help: `weight of the face-network style (Gram) term; 0: off (default ${d.weights.style})` },
  'gan-mode': { type: 'string', optional: true, help: `adversarial loss: ${GAN_MODES.join(', ')} (default ${d.ganMode})` },
  lr: { type: 'number', optional: true, help: `Adam learning rate, constant for half the steps, then falling to 0 (default ${d.lr})` },
  beta1: { type: 'number', optional: true, help: `Adam beta1 (default ${d.beta1})` },
  beta2: { type: 'number', optional: true, help: `Adam beta2 (default ${d.beta2})` },
  'batch-size': { type: 'number', optional: true, help: `pairs per step (default ${d.batchSize})` },
  seed: { type: 'number', optional: true, help: `seed for weights, data order, jitter and dropout (default ${d.seed})` },
  'face-model': { type: 'string', optional: true, help: 'folder of the face network weights (default: the @vladmandic/face-api package)' },
  'save-every': { type: 'number', optional: true, help: `checkpoint every N steps (default ${d.saveEvery})` },
  'keep-last': { type: 'number', optional: true, help: `checkpoints to keep (default ${d.keepLast})` },
  samples: { type: 'number', optional: true, help: `held-out people shown in the sample grid (default ${d.samples})` },
  out: { type: 'string', default: 'runs/demo', help: 'run folder: config.json, checkpoints, metrics.jsonl, samples, final.json' },
  ...BACKEND_FLAG,
  help: { type: 'boolean', help: 'show this help' },
} satisfies FlagSpec;

export type TrainFlags = Flags<typeof TRAIN_FLAGS>;

export const trainHelp = helpText(
  'ear2face train',
  'Train the Ear2Face generator (U-Net + PatchGAN; adversarial, L1, feature and style terms) on a paired dataset.\n' +
    "Trains on the subjects outside the dataset's held-out split; the sample grid shows held-out people, and\n" +
    'final.json their evaluation once the last step is done. Rerunning resumes from the newest checkpoint.\n' +
    'Exit codes: 0 done, 1 failure, 2 usage error, 130 interrupted (a checkpoint was saved).',
  TRAIN_FLAGS,
);

const command = 'ear2face train';

function wholeNumber(f: TrainFlags, flag: 'steps' | 'ngf' | 'ndf' | 'save-every' | 'keep-last' | 'samples' | 'batch-size'): void {
  const v = f[flag];
  if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new UsageError(`${command}: --${flag} must be a whole number ≥ 1, got ${v}`);
}

/** Throws a UsageError naming the first flag with a value no run could use. */
function checkFlags(f: TrainFlags): void {
  if (f.size !== undefined && !(IMAGE_SIZES as readonly number[]).includes(f.size)) throw new UsageError(`${command}: --size must be ${IMAGE_SIZES.join(', ').replace(/, (\d+)$/, ' or $1')}, got ${f.size}`);
  for (const flag of ['steps', 'ngf', 'ndf', 'save-every', 'keep-last', 'samples', 'batch-size'] as const) wholeNumber(f, flag);
  for (const name of ['adv', 'l1', 'feature', 'style'] as const) {
    const w = f[name];
    if (w !== undefined && w < 0) throw new UsageError(`${command}: --${name} must be ≥ 0, got ${w}`);
  }
  if (f['gan-mode'] !== undefined && !(GAN_MODES as readonly string[]).includes(f['gan-mode'])) {
    throw new UsageError(`${command}: --gan-mode must be one of ${GAN_MODES.join(', ')}, got ${JSON.stringify(f['gan-mode'])}`);
  }
  if (f.norm !== undefined && !(NORMS as readonly string[]).includes(f.norm)) {
    throw new UsageError(`${command}: --norm must be one of ${NORMS.join(', ')}, got ${JSON.stringify(f.norm)}`);
  }
  if (f.lr !== undefined && !(f.lr > 0)) throw new UsageError(`${command}: --lr must be > 0, got ${f.lr}`);
  for (const flag of ['beta1', 'beta2'] as const) {
    const b = f[flag];
    if (b !== undefined && !(b >= 0 && b < 1)) throw new UsageError(`${command}: --${flag} must be in [0, 1), got ${b}`);
  }
  const seed = f.seed;
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) throw new UsageError(`${command}: --seed must be a whole number from 0 to 4294967295, got ${seed}`);
  if (f.out === '') throw new UsageError(`${command}: --out must name a folder`);
}

/**
 * The run spec of a `train` invocation, with absolute folder paths: defaults, then the `--config`
 * file (its relative paths against its folder), then the flags given (relative paths against
 * `cwd`). With neither `--config` data nor `--data`, the data is the committed sample.
 *
 * @example
 * trainSpecFromFlags(parseFlags(['--steps', '50', '--style', '0'], TRAIN_FLAGS, 'ear2face train')).weights.style;   // 0
 */
export function trainSpecFromFlags(f: TrainFlags, cwd = process.cwd()): RunSpec {
  checkFlags(f);
  let base: RunSpec = { ...DEFAULT_RUN_SPEC, weights: { ...DEFAULT_RUN_SPEC.weights }, data: SAMPLE_DATASET };
  if (f.config !== undefined) {
    const path = resolve(cwd, f.config);
    const { spec, given } = readSpecFile(path);
    base = given.has('data') ? spec : { ...spec, data: SAMPLE_DATASET };
  }
  const overrides: Partial<RunSpec> = {};
  const set = <K extends keyof RunSpec>(key: K, value: RunSpec[K] | undefined) => {
    if (value !== undefined) overrides[key] = value;
  };
  set('data', f.data === undefined ? undefined : resolve(cwd, f.data));
  set('faceModel', f['face-model'] === undefined ? undefined : f['face-model'] === '' ? '' : resolve(cwd, f['face-model']));
  set('steps', f.steps);
  set('imageSize', f.size as RunSpec['imageSize'] | undefined);
  set('ngf', f.ngf);
  set('ndf', f.ndf);
  set('norm', f.norm as RunSpec['norm'] | undefined);
  set('ganMode', f['gan-mode'] as RunSpec['ganMode'] | undefined);
  set('lr', f.lr);
  set('beta1', f.beta1);
  set('beta2', f.beta2);
  set('batchSize', f['batch-size']);
  set('seed', f.seed);
  set('saveEvery', f['save-every']);
  set('keepLast', f['keep-last']);
  set('samples', f.samples);
  const weights = { ...base.weights };
  for (const name of ['adv', 'l1', 'feature', 'style'] as const) if (f[name] !== undefined) weights[name] = f[name]!;
  try {
    return resolveRunSpec({ ...base, ...overrides, weights }, 'ear2face train');
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
