/**
 * Dataset paths must stay inside the dataset folder: a manifest is data, and data must not
 * make the library read `../../etc/passwd` or follow a symlink out of the folder.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep, win32 } from 'node:path';
import { DatasetItemError } from './dataset_error';

/**
 * True when `path` is `root` or below it (both absolute, normalised).
 *
 * @example
 * isInside('/data/pairs', '/data/pairs/ears/a.png');   // true
 * isInside('/data/pairs', '/data/pairs-old/a.png');    // false
 */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Resolves `given` (relative to the dataset folder `root`, which must be a real path) to an
 * existing file path inside `root`. Throws a {@link DatasetItemError} naming `item` and the path:
 * 'outside-dataset' for absolute paths, `..` escapes and symlinks leading out; 'not-found'.
 * Backslashes count as separators, so manifests written on Windows work.
 *
 * @example
 * resolveInside('/data/pairs', 'ears/s0001_00.png', 'manifest.json pairs[0]');   // '/data/pairs/ears/s0001_00.png'
 * resolveInside('/data/pairs', '../secret.png', 'manifest.json pairs[1]');
 * // DatasetItemError: manifest.json pairs[1]: path "../secret.png" leads outside the dataset folder /data/pairs
 */
export function resolveInside(root: string, given: string, item: string): string {
  if (given.includes('\0')) throw new DatasetItemError(item, 'bad-field', `path ${JSON.stringify(given)} contains a NUL byte`);
  const path = given.replace(/\\/g, '/');
  if (isAbsolute(path) || win32.isAbsolute(given)) {
    throw new DatasetItemError(item, 'outside-dataset', `path ${JSON.stringify(given)} is absolute; expected a path relative to the dataset folder ${root}`);
  }
  const full = resolve(root, path);
  if (!isInside(root, full)) {
    throw new DatasetItemError(item, 'outside-dataset', `path ${JSON.stringify(given)} leads outside the dataset folder ${root}`);
  }
  let real: string;
  try {
    real = realpathSync(full);
  } catch {
    throw new DatasetItemError(item, 'not-found', `path ${JSON.stringify(given)}: no such file in ${root}`);
  }
  if (!isInside(root, real)) {
    throw new DatasetItemError(item, 'outside-dataset', `path ${JSON.stringify(given)} is a link to ${real}, outside the dataset folder ${root}`);
  }
  return full;
}
