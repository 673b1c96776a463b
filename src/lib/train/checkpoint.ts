/**
 * Checkpoints: one file per save, `ckpt-<step, 8 digits>.e2f`, in a run folder. Written atomically
 * (a `.tmp` beside it, fsync, rename), optionally keeping only the newest N; loading checks the
 * whole file and every tensor's name and shape before any weight is touched.
 */
import { promises as fs } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { tf } from '../backend/tf';
import { validateTrainConfig } from './config';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  encodePrefix,
  float32ToLittleEndian,
  layTensors,
  littleEndianToFloat32,
  parseCheckpoint,
  type CheckpointHeader,
  type ParsedCheckpoint,
} from './checkpoint_format';
import { layoutMismatch, Trainer, type TrainerOptions } from './trainer';

const FILE_PATTERN = /^ckpt-(\d{8,})\.e2f$/;

/**
 * The file name of the checkpoint at `step`.
 *
 * @example
 * checkpointFileName(1200);   // 'ckpt-00001200.e2f'
 */
export function checkpointFileName(step: number): string {
  if (!Number.isInteger(step) || step < 0) throw new Error(`step: got ${step}; expected an integer ≥ 0`);
  return `ckpt-${String(step).padStart(8, '0')}.e2f`;
}

export interface SaveOptions {
  /** Keep only the newest N checkpoints in the folder (older ones are deleted after this one is in place). */
  keepLast?: number;
}

/**
 * Saves the trainer's whole state (weights, buffers, both Adam states, step, noise RNG, config) to
 * `dir/ckpt-<step>.e2f`, creating `dir` if needed, and returns the file's path.
 *
 * @example
 * const path = await saveCheckpoint(trainer, 'runs/demo', { keepLast: 3 });   // 'runs/demo/ckpt-00000030.e2f'
 */
export async function saveCheckpoint(trainer: Trainer, dir: string, options: SaveOptions = {}): Promise<string> {
  const { keepLast } = options;
  if (keepLast !== undefined && (!Number.isInteger(keepLast) || keepLast < 1)) {
    throw new Error(`keepLast: got ${keepLast}; expected an integer ≥ 1`);
  }
  if (typeof dir !== 'string' || dir.length === 0) throw new Error(`dir: got ${JSON.stringify(dir)}; expected a folder path`);
  await fs.mkdir(dir, { recursive: true });
  const state = await trainer.exportState();
  const path = join(dir, checkpointFileName(state.step));
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    const entries = [...state.tensors].map(([name, t]) => ({ name, shape: t.shape }));
    const { records, dataBytes } = layTensors(entries);
    const header: CheckpointHeader = {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      step: state.step,
      rngState: state.rngState,
      iterations: state.iterations,
      config: trainer.config,
      tensors: records,
      dataBytes,
      dataSha256: '0'.repeat(64), // rewritten in place once the data is hashed (same length)
    };
    const file = await fs.open(tmp, 'wx');
    try {
      const prefix = encodePrefix(header);
      await file.write(prefix, 0, prefix.length, 0);
      const hash = createHash('sha256');
      let position = prefix.length;
      for (const [, t] of state.tensors) {
        const bytes = float32ToLittleEndian((await t.data()) as Float32Array);
        hash.update(bytes);
        await file.write(bytes, 0, bytes.length, position);
        position += bytes.length;
      }
      header.dataSha256 = hash.digest('hex');
      const finalPrefix = encodePrefix(header);
      if (finalPrefix.length !== prefix.length) throw new Error('checkpoint header changed size while writing');
      await file.write(finalPrefix, 0, finalPrefix.length, 0);
      await file.sync();
    } finally {
      await file.close();
    }
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  } finally {
    tf.dispose([...state.tensors.values()]);
  }
  await syncFolder(dir);
  if (keepLast !== undefined) await pruneCheckpoints(dir, keepLast, path);
  return path;
}

/**
 * Makes a rename durable: fsync the folder (not possible on every platform; skipped there).
 *
 * @example
 * await fs.rename(tmp, path); await syncFolder(dirname(path));
 */
export async function syncFolder(dir: string): Promise<void> {
  let handle: fs.FileHandle | null = null;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open or sync folders; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}

/**
 * Checkpoint files in `dir` with their steps, oldest first; [] if the folder does not exist.
 *
 * @example
 * await listCheckpoints('runs/demo');   // [{ path: 'runs/demo/ckpt-00000100.e2f', step: 100 }, …]
 */
export async function listCheckpoints(dir: string): Promise<Array<{ path: string; step: number }>> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return names
    .map((name) => ({ name, match: FILE_PATTERN.exec(name) }))
    .filter((x): x is { name: string; match: RegExpExecArray } => x.match !== null)
    .map(({ name, match }) => ({ path: join(dir, name), step: Number(match[1]) }))
    .sort((a, b) => a.step - b.step);
}

/**
 * The path of the newest checkpoint (highest step) in `dir`, or null if there is none.
 *
 * @example
 * const path = await latestCheckpoint('runs/demo');
 * const trainer = path ? await loadCheckpoint(path) : Trainer.create(config);
 */
export async function latestCheckpoint(dir: string): Promise<string | null> {
  const all = await listCheckpoints(dir);
  return all.length > 0 ? all[all.length - 1].path : null;
}

/** Deletes all but the newest `keepLast` checkpoints, never the one at `keep`. */
async function pruneCheckpoints(dir: string, keepLast: number, keep: string): Promise<void> {
  const all = await listCheckpoints(dir);
  for (const { path } of all.slice(0, Math.max(0, all.length - keepLast))) {
    if (path !== keep) await fs.rm(path, { force: true });
  }
}

async function readCheckpoint(path: string): Promise<ParsedCheckpoint> {
  if (typeof path !== 'string' || path.length === 0) throw new Error(`path: got ${JSON.stringify(path)}; expected a checkpoint file path`);
  let file: Buffer;
  try {
    file = await fs.readFile(path);
  } catch (e) {
    throw new Error(`checkpoint ${path}: cannot read (${(e as Error).message})`);
  }
  return parseCheckpoint(file, path);
}

/**
 * Loads the checkpoint at `path` into an existing trainer. The file and every tensor's name and
 * shape are checked first; on any mismatch the error names the file and the tensor (expected and
 * found shape), and the trainer is left untouched. The trainer keeps its own config.
 *
 * @example
 * await restoreCheckpoint(trainer, 'runs/demo/ckpt-00000030.e2f');
 * trainer.stepCount;   // 30
 */
export async function restoreCheckpoint(trainer: Trainer, path: string): Promise<void> {
  const parsed = await readCheckpoint(path);
  await restoreParsed(trainer, parsed, path);
}

async function restoreParsed(trainer: Trainer, { header, data }: ParsedCheckpoint, path: string): Promise<void> {
  const mismatch = layoutMismatch(trainer.stateLayout(), header.tensors);
  if (mismatch !== null) {
    throw new Error(`checkpoint ${path} does not fit this trainer (a different architecture?): ${mismatch}`);
  }
  const tensors = new Map<string, tf.Tensor>();
  try {
    for (const t of header.tensors) {
      tensors.set(t.name, tf.tensor(littleEndianToFloat32(data.subarray(t.offset, t.offset + t.bytes)), t.shape, 'float32'));
    }
    await trainer.importState({ step: header.step, rngState: header.rngState, iterations: header.iterations, tensors });
  } finally {
    tf.dispose([...tensors.values()]);
  }
}

/**
 * A trainer rebuilt from the checkpoint at `path`: its config, weights, buffers, both Adam states,
 * step and noise RNG, so training continues exactly as if it had not stopped. Pass the same
 * `options` (extra terms, network builders) the run was created with.
 *
 * @example
 * const trainer = await loadCheckpoint(await latestCheckpoint('runs/demo'));
 */
export async function loadCheckpoint(path: string, options: TrainerOptions = {}): Promise<Trainer> {
  const parsed = await readCheckpoint(path);
  let config;
  try {
    config = validateTrainConfig(parsed.header.config);
  } catch (e) {
    throw new Error(`checkpoint ${path}: stored ${(e as Error).message}`);
  }
  const trainer = Trainer.create(config, options);
  try {
    await restoreParsed(trainer, parsed, path);
  } catch (e) {
    trainer.dispose();
    throw e;
  }
  return trainer;
}
