/**
 * The checkpoint file format (`.e2f`), version 1:
 *
 *   bytes 0–7    magic "E2FCKPT1"
 *   bytes 8–11   header length H, uint32 little-endian
 *   12 … 12+H    header, UTF-8 JSON (see {@link CheckpointHeader}), padded with spaces so the data
 *                starts on an 8-byte boundary
 *   data         each tensor's float32 values, little-endian, at the header's byte offsets
 *
 * The header carries the SHA-256 of the data, so a truncated or damaged file is refused rather
 * than loaded as wrong weights.
 */
import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import type { TrainConfig } from './config';

export const CHECKPOINT_MAGIC = 'E2FCKPT1';
export const CHECKPOINT_FORMAT = 'ear2face-checkpoint';
export const CHECKPOINT_VERSION = 1;
const PREFIX_BYTES = 12;
const MAX_HEADER_BYTES = 64 * 1024 * 1024;

/** One tensor's place in the data section. */
export interface TensorRecord {
  name: string;
  shape: number[];
  /** Byte offset from the start of the data section. */
  offset: number;
  /** 4 × number of elements. */
  bytes: number;
}

export interface CheckpointHeader {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  step: number;
  rngState: number;
  iterations: { generator: number; discriminator: number };
  config: TrainConfig;
  tensors: TensorRecord[];
  dataBytes: number;
  /** Hex SHA-256 of the data section. */
  dataSha256: string;
}

/**
 * Lays out `tensors` back to back and returns their records and the data size.
 *
 * @example
 * layTensors([{ name: 'a', shape: [2] }, { name: 'b', shape: [] }]).records[1];   // { name: 'b', shape: [], offset: 8, bytes: 4 }
 */
export function layTensors(tensors: ReadonlyArray<{ name: string; shape: readonly number[] }>): { records: TensorRecord[]; dataBytes: number } {
  let offset = 0;
  const records = tensors.map(({ name, shape }) => {
    const bytes = 4 * shape.reduce((a, b) => a * b, 1);
    const record = { name, shape: [...shape], offset, bytes };
    offset += bytes;
    return record;
  });
  return { records, dataBytes: offset };
}

/**
 * The bytes before the data section: magic, header length and the padded JSON header.
 *
 * @example
 * encodePrefix(header).length % 8;   // 0
 */
export function encodePrefix(header: CheckpointHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const headerBytes = Math.ceil((PREFIX_BYTES + json.length) / 8) * 8 - PREFIX_BYTES;
  const out = Buffer.alloc(PREFIX_BYTES + headerBytes, 0x20);
  out.write(CHECKPOINT_MAGIC, 0, 'latin1');
  out.writeUInt32LE(headerBytes, 8);
  json.copy(out, PREFIX_BYTES);
  return out;
}

/**
 * float32 values as little-endian bytes (a view, not a copy, on little-endian machines).
 *
 * @example
 * float32ToLittleEndian(new Float32Array([1]));   // <Buffer 00 00 80 3f>
 */
export function float32ToLittleEndian(values: Float32Array): Buffer {
  if (endianness() === 'LE') return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  const out = Buffer.alloc(values.byteLength);
  values.forEach((v, i) => out.writeFloatLE(v, 4 * i));
  return out;
}

/**
 * Little-endian float32 bytes as a Float32Array (a copy, so it is aligned and owns its memory).
 *
 * @example
 * littleEndianToFloat32(Buffer.from([0, 0, 0x80, 0x3f]));   // Float32Array [1]
 */
export function littleEndianToFloat32(bytes: Buffer): Float32Array {
  const out = new Float32Array(bytes.length / 4);
  if (endianness() === 'LE') {
    new Uint8Array(out.buffer).set(bytes);
  } else {
    for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(4 * i);
  }
  return out;
}

/** A parsed, integrity-checked checkpoint file. */
export interface ParsedCheckpoint {
  header: CheckpointHeader;
  /** The data section (a view into the file's bytes). */
  data: Buffer;
}

/**
 * Parses and checks a whole checkpoint file: magic, version, header fields, tensor table, size and
 * checksum. Every error names `path` and what is wrong.
 *
 * @example
 * const { header, data } = parseCheckpoint(readFileSync(path), path);
 * header.step;   // e.g. 2000
 */
export function parseCheckpoint(file: Buffer, path: string): ParsedCheckpoint {
  const fail = (why: string): never => {
    throw new Error(`checkpoint ${path}: ${why}`);
  };
  if (file.length < PREFIX_BYTES) fail(`file is ${file.length} bytes, too short for a checkpoint (truncated?)`);
  const magic = file.toString('latin1', 0, 8);
  if (magic !== CHECKPOINT_MAGIC) {
    fail(`wrong magic ${JSON.stringify(magic)}; expected ${JSON.stringify(CHECKPOINT_MAGIC)} (not an ear2face checkpoint, or a different format version)`);
  }
  const headerBytes = file.readUInt32LE(8);
  if (headerBytes > MAX_HEADER_BYTES || PREFIX_BYTES + headerBytes > file.length) {
    fail(`header claims ${headerBytes} bytes but the file has ${file.length - PREFIX_BYTES} after the prefix (truncated or corrupt)`);
  }
  let header: CheckpointHeader;
  try {
    header = JSON.parse(file.toString('utf8', PREFIX_BYTES, PREFIX_BYTES + headerBytes));
  } catch (e) {
    return fail(`header is not valid JSON (${(e as Error).message}); the file is corrupt`);
  }
  if (header === null || typeof header !== 'object') fail('header is not a JSON object; the file is corrupt');
  if (header.format !== CHECKPOINT_FORMAT) fail(`header.format is ${JSON.stringify(header.format)}; expected "${CHECKPOINT_FORMAT}"`);
  if (header.version !== CHECKPOINT_VERSION) {
    fail(`format version ${JSON.stringify(header.version)}; this library reads version ${CHECKPOINT_VERSION}`);
  }
  for (const key of ['step', 'rngState', 'dataBytes'] as const) {
    if (!Number.isInteger(header[key]) || header[key] < 0) fail(`header.${key} is ${JSON.stringify(header[key])}; expected an integer ≥ 0`);
  }
  const it = header.iterations;
  if (!it || !Number.isInteger(it.generator) || !Number.isInteger(it.discriminator)) {
    fail(`header.iterations is ${JSON.stringify(it)}; expected { generator, discriminator } integers`);
  }
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
      Array.isArray(t.shape) &&
      t.shape.every((d: unknown) => Number.isInteger(d) && (d as number) >= 0) &&
      t.offset === expectedOffset &&
      t.bytes === 4 * t.shape.reduce((a: number, b: number) => a * b, 1);
    if (!ok) fail(`header.tensors[${i}] ${JSON.stringify(t)} is malformed (expected { name, shape, offset: ${expectedOffset}, bytes: 4 × elements })`);
    if (names.has(t.name)) fail(`tensor '${t.name}' is listed twice`);
    names.add(t.name);
    expectedOffset += t.bytes;
  }
  return { header, data: checkedData(file, headerBytes, header, expectedOffset, fail) };
}

/**
 * The data section after a header of `headerBytes`, once the tensors' total size, the file's
 * length and the sha256 all agree with the header; otherwise `fail` is called with what is wrong.
 * Shared by checkpoints and generator files, which lay their data out the same way.
 *
 * @example
 * const data = checkedData(file, headerBytes, header, bytesOfAllTensors, (why) => { throw new Error(why); });
 */
export function checkedData(
  file: Buffer,
  headerBytes: number,
  header: { dataBytes: number; dataSha256: string },
  tensorBytes: number,
  fail: (why: string) => never,
): Buffer {
  if (tensorBytes !== header.dataBytes) fail(`header.dataBytes is ${header.dataBytes} but the tensors take ${tensorBytes}`);
  const dataStart = PREFIX_BYTES + headerBytes;
  const expectedSize = dataStart + header.dataBytes;
  if (file.length !== expectedSize) {
    fail(`file is ${file.length} bytes; expected ${expectedSize} (${file.length < expectedSize ? 'truncated' : 'trailing bytes'})`);
  }
  const data = file.subarray(dataStart);
  const digest = createHash('sha256').update(data).digest('hex');
  if (digest !== header.dataSha256) fail(`data checksum ${digest} does not match the header's ${header.dataSha256}; the file is corrupt`);
  return data;
}
