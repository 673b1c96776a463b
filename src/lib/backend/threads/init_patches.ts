/**
 * Globals that the threaded wasm build's initialisation needs changed under Node, changed only for
 * the duration of that initialisation and then put back.
 *
 * - `Blob`: tfjs wraps the pthread worker source and the module factory source in Blobs. Here the
 *   texts are written to files instead (see thread_scripts.ts); the factory Blob is replaced by a
 *   plain object naming its file, which workers can receive and resolve.
 * - `URL.createObjectURL`: returns that file path for the worker-source Blob, so Emscripten's
 *   `new Worker(...)` gets a path Node can load.
 * - `WebAssembly.instantiate`: tfjs sizes the XNNPACK thread pool as
 *   min(requested, 8, logical cores / 2) (tfjs-backend-wasm src/cc/backend.cc,
 *   `init_with_threads_count`), which is 1 on a 2-core machine. The module's import
 *   `env.emscripten_num_logical_cores` is answered with 2 × the wanted count instead.
 * - `Worker`: Emscripten sets a global `Worker` in Node; it is removed again afterwards.
 */
import {
  MAIN_SCRIPT_FILE_KEY,
  isMainScript,
  isWorkerScript,
  writeMainScript,
  writeWorkerScript,
} from './thread_scripts';

type Restore = () => void;

/**
 * Runs `init` with the globals above patched so the threaded SIMD module starts `threads` threads,
 * and restores them when it settles.
 *
 * @example
 * const backend = await withThreadedInitPatches(2, () => originalWasmFactory());
 */
export async function withThreadedInitPatches<T>(threads: number, init: () => T | Promise<T>): Promise<T> {
  const restores = [patchBlob(), patchCoreCount(threads), keepWorkerGlobal()];
  try {
    return await init();
  } finally {
    for (const restore of restores.reverse()) restore();
  }
}

function patchBlob(): Restore {
  const OriginalBlob = globalThis.Blob;
  const originalCreateObjectURL = URL.createObjectURL;
  const workerFiles = new WeakMap<Blob, string>();

  const CapturingBlob = function (parts?: BlobPart[], options?: BlobPropertyBag): object {
    const text = parts?.length === 1 && typeof parts[0] === 'string' ? parts[0] : undefined;
    if (text !== undefined && isMainScript(text)) {
      return { [MAIN_SCRIPT_FILE_KEY]: writeMainScript(text) };
    }
    const blob = new OriginalBlob(parts, options);
    if (text !== undefined && isWorkerScript(text)) workerFiles.set(blob, writeWorkerScript(text));
    return blob;
  };
  CapturingBlob.prototype = OriginalBlob.prototype;

  globalThis.Blob = CapturingBlob as unknown as typeof Blob;
  URL.createObjectURL = (obj: Blob | MediaSource): string => {
    const file = obj instanceof OriginalBlob ? workerFiles.get(obj) : undefined;
    return file ?? originalCreateObjectURL.call(URL, obj);
  };
  return () => {
    globalThis.Blob = OriginalBlob;
    URL.createObjectURL = originalCreateObjectURL;
  };
}

function patchCoreCount(threads: number): Restore {
  const originalInstantiate = WebAssembly.instantiate;
  const reportedCores = 2 * threads;
  const instantiate = function (this: unknown, source: unknown, imports?: WebAssembly.Imports) {
    const env = imports?.env;
    if (env !== undefined && typeof env.emscripten_num_logical_cores === 'function') {
      imports = { ...imports, env: { ...env, emscripten_num_logical_cores: () => reportedCores } };
    }
    return (originalInstantiate as (s: unknown, i?: WebAssembly.Imports) => unknown).call(this, source, imports);
  };
  WebAssembly.instantiate = instantiate as typeof WebAssembly.instantiate;
  return () => {
    WebAssembly.instantiate = originalInstantiate;
  };
}

function keepWorkerGlobal(): Restore {
  const had = Object.prototype.hasOwnProperty.call(globalThis, 'Worker');
  const previous = (globalThis as { Worker?: unknown }).Worker;
  return () => {
    if (had) (globalThis as { Worker?: unknown }).Worker = previous;
    else delete (globalThis as { Worker?: unknown }).Worker;
  };
}
