/**
 * Multithreaded XNNPACK for the wasm backend under Node.
 *
 * tfjs-backend-wasm ships a threaded SIMD build but turns it off in Node
 * (flag `WASM_HAS_MULTITHREAD_SUPPORT` is false when `IS_NODE`, tfjs issue #3830) because its
 * worker plumbing assumes browser Blobs. `enableWasmThreads` swaps the registered `wasm` backend
 * factory for one that turns the flag on and runs the stock initialisation with the patches of
 * init_patches.ts, so the module's pthreads become `worker_threads` workers.
 */
import { tf } from '../tf';
import { withThreadedInitPatches } from './init_patches';

/** The wasm module keeps 8 preloaded workers; more threads would need workers made later. */
export const MAX_WASM_THREADS = 8;

const BACKEND = 'wasm';
const THREADS_FLAG = 'WASM_HAS_MULTITHREAD_SUPPORT';

/** What the threaded Emscripten module exposes that is used here. */
interface ThreadedWasmModule {
  tfjs: { getThreadsCount(): number };
  PThread?: { runningWorkers: Array<{ unref(): void }> };
}

let requestedThreads = 1;
let factoryWrapped = false;

/**
 * Makes the `wasm` backend run XNNPACK on `count` threads (1 = the stock single-threaded SIMD
 * build). Call it before the wasm backend initialises (`tf.setBackend('wasm')` / `initBackend`).
 * The worker threads do not keep the process alive.
 *
 * @example
 * enableWasmThreads(2);
 * await tf.setBackend('wasm');
 * wasmThreadsInUse(); // → 2
 */
export function enableWasmThreads(count: number): void {
  if (!Number.isInteger(count) || count < 1 || count > MAX_WASM_THREADS) {
    throw new Error(`enableWasmThreads: count must be an integer from 1 to ${MAX_WASM_THREADS}, got ${count}`);
  }
  if (BACKEND in tf.engine().registry) {
    throw new Error(
      `enableWasmThreads: the wasm backend is already initialised with ${wasmThreadsInUse()} thread(s); ` +
        `call enableWasmThreads(${count}) before tf.setBackend('wasm')`,
    );
  }
  requestedThreads = count;
  if (!factoryWrapped) wrapWasmFactory();
}

/**
 * Threads the initialised wasm backend's thread pool really has, or 0 if the wasm backend has not
 * been initialised.
 *
 * @example
 * enableWasmThreads(2); await tf.setBackend('wasm');
 * wasmThreadsInUse(); // → 2
 */
export function wasmThreadsInUse(): number {
  const backend = tf.engine().registry[BACKEND] as unknown as { wasm?: ThreadedWasmModule } | undefined;
  return backend?.wasm ? backend.wasm.tfjs.getThreadsCount() : 0;
}

function wrapWasmFactory(): void {
  const entry = tf.engine().registryFactory[BACKEND];
  if (entry === undefined) {
    throw new Error(`enableWasmThreads: no '${BACKEND}' backend is registered (is tfjs-backend-wasm loaded?)`);
  }
  const { factory, priority } = entry;
  tf.removeBackend(BACKEND);
  tf.registerBackend(BACKEND, () => createBackend(factory), priority);
  factoryWrapped = true;
}

async function createBackend(stockFactory: () => tf.KernelBackend | Promise<tf.KernelBackend>): Promise<tf.KernelBackend> {
  const threads = requestedThreads;
  tf.env().set(THREADS_FLAG, threads > 1);
  if (threads === 1) return stockFactory();
  const backend = await withThreadedInitPatches(threads, stockFactory);
  const module = (backend as unknown as { wasm: ThreadedWasmModule }).wasm;
  // Emscripten refs a worker while it runs a pthread; the pool's threads run for the process's
  // whole life, so unref them or a finished script would never exit.
  for (const worker of module.PThread?.runningWorkers ?? []) worker.unref();
  const actual = module.tfjs.getThreadsCount();
  if (actual !== threads) {
    console.warn(`enableWasmThreads: asked for ${threads} wasm threads, the backend started ${actual}`);
  }
  return backend;
}
