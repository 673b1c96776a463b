/** The benchmark's outputs: a table for people and one JSON line per size for machines. */

/** One size's figures; the first ten fields are exactly the JSON line (null: not measured). */
export interface BenchRow {
  size: number;
  backend: string;
  /** null when the step failed on our backend. */
  msPerStep: number | null;
  torchMsPerStep: number | null;
  /** msPerStep / torchMsPerStep: below 1 means faster than PyTorch. */
  ratio: number | null;
  /** Analytic FLOPs of one train step / seconds per step, in GFLOP/s. */
  gflopsPerSec: number | null;
  inferImgPerSec: number | null;
  torchInferImgPerSec: number | null;
  /** The full Ear2Face step (adv + L1 + feature + style through the face network), ms. */
  ear2faceMsPerStep: number | null;
  /** ear2faceMsPerStep / msPerStep − 1: what the face network and its two terms add to a pix2pix step. */
  faceNetOverhead: number | null;
  /** Table only. */
  stepGflop: number;
  tensorsAfterWarmup: number | null;
  tensorsAfterSteps: number | null;
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));
const roundOrNull = (x: number | null, digits: number): number | null => (x === null ? null : round(x, digits));

/**
 * Builds a row from the raw figures, rounded for printing.
 *
 * @example
 * makeRow({ size: 256, backend: 'wasm', msPerStep: 8700, torchMsPerStep: 7260, stepFlops: 86.9e9,
 *   inferImgPerSec: 0.8, torchInferImgPerSec: 0.69, ear2faceMsPerStep: 9600, tensorsAfterWarmup: 200, tensorsAfterSteps: 200 }).ratio;
 * // 1.198
 */
export function makeRow(r: {
  size: number; backend: string; msPerStep: number | null; torchMsPerStep: number | null; stepFlops: number;
  inferImgPerSec: number | null; torchInferImgPerSec: number | null; ear2faceMsPerStep: number | null;
  tensorsAfterWarmup: number | null; tensorsAfterSteps: number | null;
}): BenchRow {
  const ms = r.msPerStep;
  return {
    size: r.size,
    backend: r.backend,
    msPerStep: roundOrNull(ms, 1),
    torchMsPerStep: roundOrNull(r.torchMsPerStep, 1),
    ratio: ms === null || r.torchMsPerStep === null ? null : round(ms / r.torchMsPerStep, 3),
    gflopsPerSec: ms === null ? null : round(r.stepFlops / 1e9 / (ms / 1000), 2),
    inferImgPerSec: roundOrNull(r.inferImgPerSec, 3),
    torchInferImgPerSec: roundOrNull(r.torchInferImgPerSec, 3),
    ear2faceMsPerStep: roundOrNull(r.ear2faceMsPerStep, 1),
    faceNetOverhead: ms === null || r.ear2faceMsPerStep === null ? null : round(r.ear2faceMsPerStep / ms - 1, 3),
    stepGflop: round(r.stepFlops / 1e9, 1),
    tensorsAfterWarmup: r.tensorsAfterWarmup,
    tensorsAfterSteps: r.tensorsAfterSteps,
  };
}

/**
 * The machine-readable line, with exactly these keys in this order.
 *
 * @example
 * jsonLine(row);  // '{"size":256,"backend":"wasm","msPerStep":8700,"torchMsPerStep":7260,"ratio":1.198,...,"faceNetOverhead":0.103}'
 */
export function jsonLine(row: BenchRow): string {
  const { size, backend, msPerStep, torchMsPerStep, ratio, gflopsPerSec, inferImgPerSec, torchInferImgPerSec, ear2faceMsPerStep, faceNetOverhead } = row;
  return JSON.stringify({ size, backend, msPerStep, torchMsPerStep, ratio, gflopsPerSec, inferImgPerSec, torchInferImgPerSec, ear2faceMsPerStep, faceNetOverhead });
}

const show = (x: number | null, digits: number): string => (x === null ? '—' : x.toFixed(digits));

/**
 * A fixed-width table, one line per size.
 *
 * @example
 * console.log(formatTable(rows));
 */
export function formatTable(rows: BenchRow[]): string {
  const header = ['size', 'backend', 'ms/step', 'torch ms/step', 'ratio', 'GFLOP/step', 'GFLOP/s', 'infer img/s', 'torch img/s', 'Ear2Face ms/step', 'face net +', 'tensors'];
  const body = rows.map((r) => [
    `${r.size}²`,
    r.backend,
    show(r.msPerStep, 0),
    show(r.torchMsPerStep, 0),
    show(r.ratio, 2),
    show(r.stepGflop, 1),
    show(r.gflopsPerSec, 2),
    show(r.inferImgPerSec, 3),
    show(r.torchInferImgPerSec, 3),
    show(r.ear2faceMsPerStep, 0),
    r.faceNetOverhead === null ? '—' : `${(r.faceNetOverhead * 100).toFixed(1)}%`,
    r.tensorsAfterSteps === null ? '—'
      : r.tensorsAfterWarmup === r.tensorsAfterSteps ? `${r.tensorsAfterSteps} (stable)`
      : `${r.tensorsAfterWarmup}→${r.tensorsAfterSteps} LEAK`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
