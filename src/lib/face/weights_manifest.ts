/**
 * The tfjs weights manifest (`*-weights_manifest.json`): a JSON array of groups, each naming the
 * binary shard files it spans (`paths`) and the weights laid out back to back across them.
 * Format: tfjs-core `io/types.ts` (WeightsManifestConfig).
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** How a float weight was stored in fewer bytes. uint8/uint16: value = q·scale + min. */
export interface WeightQuantization {
  dtype: 'uint8' | 'uint16' | 'float16';
  scale?: number;
  min?: number;
}

/** One weight of a group, in file order. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  quantization?: WeightQuantization;
}

/** One group: its shard files (concatenated in order) and the weights they hold. */
export interface WeightsGroup {
  paths: string[];
  weights: WeightSpec[];
}

const QUANTIZED_DTYPES = ['uint8', 'uint16', 'float16'];
const WEIGHT_DTYPES = ['float32', 'int32'];

/**
 * Checks parsed manifest JSON and returns it typed. `where` names the manifest in errors.
 *
 * @example
 * const groups = parseWeightsManifest(JSON.parse(text), 'model/x-weights_manifest.json');
 * groups[0].paths;   // ['x.bin']
 */
export function parseWeightsManifest(json: unknown, where: string): WeightsGroup[] {
  const fail = (what: string): never => {
    throw new Error(`weights manifest ${where}: ${what}`);
  };
  if (!Array.isArray(json)) fail(`expected a JSON array of weight groups, got ${typeof json}`);
  const groups = json as unknown[];
  groups.forEach((g, gi) => {
    const group = g as Partial<WeightsGroup> | null;
    if (group === null || typeof group !== 'object') fail(`group ${gi} is not an object`);
    if (!Array.isArray(group!.paths) || group!.paths.some((p) => typeof p !== 'string' || p === '')) {
      fail(`group ${gi} has no "paths" array of file names`);
    }
    if (!Array.isArray(group!.weights)) fail(`group ${gi} has no "weights" array`);
    group!.weights!.forEach((w, wi) => checkWeightSpec(w, `group ${gi} weight ${wi}`, fail));
  });
  return groups as WeightsGroup[];
}

function checkWeightSpec(w: WeightSpec, at: string, fail: (what: string) => never): void {
  if (w === null || typeof w !== 'object' || typeof w.name !== 'string') fail(`${at} has no "name"`);
  const label = `weight '${w.name}'`;
  if (!Array.isArray(w.shape) || w.shape.some((d) => !Number.isInteger(d) || d < 0)) {
    fail(`${label} has shape ${JSON.stringify(w.shape)}; expected an array of non-negative integers`);
  }
  if (!WEIGHT_DTYPES.includes(w.dtype)) fail(`${label} has dtype ${JSON.stringify(w.dtype)}; expected one of ${WEIGHT_DTYPES.join(', ')}`);
  const q = w.quantization;
  if (q === undefined) return;
  if (!QUANTIZED_DTYPES.includes(q.dtype)) {
    fail(`${label} has quantization dtype ${JSON.stringify(q.dtype)}; expected one of ${QUANTIZED_DTYPES.join(', ')}`);
  }
  if (q.dtype === 'float16' && w.dtype !== 'float32') fail(`${label} is float16-quantized but has dtype ${w.dtype}; expected float32`);
  if (q.dtype !== 'float16' && (!Number.isFinite(q.scale) || !Number.isFinite(q.min))) {
    fail(`${label} has ${q.dtype} quantization without finite "scale" and "min"`);
  }
}

/**
 * The absolute path of a shard file named in a manifest, refusing names that leave `dir`
 * (`../x.bin`, absolute paths): a manifest must not make the loader read arbitrary files.
 *
 * @example
 * shardPath('/models/face', 'face.bin');    // '/models/face/face.bin'
 * shardPath('/models/face', '../x.bin');    // throws
 */
export function shardPath(dir: string, name: string): string {
  const full = resolve(dir, name);
  const rel = relative(resolve(dir), full);
  if (isAbsolute(name) || rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new Error(`weights manifest names the file ${JSON.stringify(name)}, which is outside the model folder ${resolve(dir)}; expected a file name inside it`);
  }
  return full;
}
