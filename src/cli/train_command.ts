/**
 * `ear2face train`: trains on a paired dataset (by default the synthetic sample shipped in data/)
 * with the Ear2Face objective, on the people outside the held-out split. The run folder gets
 * config.json (the run's spec), checkpoints, one JSON line per step (metrics.jsonl), PNG sample
 * grids of held-out people and, at the last step, final.json with their evaluation. Rerunning
 * resumes from the newest checkpoint; one process at a time trains in a folder (run.lock).
 */
import { appendFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { initBackend, type BackendChoice } from '../lib/backend/select';
import { backendFromFlag, BACKEND_FLAG } from './backend_flag';
import { loadPairIndex } from '../lib/data/paired_dataset';
import { splitIndex, type Split } from '../lib/data/splits';
import { createPairLoader } from '../lib/data/loader';
import type { PairItem } from '../lib/data/pair_item';
import type { FaceRecognitionNet } from '../lib/face/face_recognition_net';
import { acquireLock, LockedError, type Lock } from '../lib/runs/lock';
import { repairMetricsLog } from '../lib/runs/metrics_log';
import { RUN_FILES } from '../lib/runs/run_files';
import { needsFaceNet, trainConfigOf, type RunSpec } from '../lib/runs/run_spec';
import { latestCheckpoint, loadCheckpoint, saveCheckpoint } from '../lib/train/checkpoint';
import type { TrainConfig } from '../lib/train/config';
import { trainSteps } from '../lib/train/train_steps';
import { Trainer, type StepRecord } from '../lib/train/trainer';
import { parseFlags, UsageError } from './args';
import { faceTerms, loadFaceNet } from './checkpoint_source';
import { createProgress, type Progress } from './progress';
import { readRunConfig, specMismatch, writeRunConfig } from './run_config';
import { writeFinalMetrics, writeSampleGrid } from './run_outputs';
import { listenForStop, type StopRequest } from './stop_signal';
import { trainHelp, trainSpecFromFlags, TRAIN_FLAGS } from './train_spec';

export { SAMPLE_DATASET } from './train_spec';
export { trainHelp };

const command = 'ear2face train';

/**
 * Runs `ear2face train` with `argv` (the arguments after 'train') and returns the exit code:
 * 0 done, 130/143 stopped by SIGINT/SIGTERM (a checkpoint was saved). Throws UsageError for bad
 * options and Error for failures.
 *
 * @example
 * await trainCommand(['--steps', '300', '--out', 'runs/mine']);   // 0
 */
export async function trainCommand(argv: string[]): Promise<number> {
  const f = parseFlags(argv, TRAIN_FLAGS, command);
  if (f.help) {
    console.log(trainHelp);
    return 0;
  }
  const spec = trainSpecFromFlags(f);
  const backend = backendFromFlag(f.backend, command);
  const dataFlag = f.data !== undefined ? '--data' : 'data';
  if (!existsSync(spec.data)) throw new Error(`${dataFlag} ${spec.data}: no such folder; expected a dataset folder (see data/README.md)`);
  const out = resolve(f.out);
  if (existsSync(out) && !statSync(out).isDirectory()) throw new Error(`--out ${f.out}: is a file; expected a run folder`);
  mkdirSync(out, { recursive: true });

  let lock: Lock | null = null;
  const stop = listenForStop({ onForce: () => lock?.release() });
  try {
    try {
      lock = acquireLock(join(out, RUN_FILES.lock), command);
    } catch (e) {
      if (e instanceof LockedError) throw new Error(`run folder ${out} is busy: ${e.message}`);
      throw e;
    }
    if (lock.tookOverFrom) console.log(`note: took over the lock of pid ${lock.tookOverFrom.pid} (${lock.tookOverFrom.command}), which no longer runs`);
    return await trainInFolder(spec, out, backend, stop);
  } finally {
    lock?.release();
    stop.dispose();
  }
}

/** The settings of `wanted` that differ from a checkpoint's, other than the learning-rate schedule (it follows `steps`). */
function configMismatch(stored: TrainConfig, wanted: TrainConfig): string | null {
  for (const key of Object.keys(wanted) as (keyof TrainConfig)[]) {
    if (key === 'constantSteps' || key === 'decaySteps') continue;
    if (key === 'weights') {
      for (const name of new Set([...Object.keys(stored.weights), ...Object.keys(wanted.weights)])) {
        const [a, b] = [stored.weights[name] ?? 0, wanted.weights[name] ?? 0];
        if (a !== b) return `weights.${name} = ${a}, this spec says ${b}`;
      }
    } else if (stored[key] !== wanted[key]) return `${key} = ${JSON.stringify(stored[key])}, this spec says ${JSON.stringify(wanted[key])}`;
  }
  return null;
}

/**
 * The trainer to go on with: the newest checkpoint's state under the spec's configuration (so
 * raising `steps` stretches the learning-rate schedule), or a fresh one.
 */
async function prepareTrainer(spec: RunSpec, out: string, checkpoint: string | null, faceNet: FaceRecognitionNet | null): Promise<Trainer> {
  const config = trainConfigOf(spec);
  const terms = faceTerms(faceNet, 'weights.feature and weights.style are 0');
  if (checkpoint === null) return Trainer.create(config, { terms });
  const loaded = await loadCheckpoint(checkpoint, { terms });
  let keep = false;
  try {
    const mismatch = configMismatch(loaded.config, config);
    if (mismatch !== null) throw new Error(`run folder ${out} has a checkpoint trained with ${mismatch}; use another --out`);
    if (loaded.stepCount > spec.steps) {
      throw new Error(`run folder ${out} is already at step ${loaded.stepCount}, beyond steps = ${spec.steps}; raise --steps or use another --out`);
    }
    keep = loaded.config.constantSteps === config.constantSteps && loaded.config.decaySteps === config.decaySteps;
    if (keep) return loaded;
    const extended = Trainer.create(config, { terms });
    const state = await loaded.exportState();
    try {
      await extended.importState(state);
    } catch (e) {
      extended.dispose();
      throw e;
    } finally {
      for (const t of state.tensors.values()) t.dispose();
    }
    return extended;
  } finally {
    if (!keep) loaded.dispose();
  }
}

async function trainInFolder(spec: RunSpec, out: string, backend: BackendChoice | undefined, stop: StopRequest): Promise<number> {
  // Everything is checked before anything in the folder changes.
  const trained = readRunConfig(out);
  if (trained !== null) {
    const mismatch = specMismatch(trained, spec);
    if (mismatch !== null) {
      const config = join(out, RUN_FILES.config);
      throw new Error(`run folder ${out} was trained with ${mismatch}; use another --out (to go on with the folder's own settings: ear2face train --config ${config} --out ${out})`);
    }
  }
  await initBackend({ backend, log: true });
  const index = await loadPairIndex(spec.data, { imageSize: spec.imageSize });
  const split = splitIndex(index, 'subject-independent');
  console.log(`data: ${index.root} (${index.items.length} pairs, ${index.subjects.length} people); training on ${split.train.length} pairs, ${split.heldOutSubjects.length} people held out`);
  if (stop.received) return stop.exitCode();

  const checkpoint = await latestCheckpoint(out);
  let faceNet: FaceRecognitionNet | null = null;
  let trainer: Trainer | null = null;
  try {
    if (needsFaceNet(spec)) faceNet = await loadFaceNet(spec.faceModel);
    trainer = await prepareTrainer(spec, out, checkpoint, faceNet);
    if (stop.received) return stop.exitCode();

    // From here on the folder is updated: its spec, then the metrics cut back to the checkpoint.
    writeRunConfig(out, spec);
    const repair = repairMetricsLog(join(out, RUN_FILES.metrics), trainer.stepCount);
    if (repair.truncated) console.log(`note: ${repair.truncated}`);
    if (repair.dropped > 0) console.log(`note: ${repair.dropped} line${repair.dropped === 1 ? '' : 's'} of ${RUN_FILES.metrics} after step ${trainer.stepCount} removed; those steps are trained again`);
    if (checkpoint !== null) console.log(`resuming from ${checkpoint} at step ${trainer.stepCount}`);

    const finalPath = join(out, RUN_FILES.final);
    if (trainer.stepCount === spec.steps && existsSync(finalPath) && checkpoint !== null) {
      console.log(`run already complete at step ${spec.steps}: ${finalPath} (raise --steps to train further)`);
      return 0;
    }
    // A final.json of an earlier, shorter run no longer describes this one.
    if (trainer.stepCount < spec.steps) rmSync(finalPath, { force: true });
    const start = trainer.stepCount;
    await trainLoop(trainer, spec, split.train, out, stop);
    if (trainer.stepCount > start || checkpoint === null) console.log(`checkpoint: ${await saveCheckpoint(trainer, out, { keepLast: spec.keepLast })}`);
    const grid = await writeSampleGrid(trainer.generator, split.test, { imageSize: spec.imageSize, count: spec.samples, step: trainer.stepCount, dir: out });
    console.log(`samples of held-out people (ear | generated | real): ${grid}`);
    if (stop.received) {
      console.log(`stopped at step ${trainer.stepCount} of ${spec.steps}; run the same command again to go on`);
      return stop.exitCode();
    }
    return await finish(trainer, spec, split, out, faceNet);
  } finally {
    trainer?.dispose();
    faceNet?.dispose();
  }
}

/** Steps until `spec.steps` or a stop request, logging every step and checkpointing every `saveEvery`. */
async function trainLoop(trainer: Trainer, spec: RunSpec, train: PairItem[], out: string, stop: StopRequest): Promise<void> {
  if (trainer.stepCount >= spec.steps) return;
  // A resumed run draws a fresh data order from its step count: deterministic, not the same order
  // an uninterrupted run would have seen.
  const loader = createPairLoader(train, { imageSize: spec.imageSize, mode: 'train', batchSize: spec.batchSize, seed: spec.seed + trainer.stepCount });
  const metrics = join(out, RUN_FILES.metrics);
  const first = trainer.stepCount + 1;
  const progress: Progress = createProgress({ total: spec.steps, start: trainer.stepCount, label: 'train' });
  // A terminal gets the progress bar; a log file (a sweep's train.log) gets `step N/M` lines too.
  const stepLines = !process.stdout.isTTY;
  const t0 = Date.now();
  try {
    await trainSteps(trainer, loader, {
      until: spec.steps,
      signal: stop.signal,
      stopOnInterrupt: false,
      afterStep: async (rec: StepRecord) => {
        appendFileSync(metrics, `${JSON.stringify({ step: rec.step, lr: rec.lr, ms: Math.round(rec.ms), ...rec.terms })}\n`);
        const n = trainer.stepCount;
        const terms = Object.entries(rec.terms).map(([k, v]) => `${k} ${v.toFixed(3)}`).join('  ');
        progress.update(n, `g/l1 ${rec.terms['g/l1']?.toFixed(3) ?? '?'}`);
        if (stepLines && (n % 10 === 0 || n === spec.steps || n === first)) {
          const eta = ((Date.now() - t0) / (n - first + 1)) * (spec.steps - n);
          console.log(`step ${n}/${spec.steps}  ${rec.ms.toFixed(0)} ms  eta ${(eta / 1000).toFixed(0)} s  ${terms}`);
        }
        if (n % spec.saveEvery === 0 && n < spec.steps) await saveCheckpoint(trainer, out, { keepLast: spec.keepLast });
      },
    });
  } finally {
    progress.finish(stop.received ? `stopped (${stop.received})` : undefined);
    await loader.close();
  }
}

/** final.json: the held-out evaluation, with the face network for descriptor numbers when it can be loaded. */
async function finish(trainer: Trainer, spec: RunSpec, split: Split<PairItem>, out: string, faceNet: FaceRecognitionNet | null): Promise<number> {
  if (split.heldOutSubjects.length < 2) {
    console.log(`final.json not written: the held-out split has ${split.heldOutSubjects.length} person; Rank-k identification needs at least 2 (hold out more people in the dataset's split)`);
    return 0;
  }
  let net = faceNet;
  if (net === null) {
    try {
      net = await loadFaceNet(spec.faceModel);
    } catch (e) {
      console.log(`note: final.json has pixel-space numbers only: ${(e as Error).message}`);
    }
  }
  try {
    const progress = createProgress({ total: split.test.length, label: 'evaluate held-out' });
    const final = await writeFinalMetrics({
      generator: trainer.generator,
      step: trainer.stepCount,
      heldOut: split.test,
      imageSize: spec.imageSize,
      faceNet: net,
      dir: out,
      onProgress: (done) => progress.update(done),
    });
    progress.finish();
    const s = final.summary;
    const descriptor = s.rank1 !== undefined ? `  Rank-1 ${s.rank1.toFixed(3)}  Rank-5 ${s.rank5!.toFixed(3)}  EER ${s.eer!.toFixed(3)}` : '';
    console.log(`held-out people (${s.identities}, ${s.pairs} pairs): PSNR ${s.psnr.toFixed(2)} dB  SSIM ${s.ssim.toFixed(3)}${descriptor}`);
    console.log(`final metrics: ${join(out, RUN_FILES.final)}`);
  } finally {
    if (net !== faceNet) net?.dispose();
  }
  return 0;
}
