/** Small JSON files of a sweep folder: read with messages naming the file, written atomically. */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * The parsed content of `path`, or null when it does not exist. Throws an error naming the file
 * when it cannot be read or is not JSON.
 *
 * @example
 * readJsonFile('runs/sweep/sweep.json');   // { base: {...}, grid: {...} }
 * readJsonFile('runs/none.json');          // null
 */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`${path}: cannot be read (${(e as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message}); expected a file written by ear2face`);
  }
}

/**
 * Writes `value` as indented JSON to `path` through a temporary file and a rename, so readers never
 * see half a file.
 *
 * @example
 * writeJsonAtomic('runs/sweep/trials.json', [{ index: 0, name: 'trial-000', params: {} }]);
 */
export function writeJsonAtomic(path: string, value: unknown): void {
  const partial = `${path}.partial-${process.pid}`;
  try {
    writeFileSync(partial, `${JSON.stringify(value, null, 2)}\n`);
    renameSync(partial, path);
  } finally {
    rmSync(partial, { force: true });
  }
}
