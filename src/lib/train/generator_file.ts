/**
 * Generator files (`.e2g`): a trained generator alone — what inference needs and nothing more — small
 * enough to ship. Version 1 layout (the `.e2f` checkpoint's, with per-tensor dtypes):
 *
 *   bytes 0–7    magic "E2FGENR1"
 *   bytes 8–11   header length H, uint32 little-endian
 *   12 … 12+H    header, UTF-8 JSON (see {@link GeneratorFileHeader}), padded with spaces to an
 *                8-byte boundary
 *   data         each tensor's values, little-endian float16 or float32 as its record says, back to back
 *
 * Weights are stored as float16 by default (half the size; each weight moves by at most 2⁻¹¹ of its
 * value, or by 2⁻²⁵ below 2⁻¹⁴); batch-norm running statistics always as float32 (they are tiny, and running variances
 * may be far from 1). The header's SHA-256 of the data makes a damaged file fail to load rather than
 * load as wrong weights.
 */
import { promises as fs } from 'node:fs';
import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import { dirname } from 'node:path';
import { tf } from '../backend/tf';
import type { Network } from '../models/network';
import { float16BitsToFloat32, float32ToFloat16Bits } from '../util/float16';
import { CHECKPOINT_MAGIC, checkedData, float32ToLittleEndian, littleEndianToFloat32 } from './checkpoint_format';
import { validateTrainConfig, type TrainConfig } from './config';
import { pix2pixNetworks } from './networks';
import { alias } from './snapshot';
import { Trainer } from './trainer';
import { syncFolder } from './checkpoint';

export const GENERATOR_FILE_MAGIC = 'E2FGENR1';
export const GENERATOR_FILE_FORMAT = 'ear2face-generator';
export const GENERATOR_FILE_VERSION = 1;
export const GENERATOR_FILE_EXTENSION = '.e2g';
const PREFIX_BYTES = 12;
const MAX_HEADER_BYTES = 64 * 1024 * 1024;
const FLOAT16_MAX = 65504;

export type GeneratorDtype = 'float16' | 'float32';
const BYTES_PER_VALUE: Record<GeneratorDtype, number> = { float16: 2, float32: 4 };

/** One tensor's place in the data section; names are `weights/<name>` or `buffers/<name>`. */
export interface GeneratorTensorRecord {
  name: string;
  shape: number[];
  dtype: GeneratorDtype;
  /** Byte offset from the start of the data section. */
  offset: number;
  /** Bytes per value (2 or 4) × number of elements. */
  bytes: number;
}

export interface GeneratorFileHeader {
  format: typeof GENERATOR_FILE_FORMAT;
  version: number;
  /** Training steps the generator had taken. */
  step: number;
  /** The run's whole training configuration; imageSize, ngf and norm rebuild the network. */
  config: TrainConfig;
  /** The caller's JSON data, e.g. { dataset, spec, evaluation }. */
  meta: Record<string, unknown>;
  tensors: GeneratorTensorRecord[];
  dataBytes: number;
  /** Hex SHA-256 of the data section. */
  dataSha256: string;
}

/** A generator with the configuration it was built from (the trainer's `config`). */
export interface GeneratorSource {
  generator: Network;
  config: TrainConfig;
  /** Training steps taken (default 0). */
  step?: number;
}

export interface SaveGeneratorOptions {
  /** How weights are stored (default 'float16'); batch-norm buffers are always float32. */
  dtype?: GeneratorDtype;
  /** JSON data stored with the weights (plain objects, arrays, strings, finite numbers, booleans, null). */
  meta?: Record<string, unknown>;
}

export interface LoadedGenerator {
  /** A pix2pix U-Net holding the file's weights; dispose it when done. */
  generator: Network;
  config: TrainConfig;
  step: number;
  meta: Record<string, unknown>;
}

/** A tensor's values, encoded, ready to be laid out. */
export interface EncodedTensor {
  name: string;
  shape: number[];
  dtype: GeneratorDtype;
  /** Little-endian values. */
  bytes: Buffer;
}

/**
 * The bytes of a generator file: `prefix` (magic, header length, padded header) then `chunks` (the
 * data, one buffer per tensor, in order). The header's offsets and checksum are computed here.
 *
 * @example
 * const { prefix, chunks } = encodeGeneratorFile({ step: 0, config, meta: {}, tensors: [{ name: 'weights/w', shape: [1], dtype: 'float32', bytes: float32ToLittleEndian(Float32Array.of(1)) }] });
 * Buffer.concat([prefix, ...chunks]).length;   // 12 + header + 4
 */
export function encodeGeneratorFile(parts: {
  step: number;
  config: TrainConfig;
  meta: Record<string, unknown>;
  tensors: readonly EncodedTensor[];
}): { header: GeneratorFileHeader; prefix: Buffer; chunks: Buffer[] } {
  const hash = createHash('sha256');
  let offset = 0;
  const records = parts.tensors.map(({ name, shape, dtype, bytes }) => {
    const record = { name, shape: [...shape], dtype, offset, bytes: bytes.length };
    hash.update(bytes);
    offset += bytes.length;
    return record;
  });
  const header: GeneratorFileHeader = {
    format: GENERATOR_FILE_FORMAT,
    version: GENERATOR_FILE_VERSION,
    step: parts.step,
    config: parts.config,
    meta: parts.meta,
    tensors: records,
    dataBytes: offset,
    dataSha256: hash.digest('hex'),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const headerBytes = Math.ceil((PREFIX_BYTES + json.length) / 8) * 8 - PREFIX_BYTES;
  const prefix = Buffer.alloc(PREFIX_BYTES + headerBytes, 0x20);
  prefix.write(GENERATOR_FILE_MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(headerBytes, 8);
  json.copy(prefix, PREFIX_BYTES);
  return { header, prefix, chunks: parts.tensors.map((t) => t.bytes) };
}

/**
 * Saves the generator's weights and batch-norm buffers, the training config, the step and `meta` to
 * `path` (must end in `.e2g`; folders are created). Written atomically: a temporary file beside it,
 * fsync, rename — an existing file at `path` stays intact until the new one is complete. Refuses
 * non-finite weights, and, for float16, weights beyond ±65504 (save those as float32).
 * Returns the path and the file's size in bytes.
 *
 * @example
 * const trainer = await loadCheckpoint('runs/demo/ckpt-00000800.e2f');
 * await saveGenerator(trainer, 'models/demo.e2g', { meta: { dataset: 'synthetic-sample' } });
 * // { path: 'models/demo.e2g', bytes: ≈ 3.67e6 } for 64², ngf 16 (3,666,886 bytes of data + the header)
 */
export async function saveGenerator(
  source: Trainer | GeneratorSource,
  path: string,
  options: SaveGeneratorOptions = {},
): Promise<{ path: string; bytes: number }> {
  const fn = 'saveGenerator';
  const { generator, config, step } = sourceParts(source);
  if (typeof path !== 'string' || !path.endsWith(GENERATOR_FILE_EXTENSION) || path.length === GENERATOR_FILE_EXTENSION.length) {
    throw new Error(`${fn}: path ${JSON.stringify(path)}; expected a file name ending in ${GENERATOR_FILE_EXTENSION}`);
  }
  const dtype = options.dtype ?? 'float16';
  if (dtype !== 'float16' && dtype !== 'float32') throw new Error(`${fn}: dtype ${JSON.stringify(dtype)}; expected 'float16' or 'float32'`);
  const meta = options.meta ?? {};
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) throw new Error(`${fn}: meta is ${JSON.stringify(meta)}; expected a plain object`);
  assertJsonData(meta, 'meta', fn);
  const tensors = await encodeNetwork(generator, dtype, fn);
  const { prefix, chunks } = encodeGeneratorFile({ step, config, meta, tensors });
  const bytes = prefix.length + chunks.reduce((s, c) => s + c.length, 0);
  await writeAtomically(path, [prefix, ...chunks]);
  return { path, bytes };
}

function sourceParts(source: Trainer | GeneratorSource): { generator: Network; config: TrainConfig; step: number } {
  const fn = 'saveGenerator';
  if (source instanceof Trainer) return { generator: source.generator, config: { ...source.config }, step: source.stepCount };
  if (source === null || typeof source !== 'object' || source.generator?.kind !== 'generator') {
    throw new Error(`${fn}: expected a Trainer or { generator, config }, with a generator network (kind 'generator')`);
  }
  let config: TrainConfig;
  try {
    config = validateTrainConfig(source.config);
  } catch (e) {
    throw new Error(`${fn}: ${(e as Error).message}`);
  }
  const step = source.step ?? 0;
  if (!Number.isInteger(step) || step < 0) throw new Error(`${fn}: step ${step}; expected an integer ≥ 0`);
  return { generator: source.generator, config, step };
}

/** Every weight (as `dtype`) and buffer (float32) of `network`, name-sorted, read as of this moment. */
async function encodeNetwork(network: Network, dtype: GeneratorDtype, fn: string): Promise<EncodedTensor[]> {
  const groups = [
    ['weights', network.weights, dtype],
    ['buffers', network.buffers, 'float32'],
  ] as const;
  const entries = groups.flatMap(([group, vars, type]) => Object.keys(vars).sort().map((name) => ({ name: `${group}/${name}`, v: vars[name], type })));
  const disposed = entries.find((e) => e.v.isDisposed);
  if (disposed) throw new Error(`${fn}: tensor '${disposed.name}' is disposed; save the generator before disposing it`);
  // Aliases taken together pin one moment's values while they are read asynchronously.
  const pinned = entries.map((e) => alias(e.v));
  try {
    const out: EncodedTensor[] = [];
    for (const [i, { name, type }] of entries.entries()) {
      const values = (await pinned[i].data()) as Float32Array;
      const bad = values.findIndex((x) => !Number.isFinite(x) || (type === 'float16' && Math.abs(x) > FLOAT16_MAX));
      if (bad >= 0) {
        const why = Number.isFinite(values[bad]) ? `beyond float16's range ±${FLOAT16_MAX}; save with dtype 'float32'` : 'not finite; the generator is broken';
        throw new Error(`${fn}: tensor '${name}' holds ${values[bad]} at index ${bad}, ${why}`);
      }
      const bytes = type === 'float16' ? uint16ToLittleEndian(float32ToFloat16Bits(values)) : Buffer.from(float32ToLittleEndian(values));
      out.push({ name, shape: [...pinned[i].shape], dtype: type, bytes });
    }
    return out;
  } finally {
    tf.dispose(pinned);
  }
}

/** Throws naming the first value under `where` that JSON would not store faithfully. */
function assertJsonData(value: unknown, where: string, fn: string): void {
  const fail = (what: string): never => {
    throw new Error(`${fn}: ${where} is ${what}; expected JSON data (plain objects, arrays, strings, finite numbers, booleans, null)`);
  };
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(String(value));
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertJsonData(v, `${where}[${i}]`, fn));
    return;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) fail(`a ${proto?.constructor?.name ?? 'non-plain'} object`);
    for (const [k, v] of Object.entries(value)) assertJsonData(v, `${where}.${k}`, fn);
    return;
  }
  fail(`a ${typeof value}`);
}

function uint16ToLittleEndian(values: Uint16Array): Buffer {
  if (endianness() === 'LE') return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  const out = Buffer.alloc(values.byteLength);
  values.forEach((v, i) => out.writeUInt16LE(v, 2 * i));
  return out;
}

/** A copy, so it is aligned and owns its memory. */
function littleEndianToUint16(bytes: Buffer): Uint16Array {
  const out = new Uint16Array(bytes.length / 2);
  if (endianness() === 'LE') new Uint8Array(out.buffer).set(bytes);
  else for (let i = 0; i < out.length; i++) out[i] = bytes.readUInt16LE(2 * i);
  return out;
}

/** Writes `chunks` to `path` through a temporary file, fsync and rename; the folder is synced too. */
async function writeAtomically(path: string, chunks: readonly Buffer[]): Promise<void> {
  const dir = dirname(path);
  await fs.mkdir(dir, { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    const file = await fs.open(tmp, 'wx');
    try {
      for (const chunk of chunks) await file.write(chunk, 0, chunk.length);
      await file.sync();
    } finally {
      await file.close();
    }
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await syncFolder(dir);
}

/**
 * Parses and checks a whole generator file: magic, version, header fields, tensor table, size and
 * checksum (not yet whether the tensors fit the config's network: {@link loadGenerator} does that).
 * Every error names `path` and what is wrong.
 *
 * @example
 * const { header } = parseGeneratorFile(readFileSync('models/demo.e2g'), 'models/demo.e2g');
 * header.meta;   // { dataset: 'synthetic-sample' }
 */
export function parseGeneratorFile(file: Buffer, path: string): { header: GeneratorFileHeader; data: Buffer } {
  const fail = (why: string): never => {
    throw new Error(`generator file ${path}: ${why}`);
  };
  const magic = file.toString('latin1', 0, Math.min(8, file.length));
  if (magic === CHECKPOINT_MAGIC) {
    fail(
      'this is a full training checkpoint (.e2f), not a generator file: load it with loadCheckpoint(path), ' +
        `or write its generator to a ${GENERATOR_FILE_EXTENSION} file with saveGenerator(await loadCheckpoint(path), 'model${GENERATOR_FILE_EXTENSION}') or 'ear2face export'`,
    );
  }
  if (file.length === 0 || magic !== GENERATOR_FILE_MAGIC.slice(0, magic.length)) {
    fail(`not an ear2face generator file (${file.length === 0 ? 'the file is empty' : `it starts with ${JSON.stringify(magic)}`}; expected "${GENERATOR_FILE_MAGIC}")`);
  }
  if (file.length < PREFIX_BYTES) fail(`file is ${file.length} bytes, too short for a generator file (truncated)`);
  const headerBytes = file.readUInt32LE(8);
  if (headerBytes > MAX_HEADER_BYTES || PREFIX_BYTES + headerBytes > file.length) {
    fail(`header claims ${headerBytes} bytes but the file has ${file.length - PREFIX_BYTES} after the prefix (truncated or corrupt)`);
  }
  let header: GeneratorFileHeader;
  try {
    header = JSON.parse(file.toString('utf8', PREFIX_BYTES, PREFIX_BYTES + headerBytes));
  } catch (e) {
    return fail(`header is not valid JSON (${(e as Error).message}); the file is corrupt or truncated`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) fail('header is not a JSON object; the file is corrupt');
  if (header.format !== GENERATOR_FILE_FORMAT) fail(`header.format is ${JSON.stringify(header.format)}; expected "${GENERATOR_FILE_FORMAT}"`);
  if (header.version !== GENERATOR_FILE_VERSION) {
    fail(`format version ${JSON.stringify(header.version)}; this library reads version ${GENERATOR_FILE_VERSION}`);
  }
  for (const key of ['step', 'dataBytes'] as const) {
    if (!Number.isInteger(header[key]) || header[key] < 0) fail(`header.${key} is ${JSON.stringify(header[key])}; expected an integer ≥ 0`);
  }
  if (header.meta === null || typeof header.meta !== 'object' || Array.isArray(header.meta)) fail(`header.meta is ${JSON.stringify(header.meta)}; expected an object`);
  if (typeof header.dataSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(header.dataSha256)) {
    fail(`header.dataSha256 is ${JSON.stringify(header.dataSha256)}; expected 64 hex digits`);
  }
  if (!Array.isArray(header.tensors)) fail('header.tensors is not a list; the file is corrupt');
  let expectedOffset = 0;
  const names = new Set<string>();
  for (const [i, t] of header.tensors.entries()) {
    const ok =
      t !== null &&
      typeof t === 'object' &&
      typeof t.name === 'string' &&
      (t.dtype === 'float16' || t.dtype === 'float32') &&
      Array.isArray(t.shape) &&
      t.shape.every((d: unknown) => Number.isInteger(d) && (d as number) >= 0) &&
      t.offset === expectedOffset &&
      t.bytes === BYTES_PER_VALUE[t.dtype] * t.shape.reduce((a: number, b: number) => a * b, 1);
    if (!ok) fail(`header.tensors[${i}] ${JSON.stringify(t)} is malformed (expected { name, shape, dtype: 'float16' | 'float32', offset: ${expectedOffset}, bytes: 2 or 4 × elements })`);
    if (names.has(t.name)) fail(`tensor '${t.name}' is listed twice`);
    names.add(t.name);
    expectedOffset += t.bytes;
  }
  return { header, data: checkedData(file, headerBytes, header, expectedOffset, fail) };
}

/**
 * Reads a generator file and rebuilds the pix2pix U-Net it holds (from the stored config) with its
 * weights and buffers. The whole file is checked first — format, checksum, and every tensor's name
 * and shape against the network the config describes — and every error names the file.
 * Dropout stays the noise source: pass `noiseSeed` to `apply` for reproducible faces.
 *
 * @example
 * const { generator, config, meta } = await loadGenerator('models/demo.e2g');
 * const face = generator.apply(ear, { training: false, noiseSeed: 1 });   // [1, 64, 64, 3]
 * generator.dispose();
 */
export async function loadGenerator(path: string): Promise<LoadedGenerator> {
  if (typeof path !== 'string' || path.length === 0) throw new Error(`loadGenerator: path ${JSON.stringify(path)}; expected a ${GENERATOR_FILE_EXTENSION} file path`);
  let file: Buffer;
  try {
    file = await fs.readFile(path);
  } catch (e) {
    throw new Error(`generator file ${path}: cannot read (${(e as Error).message})`);
  }
  const { header, data } = parseGeneratorFile(file, path);
  let config: TrainConfig;
  try {
    config = validateTrainConfig(header.config);
  } catch (e) {
    throw new Error(`generator file ${path}: stored ${(e as Error).message}`);
  }
  const generator = pix2pixNetworks.generator(config, config.seed);
  try {
    const expected = [
      ...Object.entries(generator.weights).map(([name, v]) => ({ name: `weights/${name}`, shape: v.shape, v })),
      ...Object.entries(generator.buffers).map(([name, v]) => ({ name: `buffers/${name}`, shape: v.shape, v })),
    ];
    const mismatch = tensorMismatch(expected, header.tensors);
    if (mismatch !== null) {
      throw new Error(`generator file ${path} does not hold the generator its config describes (${config.imageSize}², ngf ${config.ngf}, ${config.norm} norm): ${mismatch}`);
    }
    const records = new Map(header.tensors.map((t) => [t.name, t]));
    for (const { name, v } of expected) {
      const t = records.get(name)!;
      const bytes = data.subarray(t.offset, t.offset + t.bytes);
      const values = t.dtype === 'float16' ? float16BitsToFloat32(littleEndianToUint16(bytes)) : littleEndianToFloat32(bytes);
      const tensor = tf.tensor(values, t.shape, 'float32');
      v.assign(tensor);
      tensor.dispose();
    }
  } catch (e) {
    generator.dispose();
    throw e;
  }
  return { generator, config, step: header.step, meta: header.meta };
}

/** Missing, unexpected and differently shaped tensors (the first few), or null if the file fits. */
function tensorMismatch(expected: ReadonlyArray<{ name: string; shape: readonly number[] }>, found: readonly GeneratorTensorRecord[]): string | null {
  const foundByName = new Map(found.map((t) => [t.name, t.shape]));
  const expectedNames = new Set(expected.map((e) => e.name));
  const problems: string[] = [];
  for (const e of expected) {
    const shape = foundByName.get(e.name);
    if (shape === undefined) problems.push(`tensor '${e.name}' (shape [${e.shape}]) is missing`);
    else if (!tf.util.arraysEqual(shape, [...e.shape])) problems.push(`tensor '${e.name}' has shape [${shape}]; expected [${e.shape}]`);
  }
  for (const t of found) if (!expectedNames.has(t.name)) problems.push(`tensor '${t.name}' (shape [${t.shape}]) is not part of this generator`);
  if (problems.length === 0) return null;
  const shown = problems.slice(0, 5).join('; ');
  return problems.length > 5 ? `${shown}; and ${problems.length - 5} more differences` : shown;
}
