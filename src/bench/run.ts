/**
 * `npm run bench`: one full pix2pix training step (G + D, GAN + 100·L1, batch 1, Adam) timed on
 * the active tfjs backend and, in the same run, the identical network in PyTorch CPU
 * (bench/torch_pix2pix.py); then the full Ear2Face step (the same plus the feature and style terms
 * through the face network), reported as its overhead over the pix2pix step. Prints progress to
 * stderr, then a table and one JSON line per size.
 *
 * @example
 * // node dist/bench/run.js --sizes 128,256 --steps 4 --warmup 2 --backend wasm
 * // {"size":256,"backend":"wasm","msPerStep":…,"torchMsPerStep":…,"ratio":…,"gflopsPerSec":…,"inferImgPerSec":…,"torchInferImgPerSec":…}
 */
import { loadavg } from 'node:os';
import { tf } from '../lib/backend/tf';
import { describeBackend, initBackend } from '../lib/backend/select';
import { Trainer } from '../lib/train/trainer';
import { createEar2FaceTrainer, EAR2FACE_WEIGHTS } from '../lib/train/ear2face';
import { loadFaceRecognitionNet, type FaceRecognitionNet } from '../lib/face/face_recognition_net';
import type { TrainConfig } from '../lib/train/config';
import { BenchOptions, parseBenchArgs } from './args';
import { trainStepFlops } from './flops';
import { discriminatorLayers, generatorLayers, parameterCount } from './layers';
import { measure, Measurement } from './measure';
import { measureDataThroughput, type DataThroughput } from './data_throughput';
import { BenchRow, formatTable, jsonLine, makeRow } from './report';
import { isReferenceBlas, OPENBLAS_INSTALL, runTorchAnchor, TORCH_INSTALL, TorchResult, torchVersion } from './torch_anchor';

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** Warns when the architecture built by the library is not the one PyTorch times. */
function checkArchitecture(trainer: Trainer, size: number, width: number): string[] {
  const problems: string[] = [];
  const g = trainer.generator.parameterCount();
  const d = trainer.discriminator.parameterCount();
  const gRef = parameterCount(generatorLayers(size, width));
  const dRef = parameterCount(discriminatorLayers(size, width));
  if (g !== gRef) problems.push(`${size}²: generator has ${g} parameters, the PyTorch anchor ${gRef}`);
  if (d !== dRef) problems.push(`${size}²: discriminator has ${d} parameters, the PyTorch anchor ${dRef}`);
  return problems;
}

/** The settings bench/torch_pix2pix.py uses, spelled out so a change of the library's defaults cannot silently change what is compared. */
function comparedConfig(size: number, width: number): Partial<TrainConfig> {
  return {
    imageSize: size as 64 | 128 | 256,
    ngf: width,
    ndf: width,
    norm: 'batch',
    ganMode: 'vanilla',
    weights: { adv: 1, l1: 100 },
    lr: 2e-4,
    beta1: 0.5,
    beta2: 0.999,
    batchSize: 1,
    seed: 1,
  };
}

/**
 * Times one size on the active backend; a failure (e.g. a diverged step) becomes a problem line
 * and null figures, so the anchor and the other sizes still run.
 */
function timeBackend(label: string, trainer: Trainer, size: number, opts: BenchOptions, problems: string[]): Measurement | null {
  let m: Measurement;
  try {
    m = measure(trainer, { imageSize: size, steps: opts.steps, warmup: opts.warmup, infer: opts.infer, log: (line) => log(`${label} ${line}`) });
  } catch (e) {
    problems.push(`${size}²: the ${opts.backend} ${label} step failed: ${(e as Error).message}`);
    return null;
  } finally {
    trainer.dispose();
  }
  if (m.tensorsAfterSteps !== m.tensorsAfterWarmup) {
    problems.push(`${size}²: ${label}: tf.memory().numTensors went from ${m.tensorsAfterWarmup} after warmup to ${m.tensorsAfterSteps} after ${opts.steps} steps (a leak)`);
  }
  if (m.tensorsAfterInfer !== m.tensorsAfterSteps) {
    problems.push(`${size}²: ${label}: generator inference left ${m.tensorsAfterInfer - m.tensorsAfterSteps} tensors behind`);
  }
  return m;
}

/**
 * Runs the benchmark with command-line arguments `argv` (see {@link parseBenchArgs}): progress on
 * stderr, the table and JSON lines on stdout. Sets `process.exitCode` to 1 when a problem was found.
 *
 * @example
 * await benchMain(['--sizes', '64', '--width', '8', '--steps', '2', '--no-torch', '--no-data']);
 */
export async function benchMain(argv: string[]): Promise<void> {
  const opts = parseBenchArgs(argv);
  const backend = await initBackend({ backend: opts.backend });
  log(describeBackend(backend));

  let torchReady = opts.torch;
  if (opts.torch && opts.width !== 64) {
    torchReady = false;
    log(`PyTorch anchor skipped: it times pix2pix's width 64, not --width ${opts.width}`);
  } else if (opts.torch) {
    const v = torchVersion(opts.python);
    if ('reason' in v) {
      torchReady = false;
      log(`PyTorch anchor skipped: ${v.reason}. Install it with: ${TORCH_INSTALL}`);
    } else {
      log(`PyTorch anchor: torch ${v.version} via ${opts.python}`);
    }
  }
  const load = loadavg()[0];
  log(`load average ${load.toFixed(2)} on this machine before the run`);
  if (load > 0.5) {
    log('WARNING: other processes are using the CPU; timings will be slower and noisier than on an idle machine,');
    log('         PyTorch\'s 2 threads most of all (so the ratio flatters us): quote figures from an idle machine only.');
  }

  const rows: BenchRow[] = [];
  const problems: string[] = [];
  let faceNet: FaceRecognitionNet | null = null;
  if (opts.ear2face) {
    try {
      faceNet = await loadFaceRecognitionNet();
    } catch (e) {
      problems.push(`Ear2Face step not timed: ${(e as Error).message}`);
    }
  }
  let referenceBlas: string | null = null;
  for (const size of opts.sizes) {
    const pix2pix = Trainer.create(comparedConfig(size, opts.width));
    problems.push(...checkArchitecture(pix2pix, size, opts.width));
    const m = timeBackend('pix2pix', pix2pix, size, opts, problems);
    if (m !== null) {
      log(`${size}²: ${backend.name} ${(m.msPerStep / 1000).toFixed(2)} s/step pix2pix (median of ${opts.steps}); tensors ${m.tensorsAfterWarmup} → ${m.tensorsAfterSteps}; ${tf.memory().numTensors} after dispose`);
    }
    let e2f: Measurement | null = null;
    if (faceNet !== null) {
      const config = comparedConfig(size, opts.width);
      e2f = timeBackend('Ear2Face', createEar2FaceTrainer({ ...config, weights: { ...EAR2FACE_WEIGHTS } }, faceNet), size, opts, problems);
      if (e2f !== null) log(`${size}²: Ear2Face ${(e2f.msPerStep / 1000).toFixed(2)} s/step (median of ${opts.steps})`);
    }
    let torch: TorchResult | null = null;
    if (torchReady) {
      log(`${size}²: running the PyTorch anchor…`);
      try {
        torch = runTorchAnchor(opts.python, size, opts.steps, opts.warmup, opts.infer);
        log(`${size}²: torch ${torch.torch}, ${torch.threads} threads, BLAS ${torch.blas ?? 'unknown'}: ${(torch.msPerStep / 1000).toFixed(2)} s/step`);
        if (isReferenceBlas(torch.blas)) referenceBlas = torch.blas!;
      } catch (e) {
        problems.push(`${size}²: PyTorch anchor failed: ${(e as Error).message}`);
      }
    }
    rows.push(makeRow({
      size,
      backend: backend.name,
      msPerStep: m?.msPerStep ?? null,
      torchMsPerStep: torch?.msPerStep ?? null,
      stepFlops: trainStepFlops(size, opts.width, opts.width).total,
      inferImgPerSec: m?.inferImgPerSec ?? null,
      torchInferImgPerSec: torch?.inferImgPerSec ?? null,
      ear2faceMsPerStep: e2f?.msPerStep ?? null,
      tensorsAfterWarmup: m?.tensorsAfterWarmup ?? null,
      tensorsAfterSteps: m?.tensorsAfterSteps ?? null,
    }));
  }

  faceNet?.dispose();

  // The loader must outpace training: decode + jitter of 256² pairs against the slowest step timed.
  let data: DataThroughput | null = null;
  if (opts.data) {
    const slowest = rows.filter((r) => r.msPerStep !== null).sort((a, b) => b.size - a.size)[0];
    const stepMs = slowest ? slowest.ear2faceMsPerStep ?? slowest.msPerStep! : null;
    try {
      data = await measureDataThroughput({ size: 256, pairs: 150, format: 'png', stepsPerSecond: stepMs === null ? undefined : 1000 / stepMs, log });
      if (data.headroom !== null && data.headroom < 5) {
        problems.push(`data loader: ${data.pairsPerSecond.toFixed(1)} pairs/s is less than 5× the training-step rate (${(1000 / stepMs!).toFixed(2)} steps/s at ${slowest!.size}²)`);
      }
    } catch (e) {
      problems.push(`data loader benchmark failed: ${(e as Error).message}`);
    }
  }

  console.log(formatTable(rows));
  if (data !== null) {
    const headroom = data.headroom === null ? '' : `, ${data.headroom.toFixed(0)}× the training-step rate`;
    console.log(`data loader, 256² PNG pairs with jitter: ${data.imagesPerSecond.toFixed(1)} images/s (${data.pairsPerSecond.toFixed(1)} pairs/s${headroom})`);
  }
  if (!torchReady && opts.torch && opts.width === 64) console.log(`PyTorch anchor not run: install it with \`${TORCH_INSTALL}\` (Debian's /usr/bin/python3).`);
  if (referenceBlas !== null) {
    console.log(`WARNING: PyTorch ran on the reference BLAS (${referenceBlas}), several times slower than with OpenBLAS, so the ratio flatters us. Install it with \`${OPENBLAS_INSTALL}\` and run again.`);
  }
  for (const p of problems) console.log(`PROBLEM: ${p}`);
  for (const r of rows) console.log(jsonLine(r));
  if (data !== null) console.log(JSON.stringify({ data: { size: 256, imagesPerSecond: data.imagesPerSecond, pairsPerSecond: data.pairsPerSecond, headroom: data.headroom } }));
  if (problems.length > 0) process.exitCode = 1;
}

if (require.main === module) {
  benchMain(process.argv.slice(2)).catch((e: Error) => {
    console.error(`bench: ${e.message}`);
    process.exitCode = 1;
  });
}
