/** Names inside a run folder, refused when they could point elsewhere. */
import { join } from 'node:path';

/**
 * Throws unless `name` is a plain file or folder name: not empty, not `.` or `..`, and free of
 * path separators and NUL.
 *
 * @example
 * assertPlainName('run-3', 'run name');    // passes
 * assertPlainName('../x', 'run name');     // Error: run name "../x": contains a path separator; expected a plain name
 */
export function assertPlainName(name: string, what: string): void {
  if (typeof name !== 'string' || name.length === 0) throw new Error(`${what} ${JSON.stringify(name)}: expected a non-empty plain name`);
  if (/[\\/]/.test(name)) throw new Error(`${what} ${JSON.stringify(name)}: contains a path separator; expected a plain name`);
  if (name.includes('\0')) throw new Error(`${what} ${JSON.stringify(name)}: contains a NUL character; expected a plain name`);
  if (name === '.' || name === '..') throw new Error(`${what} ${JSON.stringify(name)}: expected a plain name, not a relative folder`);
}

/**
 * The folder of run `name` under `root`.
 *
 * @example
 * runFolder('runs', 'lsgan-1');   // 'runs/lsgan-1'
 * runFolder('runs', '../etc');    // Error: run name "../etc": contains a path separator; expected a plain name
 */
export function runFolder(root: string, name: string): string {
  assertPlainName(name, 'run name');
  return join(root, name);
}
