/**
 * A run folder's config.json: the RunSpec the run trains with. Its folder paths (data, faceModel)
 * are stored relative to the run folder — the rule of every spec file — so the file is itself a
 * valid `--config` and the folder can move together with its dataset. A resumed run must match it
 * in everything but `steps` (raising `steps` extends the run).
 */
import { existsSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { RUN_FILES } from '../lib/runs/run_files';
import { resolveRunSpec, RUN_SPEC_FIELDS, type RunSpec } from '../lib/runs/run_spec';

/** Spec fields holding folder paths: relative ones resolve against the folder of the file they are in. */
const PATH_FIELDS = ['data', 'faceModel'] as const;

/**
 * `spec` with its relative folder paths resolved against `base` ('' faceModel stays '').
 *
 * @example
 * withAbsolutePaths(resolveRunSpec({ data: '../data/x' }), '/runs/a').data;   // '/runs/data/x'
 */
export function withAbsolutePaths(spec: RunSpec, base: string): RunSpec {
  const out = { ...spec, weights: { ...spec.weights } };
  for (const field of PATH_FIELDS) if (out[field] !== '' && !isAbsolute(out[field])) out[field] = resolve(base, out[field]);
  return out;
}

/** A spec file's content: the resolved spec and the fields the file sets itself. */
export interface SpecFile {
  spec: RunSpec;
  given: ReadonlySet<string>;
}

/**
 * The RunSpec in a JSON file, validated, its folder paths resolved against the file's folder.
 * Errors name the file.
 *
 * @example
 * readSpecFile('runs/a/config.json').spec.data;   // '/home/me/data/synthetic-sample'
 */
export function readSpecFile(path: string): SpecFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${path}: no such file; expected a run spec (JSON)` : `${path}: cannot be read (${(e as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message}); expected a run spec object such as {"steps": 300, "weights": {"style": 0}}`);
  }
  const spec = withAbsolutePaths(resolveRunSpec(value, path), resolve(path, '..'));
  return { spec, given: new Set(Object.keys(value as object)) };
}

/**
 * The run folder's config.json (paths resolved), or null when there is none.
 *
 * @example
 * readRunConfig('runs/demo')?.weights;   // { adv: 1, l1: 100, feature: 100, style: 1000 }
 */
export function readRunConfig(dir: string): RunSpec | null {
  const path = join(dir, RUN_FILES.config);
  return existsSync(path) ? readSpecFile(path).spec : null;
}

/**
 * Writes `spec` (absolute paths) as `dir`/config.json with paths relative to `dir`, atomically.
 *
 * @example
 * writeRunConfig('runs/demo', spec);
 */
export function writeRunConfig(dir: string, spec: RunSpec): void {
  const stored: RunSpec = { ...spec, weights: { ...spec.weights } };
  for (const field of PATH_FIELDS) if (stored[field] !== '') stored[field] = relative(resolve(dir), resolve(stored[field])) || '.';
  const path = join(dir, RUN_FILES.config);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(stored, null, 2)}\n`);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** A folder path in canonical form, so two spellings of one folder compare equal. */
function canonical(path: string): string {
  if (path === '') return path;
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * The first setting (other than `steps`) in which `wanted` differs from `trained`, as
 * 'weights.l1 = 100, this spec says 50', or null when they agree. Both specs have absolute paths.
 *
 * @example
 * specMismatch(resolveRunSpec({}), resolveRunSpec({ weights: { l1: 50 } }));   // 'weights.l1 = 100, this spec says 50'
 */
export function specMismatch(trained: RunSpec, wanted: RunSpec): string | null {
  const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
  for (const field of RUN_SPEC_FIELDS) {
    if (field === 'steps') continue;
    if (field === 'weights') {
      for (const name of new Set([...Object.keys(trained.weights), ...Object.keys(wanted.weights)])) {
        const a = trained.weights[name] ?? 0;
        const b = wanted.weights[name] ?? 0;
        if (a !== b) return `weights.${name} = ${a}, this spec says ${b}`;
      }
      continue;
    }
    const [a, b] = (PATH_FIELDS as readonly string[]).includes(field)
      ? [canonical(trained[field] as string), canonical(wanted[field] as string)]
      : [trained[field], wanted[field]];
    if (a !== b) return `${field} = ${show(a)}, this spec says ${show(b)}`;
  }
  return null;
}
