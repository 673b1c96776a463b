/**
 * What a training run leaves besides checkpoints and metrics: the sample grid of held-out people
 * and, once the last step is done, final.json with their evaluation.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from '../lib/backend/tf';
import { createPairLoader } from '../lib/data/loader';
import type { PairItem } from '../lib/data/pair_item';
import { batchToRgbs, composeGrid, writePng } from '../lib/data/image_io';
import { evaluateGenerator, generateFaces } from '../lib/eval/evaluate_generator';
import type { FeatureExtractor } from '../lib/face/extractor';
import type { Network } from '../lib/models/network';
import { lastTermsOf, readMetricsLog, trainSecondsOf } from '../lib/runs/metrics_log';
import { RUN_FILES, sampleFileName, type FinalMetrics } from '../lib/runs/run_files';

/**
 * Writes `dir`/samples-<step>.png: one row per held-out person (their first pair), ear | generated
 * | real, generated with noise seed 0. Returns the file's path.
 *
 * @example
 * await writeSampleGrid(trainer.generator, split.test, { imageSize: 64, count: 6, step: 300, dir: 'runs/demo' });
 */
export async function writeSampleGrid(
  generator: Network,
  heldOut: readonly PairItem[],
  o: { imageSize: number; count: number; step: number; dir: string },
): Promise<string> {
  return writePeopleGrid(generator, heldOut, { imageSize: o.imageSize, count: o.count, path: join(o.dir, sampleFileName(o.step)) });
}

/**
 * Writes the PNG `path`: one row per person among `items` (their first pair, up to `count`
 * people), ear | generated | real, generated with noise seed 0. Returns `path`.
 *
 * @example
 * await writePeopleGrid(generator, split.test, { imageSize: 64, count: 8, path: 'runs/demo/grid.png' });
 */
export async function writePeopleGrid(generator: Network, items: readonly PairItem[], o: { imageSize: number; count: number; path: string }): Promise<string> {
  const firstOfEach = new Map<string, PairItem>();
  for (const item of items) if (!firstOfEach.has(item.subject)) firstOfEach.set(item.subject, item);
  const shown = [...firstOfEach.values()].slice(0, o.count);
  const loader = createPairLoader(shown, { imageSize: o.imageSize, mode: 'eval', batchSize: shown.length });
  const rows = [];
  try {
    for await (const batch of loader) {
      const fake = generateFaces(generator, batch.ear, 0);
      const [ears, fakes, faces] = [batchToRgbs(batch.ear), batchToRgbs(fake), batchToRgbs(batch.face)];
      tf.dispose([batch.ear, batch.face, fake]);
      for (let i = 0; i < ears.length; i++) rows.push([ears[i], fakes[i], faces[i]]);
    }
  } finally {
    await loader.close();
  }
  await writePng(composeGrid(rows), o.path);
  return o.path;
}

/**
 * Writes `value` as indented JSON through a temporary file and a rename (readers never see half a file).
 *
 * @example
 * writeJsonFile('runs/demo/final.json', final);
 */
export function writeJsonFile(path: string, value: unknown): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Evaluates the generator on every held-out pair (descriptor-space numbers when `faceNet` is
 * given), adds the last terms and the training time from metrics.jsonl, and writes final.json
 * atomically. Returns what it wrote.
 *
 * @example
 * const final = await writeFinalMetrics({ generator: trainer.generator, step: 300, heldOut: split.test, imageSize: 64, faceNet: net, dir: 'runs/demo' });
 * final.summary.rank1;   // e.g. 0.4
 */
export async function writeFinalMetrics(o: {
  generator: Network;
  step: number;
  heldOut: readonly PairItem[];
  imageSize: number;
  faceNet: FeatureExtractor | null;
  dir: string;
  onProgress?: (done: number, total: number) => void;
}): Promise<FinalMetrics> {
  const { evaluation } = await evaluateGenerator(o.generator, o.heldOut, { imageSize: o.imageSize, faceNet: o.faceNet ?? undefined, onProgress: o.onProgress });
  const { records } = readMetricsLog(join(o.dir, RUN_FILES.metrics));
  const final: FinalMetrics = {
    step: o.step,
    trainSeconds: trainSecondsOf(records),
    evaluatedOn: 'held-out',
    summary: evaluation.summary,
    lastTerms: lastTermsOf(records),
  };
  writeJsonFile(join(o.dir, RUN_FILES.final), final);
  return final;
}
