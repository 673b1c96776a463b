/**
 * `ear2face results`: the reference experiment in one resumable command. It writes the synthetic
 * benchmark, trains the ablation (reference/ablation.json: U-Net L1 only, pix2pix, Ear2Face and
 * Ear2Face minus each face term) as a sweep, scores the mean-face and nearest-ear baselines the
 * same way, and writes the results table (docs/RESULTS.md with `npm run reference`); with --ship it
 * also exports the Ear2Face generator as a float16 file and re-measures it from that file.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { tf } from '../lib/backend/tf';
import { initBackend } from '../lib/backend/select';
import { createPairLoader } from '../lib/data/loader';
import type { PairItem } from '../lib/data/pair_item';
import { loadPairIndex } from '../lib/data/paired_dataset';
import { splitIndex } from '../lib/data/splits';
import { writeSyntheticDataset } from '../lib/data/synthetic/write_dataset';
import { meanFaceBaseline, nearestEarBaseline, tileFace } from '../lib/eval/baselines';
import { evaluateFaceSource, evaluateGenerator } from '../lib/eval/evaluate_generator';
import type { FaceRecognitionNet } from '../lib/face/face_recognition_net';
import { resultsDocument, type BenchmarkDefinition } from '../lib/results/results_document';
import type { ResultRow } from '../lib/results/results_table';
import { rowLabel } from '../lib/results/row_label';
import { resolveRunSpec } from '../lib/runs/run_spec';
import { planSweep } from '../lib/sweep/plan';
import { sweepStatus } from '../lib/sweep/status';
import { loadGenerator, saveGenerator } from '../lib/train/generator_file';
import { latestCheckpoint } from '../lib/train/checkpoint';
import { helpText, parseFlags, UsageError, type FlagSpec } from './args';
import { loadFaceNet, loadForInference } from './checkpoint_source';
import { sweepCommand } from './sweep_command';

/** The reference experiment's definition, committed in the package's reference/ folder. */
export const REFERENCE_DIR = join(__dirname, '..', '..', 'reference');

const spec = {
  reference: { type: 'string', default: REFERENCE_DIR, help: 'folder with benchmark.json and ablation.json' },
  out: { type: 'string', default: 'runs/reference', help: 'working folder: the benchmark data, the sweep, the baselines' },
  results: { type: 'string', optional: true, help: 'write the results document here (default <out>/RESULTS.md)' },
  ship: { type: 'string', optional: true, help: "also export the Ear2Face row's generator to this .e2g file (float16)" },
  parallel: { type: 'number', default: Math.max(1, cpus().length), help: 'trials trained at once' },
  smoke: { type: 'boolean', help: 'a seconds-long run of the whole pipeline (12 people, 2 steps, width 4): checks the wiring, not the method' },
  help: { type: 'boolean', help: 'show this help' },
} satisfies FlagSpec;

const command = 'ear2face results';

export const resultsHelp = helpText(
  command,
  'The reference experiment: writes the synthetic benchmark, trains the ablation sweep (L1 only, pix2pix, Ear2Face,\n' +
    'Ear2Face − feature, Ear2Face − style), evaluates the mean-face and nearest-ear baselines and every model on the\n' +
    'held-out people, and writes the results table. Rerunning resumes: finished trials are not trained again.',
  spec,
);

function readJson(path: string): unknown {
  if (!existsSync(path)) throw new Error(`${path}: missing; expected the reference experiment's definition (see reference/README.md)`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message})`);
  }
}

function benchmarkOf(raw: unknown, path: string): BenchmarkDefinition {
  const b = raw as Record<string, unknown>;
  const keys = ['size', 'subjects', 'perSubject', 'seed', 'heldOut'];
  if (b === null || typeof b !== 'object' || Array.isArray(b)) throw new Error(`${path}: expected an object with ${keys.join(', ')}`);
  for (const k of Object.keys(b)) if (!keys.includes(k)) throw new Error(`${path}: unknown field ${JSON.stringify(k)}; expected ${keys.join(', ')}`);
  for (const k of keys) if (typeof b[k] !== 'number') throw new Error(`${path}: ${k}: got ${JSON.stringify(b[k])}; expected a number`);
  return b as unknown as BenchmarkDefinition;
}

/** The benchmark folder: reused when its manifest says it was made with these settings, else written. */
async function ensureBenchmark(dir: string, b: BenchmarkDefinition): Promise<void> {
  const manifest = join(dir, 'manifest.json');
  if (existsSync(manifest)) {
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    const same = m.imageSize === b.size && m.synthetic?.seed === b.seed && m.synthetic?.subjects === b.subjects && m.synthetic?.perSubject === b.perSubject && m.split?.fraction === b.heldOut;
    if (same) return;
  }
  console.log(`writing the benchmark: ${b.subjects} people × ${b.perSubject} pictures at ${b.size}² → ${dir}`);
  await writeSyntheticDataset({ out: dir, size: b.size, subjects: b.subjects, perSubject: b.perSubject, seed: b.seed, heldOutFraction: b.heldOut });
}

/**
 * For each pair, the real face of the same person's next picture (cyclically): what a generator
 * that got the person exactly right, but not this picture's pose and light, would produce.
 */
async function otherPictureFaces(items: readonly PairItem[], imageSize: number): Promise<tf.Tensor4D> {
  const bySubject = new Map<string, PairItem[]>();
  for (const item of items) bySubject.set(item.subject, [...(bySubject.get(item.subject) ?? []), item]);
  const others = items.map((item) => {
    const same = bySubject.get(item.subject)!;
    return same[(same.indexOf(item) + 1) % same.length];
  });
  const faces: tf.Tensor4D[] = [];
  const loader = createPairLoader(others, { imageSize, mode: 'eval', batchSize: 50 });
  try {
    for await (const batch of loader) {
      batch.ear.dispose();
      faces.push(batch.face);
    }
  } finally {
    await loader.close();
  }
  const all = tf.concat(faces) as tf.Tensor4D;
  tf.dispose(faces);
  return all;
}

/** Settings of the smoke run: the same pipeline at a size that takes seconds. */
const SMOKE_BENCHMARK: BenchmarkDefinition = { size: 64, subjects: 12, perSubject: 2, seed: 7, heldOut: 0.34 };
const SMOKE_BASE = { steps: 2, ngf: 4, ndf: 4, saveEvery: 2, keepLast: 1, samples: 2 };

/**
 * Runs `ear2face results` with `argv`; returns the exit code.
 *
 * @example
 * await resultsCommand(['--out', 'runs/reference', '--results', 'docs/RESULTS.md', '--ship', 'models/ear2face-synthetic-64.e2g']);
 */
export async function resultsCommand(argv: string[]): Promise<number> {
  const f = parseFlags(argv, spec, command);
  if (f.help) {
    console.log(resultsHelp);
    return 0;
  }
  if (!Number.isInteger(f.parallel) || f.parallel < 1) throw new UsageError(`${command}: --parallel must be a whole number ≥ 1, got ${f.parallel}`);
  if (f.ship !== undefined && !f.ship.endsWith('.e2g')) throw new UsageError(`${command}: --ship must name a .e2g file, got ${JSON.stringify(f.ship)}`);
  const out = resolve(f.out);
  const started = Date.now();
  const benchmarkPath = join(f.reference, 'benchmark.json');
  const ablationPath = join(f.reference, 'ablation.json');
  const benchmark = f.smoke ? SMOKE_BENCHMARK : benchmarkOf(readJson(benchmarkPath), benchmarkPath);
  const ablation = readJson(ablationPath) as { base?: Record<string, unknown> };
  if (ablation === null || typeof ablation !== 'object') throw new Error(`${ablationPath}: expected a sweep spec object`);

  mkdirSync(out, { recursive: true });
  const data = join(out, 'benchmark');
  await ensureBenchmark(data, benchmark);
  const sweepDir = join(out, 'sweep');
  const sweepSpec = { ...ablation, base: { ...(ablation.base ?? {}), ...(f.smoke ? SMOKE_BASE : {}), imageSize: benchmark.size, data: 'benchmark' } };
  planSweep(sweepSpec, sweepDir, { specDir: out });
  const code = await sweepCommand(['--out', sweepDir, '--parallel', String(f.parallel)]);
  if (code !== 0) {
    console.error(`${command}: the training sweep ${code === 130 ? 'was interrupted' : 'did not finish'} (exit ${code}); rerun to resume`);
    return code;
  }

  const backend = await initBackend({ log: false });
  const index = await loadPairIndex(data);
  const split = splitIndex(index, 'subject-independent');
  const heldOutPeople = new Set(split.test.map((i) => i.subject)).size;
  let net: FaceRecognitionNet | null = null;
  try {
    net = await loadFaceNet('');
    const options = { imageSize: benchmark.size, faceNet: net };
    console.log(`scoring the baselines on ${split.test.length} held-out pairs of ${heldOutPeople} people`);
    const rows: ResultRow[] = [];
    const mean = await meanFaceBaseline(split.train, benchmark.size);
    const meanEval = await evaluateFaceSource((ears) => tileFace(mean, ears.shape[0]), split.test, options);
    rows.push({ label: 'mean face', kind: 'baseline', summary: meanEval.evaluation.summary, source: `the pixel mean of the ${split.train.length} training faces, the same face for every ear.` });
    const nearest = await nearestEarBaseline(split.train, split.test, benchmark.size, { k: 1 });
    try {
      const nearestEval = await evaluateFaceSource((ears, first) => nearest.faces.slice([first, 0, 0, 0], [ears.shape[0], -1, -1, -1]), split.test, options);
      rows.push({ label: 'nearest ear', kind: 'baseline', summary: nearestEval.evaluation.summary, source: 'the face of the training pair whose ear is nearest to the test ear (L2 over pixels).' });
    } finally {
      nearest.faces.dispose();
    }

    const ceiling = await otherPictureFaces(split.test, benchmark.size);
    try {
      const ceilingEval = await evaluateFaceSource((ears, first) => ceiling.slice([first, 0, 0, 0], [ears.shape[0], -1, -1, -1]), split.test, options);
      rows.push({
        label: 'real face, another picture',
        kind: 'reference',
        summary: ceilingEval.evaluation.summary,
        source: "not a method: each probe is the real face of the same person's next picture, so the row shows how far the face network and pixels can tell these people apart at all.",
      });
    } finally {
      ceiling.dispose();
    }

    const status = sweepStatus(sweepDir);
    const trainSeconds: Record<string, number> = {};
    let ear2faceDir: string | null = null;
    for (const trial of status.trials) {
      if (trial.final === null) throw new Error(`trial ${trial.name} (${trial.dir}) has no final.json; rerun to finish it`);
      const run = resolveRunSpec(JSON.parse(readFileSync(join(trial.dir, 'trial.json'), 'utf8')), join(trial.dir, 'trial.json'));
      const label = rowLabel(run.weights);
      if (label === 'Ear2Face (all four terms)') ear2faceDir = trial.dir;
      trainSeconds[label] = trial.final.trainSeconds;
      const w = run.weights;
      rows.push({
        label,
        kind: 'trained',
        summary: trial.final.summary,
        source:
          `run folder \`${trial.name}\`; λ adv ${w.adv}, L1 ${w.l1}, feature ${w.feature}, style ${w.style}; ${run.steps} steps, batch ${run.batchSize}, ` +
          `${run.imageSize}², ngf ${run.ngf}, ndf ${run.ndf}, ${run.norm} norm, ${run.ganMode} GAN loss, Adam lr ${run.lr} (β1 ${run.beta1}) constant for half the steps then linearly to 0, seed ${run.seed}.`,
      });
    }

    let shipped;
    if (f.ship !== undefined && ear2faceDir !== null) {
      const ckpt = await latestCheckpoint(ear2faceDir);
      if (ckpt === null) throw new Error(`${ear2faceDir}: no checkpoint to ship`);
      const trainer = await loadForInference(ckpt, null);
      const shipPath = resolve(f.ship);
      mkdirSync(dirname(shipPath), { recursive: true });
      const row = rows.find((r) => r.label === 'Ear2Face (all four terms)')!;
      let bytes: number;
      try {
        ({ bytes } = await saveGenerator(trainer, shipPath, {
          dtype: 'float16',
          meta: JSON.parse(JSON.stringify({ label: row.label, benchmark, heldOutPairs: split.test.length, summary: row.summary, trainedWith: JSON.parse(readFileSync(join(ear2faceDir, 'trial.json'), 'utf8')) })),
        }));
      } finally {
        trainer.dispose();
      }
      const loaded = await loadGenerator(shipPath);
      try {
        const again = await evaluateGenerator(loaded.generator, split.test, options);
        shipped = { path: f.ship, megabytes: bytes / 1e6, label: row.label, summary: again.evaluation.summary };
      } finally {
        loaded.generator.dispose();
      }
      console.log(`shipped: ${shipPath} (${(bytes / 1e6).toFixed(1)} MB)`);
    }

    // Baselines first, then the trained models, then what real faces reach.
    const order = { baseline: 0, trained: 1, reference: 2 };
    rows.sort((a, b) => order[a.kind] - order[b.kind]);
    const results = resolve(f.results ?? join(out, 'RESULTS.md'));
    mkdirSync(dirname(results), { recursive: true });
    const commandLine = f.smoke ? `ear2face results --smoke --out ${f.out}` : 'npm run reference';
    writeFileSync(
      results,
      resultsDocument({
        command: commandLine,
        benchmark,
        heldOutPeople,
        heldOutPairs: split.test.length,
        rows,
        trainSeconds,
        machine: `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; tfjs ${backend.name} backend; trials ${f.parallel} at a time, one wasm thread each`,
        shipped,
        notes: existsSync(join(f.reference, 'notes.md')) ? readFileSync(join(f.reference, 'notes.md'), 'utf8') : undefined,
      }),
    );
    console.log(`results: ${results} (${((Date.now() - started) / 60000).toFixed(1)} min for this command)`);
    return 0;
  } finally {
    net?.dispose();
  }
}
