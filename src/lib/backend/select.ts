/**
 * Which tfjs engine runs, decided in one place: `@tensorflow/tfjs-node-gpu`, then
 * `@tensorflow/tfjs-node`, then wasm with the project's training kernels, then the pure-JS cpu
 * backend (far too slow to train). The native packages are optional peer dependencies.
 */
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { execFileSync } from 'node:child_process';
import { tf } from './tf';
import { registerWasmTrainingKernels } from './wasm/register';
import { enableWasmThreads, wasmThreadsInUse, MAX_WASM_THREADS } from './threads/wasm_threads';

/** User-facing engine names, in the order `auto` tries them. */
export const BACKEND_NAMES = ['node-gpu', 'node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export type BackendChoice = BackendName | 'auto';

/** Environment variable that overrides the choice when no option is given. */
export const BACKEND_ENV_VAR = 'EAR2FACE_BACKEND';
/** Environment variable for the wasm thread count when no option is given. */
export const THREADS_ENV_VAR = 'EAR2FACE_WASM_THREADS';

export interface BackendReport {
  /** The engine that runs. */
  name: BackendName;
  /** tfjs's own backend name (`tensorflow`, `wasm`, `cpu`). */
  tfBackend: string;
  /** Why each engine tried before it was skipped. */
  skipped: { name: BackendName; reason: string }[];
  /** Where the choice came from. */
  source: 'option' | 'environment' | 'auto';
  /** XNNPACK threads of the wasm engine (0 for other engines). */
  threads: number;
}

export interface InitBackendOptions {
  backend?: BackendChoice;
  /** Print the report (default false; the CLI prints it). */
  log?: boolean;
  /**
   * Threads for the wasm engine (default: `EAR2FACE_WASM_THREADS`, else the machine's cores, at most
   * 8). Fixed once the wasm engine has started. Use 1 when several processes share the machine.
   */
  threads?: number;
}

/** What each engine needs; the reason string is shown to the user. */
interface Probe {
  available(): string | null;
  activate(): Promise<void>;
  tfBackend: string;
}

const NODE_INSTALL = 'npm install @tensorflow/tfjs-node@4.22.0';
const GPU_INSTALL = 'npm install @tensorflow/tfjs-node-gpu@4.22.0';

/** Shared-library folders the dynamic loader searches. */
function libraryDirs(): string[] {
  const dirs = (process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean);
  dirs.push('/usr/local/cuda/lib64', '/usr/local/cuda-11.2/lib64', '/usr/lib/x86_64-linux-gnu', '/usr/lib64', '/usr/lib');
  return dirs;
}

/** Whether a shared library whose file name starts with `prefix` is visible to the loader. */
export function hasSharedLibrary(prefix: string, dirs: string[] = libraryDirs()): boolean {
  for (const d of dirs) {
    try {
      if (readdirSync(d).some((f) => f.startsWith(prefix))) return true;
    } catch {
      // missing folder: keep looking
    }
  }
  try {
    return execFileSync('ldconfig', ['-p'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes(prefix);
  } catch {
    return false;
  }
}

function isInstalled(pkg: string): boolean {
  try {
    require.resolve(`${pkg}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/** Why the GPU engine cannot run here, or null. tfjs-node-gpu 4.22 wraps libtensorflow 2.9.1: CUDA 11.2 + cuDNN 8.1. */
export function gpuUnavailableReason(installed: boolean, hasLib: (prefix: string) => boolean): string | null {
  if (!installed) return `not installed (${GPU_INSTALL}; needs CUDA 11.2 + cuDNN 8.1)`;
  const missing = ['libcudart.so.11', 'libcudnn.so.8'].filter((lib) => !hasLib(lib));
  if (missing.length > 0) {
    return `${missing.join(' and ')} not found: tfjs-node-gpu 4.22 needs CUDA 11.2 + cuDNN 8.1 (with other CUDA versions it silently runs on the CPU)`;
  }
  return null;
}

const probes: Record<BackendName, Probe> = {
  'node-gpu': {
    tfBackend: 'tensorflow',
    available: () => gpuUnavailableReason(isInstalled('@tensorflow/tfjs-node-gpu'), (p) => hasSharedLibrary(p)),
    activate: async () => {
      require('@tensorflow/tfjs-node-gpu');
    },
  },
  node: {
    tfBackend: 'tensorflow',
    available: () => (isInstalled('@tensorflow/tfjs-node') ? null : `not installed (${NODE_INSTALL})`),
    activate: async () => {
      require('@tensorflow/tfjs-node');
    },
  },
  wasm: {
    tfBackend: 'wasm',
    available: () => (typeof WebAssembly === 'object' ? null : 'WebAssembly is not available in this runtime'),
    activate: async () => {
      registerWasmTrainingKernels();
    },
  },
  cpu: {
    tfBackend: 'cpu',
    available: () => null,
    activate: async () => {
      console.warn(
        'ear2face: WARNING — running on the pure-JavaScript cpu backend. It is ~200x slower than PyTorch ' +
          'and far too slow to train; use it for tests and tiny inference only.',
      );
    },
  },
};

/** The wasm thread count asked for by the option or the environment, checked. */
export function resolveWasmThreads(option: number | undefined, env: string | undefined = process.env[THREADS_ENV_VAR]): number {
  const where = option !== undefined ? 'the threads option' : `the ${THREADS_ENV_VAR} environment variable`;
  const value = option ?? (env !== undefined && env.trim() !== '' ? Number(env) : Math.min(availableParallelism(), MAX_WASM_THREADS));
  if (!Number.isInteger(value) || value < 1 || value > MAX_WASM_THREADS) {
    throw new Error(`Bad wasm thread count ${JSON.stringify(option ?? env)} in ${where}: expected an integer from 1 to ${MAX_WASM_THREADS}`);
  }
  return value;
}

/** Parses a backend name from an option or the environment, with a clear error. */
export function parseBackendChoice(value: string, where: string): BackendChoice {
  const v = value.trim().toLowerCase();
  if (v === 'auto' || (BACKEND_NAMES as readonly string[]).includes(v)) return v as BackendChoice;
  throw new Error(`Unknown backend ${JSON.stringify(value)} in ${where}: expected one of auto, ${BACKEND_NAMES.join(', ')}`);
}

let current: BackendReport | null = null;

/**
 * Picks and starts the tfjs engine. Order under `auto`: node-gpu → node → wasm → cpu. The option
 * wins over the `EAR2FACE_BACKEND` environment variable, which wins over `auto`.
 *
 * @example
 * const report = await initBackend();          // e.g. { name: 'wasm', tfBackend: 'wasm', skipped: [...] }
 * await initBackend({ backend: 'cpu' });       // force the reference backend
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendReport> {
  let choice: BackendChoice = 'auto';
  let source: BackendReport['source'] = 'auto';
  if (options.backend !== undefined) {
    choice = parseBackendChoice(options.backend, 'the backend option');
    source = 'option';
  } else if (process.env[BACKEND_ENV_VAR]) {
    choice = parseBackendChoice(process.env[BACKEND_ENV_VAR]!, `the ${BACKEND_ENV_VAR} environment variable`);
    source = 'environment';
  }

  const threads = resolveWasmThreads(options.threads);
  const order: BackendName[] = choice === 'auto' ? [...BACKEND_NAMES] : [choice];
  const skipped: BackendReport['skipped'] = [];
  for (const name of order) {
    const probe = probes[name];
    const reason = probe.available();
    if (reason !== null) {
      if (choice !== 'auto') throw new Error(`Backend '${name}' was requested but cannot run: ${reason}`);
      skipped.push({ name, reason });
      continue;
    }
    try {
      if (name === 'wasm' && !wasmStarted()) enableWasmThreads(threads);
      await probe.activate();
      const ok = await tf.setBackend(probe.tfBackend);
      if (!ok) throw new Error(`tf.setBackend('${probe.tfBackend}') returned false`);
      await tf.ready();
    } catch (e) {
      const why = `failed to start: ${(e as Error).message}`;
      if (choice !== 'auto') throw new Error(`Backend '${name}' was requested but ${why}`);
      skipped.push({ name, reason: why });
      continue;
    }
    current = { name, tfBackend: probe.tfBackend, skipped, source, threads: name === 'wasm' ? wasmThreadsInUse() : 0 };
    if (options.log) console.log(describeBackend(current));
    return current;
  }
  throw new Error(`No tfjs backend could start: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}

function wasmStarted(): boolean {
  return 'wasm' in tf.engine().registry;
}

/** The report of the last `initBackend`, or null before it ran. */
export function activeBackend(): BackendReport | null {
  return current;
}

/** One readable paragraph: what runs and why the others were skipped. */
export function describeBackend(r: BackendReport): string {
  const threads = r.name === 'wasm' ? `, ${r.threads} thread${r.threads === 1 ? '' : 's'}` : '';
  const lines = [`backend: ${r.name} (tfjs '${r.tfBackend}'${threads}, chosen by ${r.source})`];
  for (const s of r.skipped) lines.push(`  skipped ${s.name}: ${s.reason}`);
  return lines.join('\n');
}

