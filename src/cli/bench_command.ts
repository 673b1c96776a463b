/**
 * `ear2face bench`: the training-speed benchmark of `npm run bench` (src/bench/run.ts) — a full
 * pix2pix step and the Ear2Face step on the active engine, beside the identical network in
 * PyTorch CPU when it is installed.
 */
import { DEFAULT_BENCH_OPTIONS as D, parseBenchArgs } from '../bench/args';
import { benchMain } from '../bench/run';
import { UsageError } from './args';

const command = 'ear2face bench';

export const benchHelp = `usage: ${command} [options]

Time one full training step (U-Net + PatchGAN, batch 1, Adam) per image size on the active engine and,
in the same run, the identical network in PyTorch CPU (Debian: apt-get install python3-torch); then the
full Ear2Face step (feature and style terms through the face network) and the data loader. Progress goes
to stderr; a table and one JSON line per size to stdout. Exit code 1 when a problem was found.

options:
  --sizes LIST       image sizes, comma-separated from 64, 128, 256 (default ${D.sizes.join(',')})
  --steps N          timed steps per size; the median is reported (default ${D.steps})
  --warmup N         untimed steps first (default ${D.warmup})
  --infer N          timed generator forward passes per size (default ${D.infer})
  --width N          ngf = ndf; 64 is pix2pix, smaller widths skip PyTorch (default ${D.width})
  --backend NAME     node-gpu, node, wasm or cpu (default ${D.backend})
  --python PATH      Python interpreter with torch (default ${D.python})
  --no-torch         skip the PyTorch anchor
  --no-ear2face      skip the Ear2Face step
  --no-data          skip the data-loader measurement
  --help             show this help`;

/**
 * Runs `ear2face bench` with `argv` (the arguments after 'bench'); returns the exit code.
 *
 * @example
 * await benchCommand(['--sizes', '64', '--width', '8', '--no-torch']);   // 0, after printing the table
 */
export async function benchCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(benchHelp);
    return 0;
  }
  try {
    parseBenchArgs(argv);
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message} (see ${command} --help)`);
  }
  const before = process.exitCode;
  process.exitCode = 0;
  await benchMain(argv);
  const failed = process.exitCode !== 0 && process.exitCode !== undefined;
  process.exitCode = before;
  return failed ? 1 : 0;
}
