/** Command-line options of `npm run bench`. */
import { BackendChoice, parseBackendChoice } from '../lib/backend/select';

export interface BenchOptions {
  /** Image sides to time, in order. */
  sizes: number[];
  /** Timed training steps per size (the median is reported). */
  steps: number;
  /** Untimed steps before timing (the first steps pack weights and grow the memory pool). */
  warmup: number;
  /** Timed generator forwards per size. */
  infer: number;
  backend: BackendChoice;
  /** Interpreter that has torch (Debian's python3-torch lives under /usr/bin/python3). */
  python: string;
  /** Skip the PyTorch anchor. */
  torch: boolean;
  /** ngf = ndf; 64 is pix2pix. Smaller widths are for quick smoke runs and skip the anchor. */
  width: number;
  /** Also time the full Ear2Face step (all four terms through the face network). */
  ear2face: boolean;
  /** Also time the data loader (decode + jitter of 256² PNG pairs) against the training-step rate. */
  data: boolean;
}

/** Sized so that 128² and 256² on wasm plus the PyTorch anchor finish in well under 15 min on 2 cores. */
export const DEFAULT_BENCH_OPTIONS: BenchOptions = {
  sizes: [128, 256],
  steps: 4,
  warmup: 2,
  infer: 5,
  backend: 'wasm',
  python: '/usr/bin/python3',
  torch: true,
  width: 64,
  ear2face: true,
  data: true,
};

const ALLOWED_SIZES = [64, 128, 256];

function count(flag: string, value: string | undefined, min: number): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < min) {
    throw new Error(`${flag}: expected an integer >= ${min}, got ${JSON.stringify(value ?? '')}`);
  }
  return n;
}

/**
 * Parses `--sizes 128,256 --steps N --warmup N --infer N --backend NAME --python PATH --no-torch
 * --width N --no-ear2face --no-data` (also `--flag=value`).
 *
 * @example
 * parseBenchArgs(['--sizes', '128', '--steps', '3']);
 * // { sizes: [128], steps: 3, warmup: 2, infer: 5, backend: 'wasm', python: '/usr/bin/python3', torch: true, width: 64, ear2face: true, data: true }
 */
export function parseBenchArgs(argv: string[]): BenchOptions {
  const o: BenchOptions = { ...DEFAULT_BENCH_OPTIONS, sizes: [...DEFAULT_BENCH_OPTIONS.sizes] };
  for (let i = 0; i < argv.length; i++) {
    let flag = argv[i];
    let value: string | undefined;
    const eq = flag.indexOf('=');
    if (flag.startsWith('--') && eq > 0) {
      value = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    }
    const next = (): string | undefined => (value !== undefined ? value : argv[++i]);
    switch (flag) {
      case '--sizes': {
        const raw = next();
        const sizes = (raw ?? '').split(',').filter(Boolean).map(Number);
        if (sizes.length === 0 || sizes.some((s) => !ALLOWED_SIZES.includes(s))) {
          throw new Error(`--sizes: expected a comma-separated list of ${ALLOWED_SIZES.join('/')}, got ${JSON.stringify(raw ?? '')}`);
        }
        o.sizes = sizes;
        break;
      }
      case '--steps':
        o.steps = count(flag, next(), 1);
        break;
      case '--warmup':
        o.warmup = count(flag, next(), 0);
        break;
      case '--infer':
        o.infer = count(flag, next(), 1);
        break;
      case '--backend':
        o.backend = parseBackendChoice(next() ?? '', 'the --backend option');
        break;
      case '--python': {
        const p = next();
        if (!p) throw new Error('--python: expected the path of a Python interpreter, got ""');
        o.python = p;
        break;
      }
      case '--width':
        o.width = count(flag, next(), 1);
        break;
      case '--no-torch':
        o.torch = false;
        break;
      case '--no-ear2face':
        o.ear2face = false;
        break;
      case '--no-data':
        o.data = false;
        break;
      default:
        throw new Error(`Unknown argument ${JSON.stringify(argv[i])}: expected --sizes, --steps, --warmup, --infer, --backend, --python, --width, --no-torch, --no-ear2face or --no-data`);
    }
  }
  return o;
}
