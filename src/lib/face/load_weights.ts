/**
 * Reads tfjs-format weights (a weights manifest plus its .bin shard files) from a folder into
 * plain tensors. Plain tensors, not variables: nothing trains them.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { tf } from '../backend/tf';
import { decodeWeight, weightByteLength } from './decode_weight';
import { parseWeightsManifest, shardPath, type WeightSpec } from './weights_manifest';

/** Pinned version of the package whose `model/` folder holds the default weights. */
export const FACE_API_PACKAGE = '@vladmandic/face-api';
export const FACE_API_VERSION = '1.7.15';

/**
 * The `model/` folder of the installed `@vladmandic/face-api` package; throws saying how to get
 * it when the package is missing. `resolveModule` is Node's module resolution (replaceable in tests).
 *
 * @example
 * faceApiModelDir();   // '/…/node_modules/@vladmandic/face-api/model'
 */
export function faceApiModelDir(resolveModule: (id: string) => string = require.resolve): string {
  let pkg: string;
  try {
    pkg = resolveModule(`${FACE_API_PACKAGE}/package.json`);
  } catch {
    throw new Error(
      `The face-recognition weights come from the ${FACE_API_PACKAGE} package, which is not installed: ` +
        `run \`npm install ${FACE_API_PACKAGE}@${FACE_API_VERSION}\` or pass modelDir (a folder with the weights manifest and .bin files)`,
    );
  }
  return join(dirname(pkg), 'model');
}

/**
 * Loads every weight a manifest lists, by name. `manifestFile` is a file name inside `dir`.
 * Errors name the file or weight at fault: a missing manifest or shard, a shard path outside
 * `dir`, shards shorter or longer than the manifest describes, a malformed manifest.
 *
 * @example
 * const weights = await loadWeightMap(faceApiModelDir(), 'face_recognition_model-weights_manifest.json');
 * weights['fc'].shape;   // [256, 128]
 * tf.dispose(Object.values(weights));
 */
export async function loadWeightMap(dir: string, manifestFile: string): Promise<Record<string, tf.Tensor>> {
  const folder = resolve(dir);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new Error(`loadWeightMap: model folder ${folder} does not exist or is not a folder`);
  }
  const manifestPath = shardPath(folder, manifestFile);
  if (!existsSync(manifestPath)) {
    throw new Error(`loadWeightMap: weights manifest ${manifestPath} not found`);
  }
  let json: unknown;
  try {
    json = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (e) {
    throw new Error(`weights manifest ${manifestPath}: not valid JSON (${(e as Error).message})`);
  }
  const groups = parseWeightsManifest(json, manifestPath);

  // Decode everything before making any tensor, so a bad file leaks nothing.
  const decoded: { spec: WeightSpec; values: Float32Array | Int32Array }[] = [];
  for (const group of groups) {
    const files = group.paths.map((p) => shardPath(folder, p));
    const bytes = concatBytes(await Promise.all(files.map((f) => readShard(f, manifestPath))));
    const fileList = files.join(' + ');
    let offset = 0;
    for (const spec of group.weights) {
      if (decoded.some((d) => d.spec.name === spec.name)) {
        throw new Error(`weights manifest ${manifestPath} lists weight '${spec.name}' twice; expected unique names`);
      }
      const length = weightByteLength(spec);
      if (offset + length > bytes.byteLength) {
        throw new Error(
          `weights file ${fileList} is truncated: weight '${spec.name}' needs bytes ${offset}..${offset + length} ` +
            `but the file has ${bytes.byteLength} bytes (the manifest needs ${groupByteLength(group.weights)})`,
        );
      }
      decoded.push({ spec, values: decodeWeight(spec, bytes.subarray(offset, offset + length)) });
      offset += length;
    }
    if (offset !== bytes.byteLength) {
      throw new Error(`weights file ${fileList} has ${bytes.byteLength} bytes but its manifest ${manifestPath} describes ${offset}; expected equal`);
    }
  }
  const out: Record<string, tf.Tensor> = {};
  for (const { spec, values } of decoded) {
    out[spec.name] = tf.tensor(values, spec.shape, spec.dtype);
  }
  return out;
}

function groupByteLength(weights: WeightSpec[]): number {
  return weights.reduce((sum, w) => sum + weightByteLength(w), 0);
}

async function readShard(file: string, manifestPath: string): Promise<Uint8Array> {
  if (!existsSync(file)) throw new Error(`weights file ${file} (named in ${manifestPath}) not found`);
  return readFile(file);
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
