/** Runs `bench/torch_pix2pix.py`, the PyTorch CPU anchor, as a child process. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const TORCH_INSTALL = 'sudo apt-get install python3-torch';
export const OPENBLAS_INSTALL = 'sudo apt-get install libopenblas0-pthread';

/** The script ships in the package's top-level bench/ folder (dist/bench/ → ../../bench/). */
export const TORCH_SCRIPT = resolve(__dirname, '..', '..', 'bench', 'torch_pix2pix.py');

/** What the script prints, one JSON line per run. */
export interface TorchResult {
  size: number;
  msPerStep: number;
  inferImgPerSec: number;
  torch: string;
  threads: number;
  /** Path of the BLAS library torch loaded, or "unknown". */
  blas?: string;
}

/**
 * Whether torch runs on Debian's reference (netlib) BLAS, which makes its transposed convs and
 * conv gradients several times slower than with OpenBLAS (measured here: 128² step 5.8 s → 1.4 s,
 * 256² 19.1 s → 3.2 s), so the anchor would be far too easy to beat.
 *
 * @example
 * isReferenceBlas('/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0');            // true
 * isReferenceBlas('/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3');      // false
 */
export function isReferenceBlas(path: string | undefined): boolean {
  return path !== undefined && path.includes('/blas/libblas.so');
}

/**
 * The torch version importable by `python`, or null with the reason it is not.
 *
 * @example
 * torchVersion('/usr/bin/python3');  // { version: '1.13.0a0' } or { reason: '...' }
 */
export function torchVersion(python: string): { version: string } | { reason: string } {
  const r = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (r.error) return { reason: `cannot run ${python}: ${r.error.message}` };
  if (r.status !== 0) return { reason: `torch is not importable by ${python} (install it with: ${TORCH_INSTALL})` };
  return { version: r.stdout.trim() };
}

/**
 * Parses the script's output: the last line that is a JSON object with the expected fields.
 *
 * @example
 * parseTorchOutput('{"size":128,"msPerStep":2070,"inferImgPerSec":2.5,"torch":"1.13.0","threads":2}\n');
 * // { size: 128, msPerStep: 2070, inferImgPerSec: 2.5, torch: '1.13.0', threads: 2 }
 */
export function parseTorchOutput(stdout: string): TorchResult {
  const lines = stdout.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('{'));
  const last = lines[lines.length - 1];
  if (last === undefined) throw new Error(`torch output: expected a JSON line, got ${JSON.stringify(stdout.slice(-200))}`);
  const o = JSON.parse(last) as Partial<TorchResult>;
  for (const k of ['size', 'msPerStep', 'inferImgPerSec', 'threads'] as const) {
    if (typeof o[k] !== 'number' || !Number.isFinite(o[k])) {
      throw new Error(`torch output: expected a number in field ${k}, got ${JSON.stringify(o[k])}`);
    }
  }
  if (typeof o.torch !== 'string') throw new Error(`torch output: expected a string in field torch, got ${JSON.stringify(o.torch)}`);
  if (o.blas !== undefined && typeof o.blas !== 'string') throw new Error(`torch output: expected a string in field blas, got ${JSON.stringify(o.blas)}`);
  return o as TorchResult;
}

/**
 * Times the same training step in PyTorch (blocking; run it when nothing else is timed).
 *
 * @example
 * runTorchAnchor('/usr/bin/python3', 128, 4, 2).msPerStep;  // ≈ 2000 on 2 cores
 */
export function runTorchAnchor(python: string, size: number, steps: number, warmup: number, infer = 5): TorchResult {
  if (!existsSync(TORCH_SCRIPT)) throw new Error(`torch script not found at ${TORCH_SCRIPT}`);
  const args = [TORCH_SCRIPT, '--size', String(size), '--steps', String(steps), '--warmup', String(warmup), '--infer', String(infer)];
  const r = spawnSync(python, args, { encoding: 'utf8', maxBuffer: 1 << 20, timeout: 60 * 60 * 1000 });
  if (r.error) throw new Error(`${python} ${args.join(' ')} failed: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${python} ${args.join(' ')} exited with ${r.status}: ${r.stderr.trim().slice(-500)}`);
  return parseTorchOutput(r.stdout);
}
