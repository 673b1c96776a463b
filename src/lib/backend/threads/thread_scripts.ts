/**
 * The two scripts a wasm pthread worker needs under Node, written to files.
 *
 * tfjs-backend-wasm hands its threaded module to workers as browser Blobs: the Emscripten
 * pthread worker source, and the module factory's own source text. Node's `Worker` needs a file
 * path, and the worker loads the factory with `fs.readFileSync` + indirect eval, so both go to
 * files here. The factory text is a function cut out of the tfjs bundle and still names a few of
 * the bundle's top-level variables (its `require`d modules, `commonjsGlobal` and three downlevel
 * iteration helpers); a short prelude defines them in the worker's global scope.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How the Blob holding the threaded factory source begins (set in tfjs-backend-wasm `init()`). */
export const MAIN_SCRIPT_PREFIX = 'var WasmBackendModuleThreadedSimd = ';

/** A call only the Emscripten pthread worker source contains. */
const WORKER_SCRIPT_MARK = 'WasmBackendModuleThreadedSimd(Module)';

/**
 * Key of the plain object that stands in for the factory Blob. It is structured-cloned to each
 * worker, whose `URL.createObjectURL` (patched by the worker postlude below) maps it to the file.
 */
export const MAIN_SCRIPT_FILE_KEY = 'wasmThreadsMainScriptFile';

/** True when `text` is the Emscripten pthread worker source of the threaded SIMD build. */
export function isWorkerScript(text: string): boolean {
  return text.includes(WORKER_SCRIPT_MARK) && text.includes('worker_threads');
}

/** True when `text` is the threaded SIMD module factory that tfjs wraps in a Blob for workers. */
export function isMainScript(text: string): boolean {
  return text.startsWith(MAIN_SCRIPT_PREFIX);
}

/** Folder for the script files; one per content hash, so concurrent processes never clash. */
export function scriptCacheDir(): string {
  return join(tmpdir(), 'ear2face-wasm-threads');
}

/**
 * Writes the factory source with a prelude that defines the bundle variables it refers to, and
 * returns the file path.
 *
 * @example
 * const file = writeMainScript('var WasmBackendModuleThreadedSimd = function (m) { return m; }');
 * // file ends in '.js' and starts with the prelude
 */
export function writeMainScript(factorySource: string): string {
  const text = mainScriptPrelude() + factorySource + '\n';
  return writeOnce('main', '.js', text, (file) => `var _scriptDir = ${JSON.stringify(file)};\n`);
}

/**
 * Writes the pthread worker source followed by a postlude that lets it load the factory from the
 * file named by the stand-in object, and returns the file path (`.cjs`: the worker uses `require`).
 *
 * @example
 * const file = writeWorkerScript(workerSourceFromTfjs); // '/tmp/ear2face-wasm-threads/worker-….cjs'
 */
export function writeWorkerScript(workerSource: string): string {
  return writeOnce('worker', '.cjs', workerSource + workerPostlude(), () => '');
}

function mainScriptPrelude(): string {
  // Names as they appear in tf-backend-wasm.node.js 4.22: require$$0 = fs, require$$1 = path,
  // require$$3 = perf_hooks, require$$4 = os. The three helpers only ever receive arrays there.
  return [
    "var require$$0 = require('fs'), require$$1 = require('path');",
    "var require$$3 = require('perf_hooks'), require$$4 = require('os');",
    'var commonjsGlobal = globalThis;',
    'var __dirname = require$$1.dirname(_scriptDir);',
    'function __values(items) { return items[Symbol.iterator](); }',
    'function __read(items) { return Array.from(items); }',
    'function __spreadArray(to, from) { return to.concat(Array.from(from)); }',
    '',
  ].join('\n');
}

function workerPostlude(): string {
  const key = JSON.stringify(MAIN_SCRIPT_FILE_KEY);
  return `
;(function () {
  var create = URL.createObjectURL, revoke = URL.revokeObjectURL;
  URL.createObjectURL = function (blob) {
    return blob && typeof blob[${key}] === 'string' ? blob[${key}] : create.call(URL, blob);
  };
  URL.revokeObjectURL = function (url) {
    if (String(url).startsWith('blob:')) revoke.call(URL, url);
  };
})();
`;
}

/**
 * Writes `body` (after a header that may name the file itself) to a file named by its content
 * hash, unless that file exists; the rename makes the write atomic for concurrent processes.
 */
function writeOnce(stem: string, ext: string, body: string, header: (file: string) => string): string {
  const dir = scriptCacheDir();
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  const file = join(dir, `${stem}-${hash}${ext}`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, header(file) + body);
    renameSync(partial, file);
  }
  return file;
}
