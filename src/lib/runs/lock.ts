/**
 * Lock files: one process at a time trains in a run folder or runs a sweep. A lock is a small JSON
 * file created exclusively; a lock left by a process that no longer runs on this host is taken
 * over (and reported), one held by a live process is refused with its pid and start time.
 */
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import type { LockInfo } from './run_files';

export class LockedError extends Error {}

/** A held lock; `release()` removes the file (only if it is still ours). */
export interface Lock {
  readonly path: string;
  readonly info: LockInfo;
  /** Set when this lock replaced a stale one: the stale holder's info. */
  readonly tookOverFrom: LockInfo | null;
  release(): void;
}

/**
 * True when a process with this pid runs on this machine (EPERM: it runs, as another user).
 *
 * @example
 * processAlive(process.pid);   // true
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    return typeof info.pid === 'number' && typeof info.host === 'string' ? info : null;
  } catch {
    return null; // half-written or unreadable: treated as stale below
  }
}

/**
 * Takes the lock at `path` for `command`. Throws {@link LockedError} when a live process on this
 * host holds it, or when a process on another host does (shared storage: it cannot be checked, so
 * it is never taken over; delete the file by hand once that process is gone).
 *
 * @example
 * const lock = acquireLock('runs/a/run.lock', 'ear2face train');
 * try { ... } finally { lock.release(); }
 * acquireLock('runs/a/run.lock', 'ear2face train');   // while held: LockedError: runs/a/run.lock: in use by ear2face train (pid 4242 on node-1, since …)
 */
export function acquireLock(path: string, command: string): Lock {
  const info: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command };
  let tookOverFrom: LockInfo | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, `${JSON.stringify(info)}\n`);
      } finally {
        closeSync(fd);
      }
      return makeLock(path, info, tookOverFrom);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = readLock(path);
    if (holder && holder.host !== info.host) {
      throw new LockedError(
        `${path}: in use by ${holder.command} (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}); ` +
          'it runs on another machine, so it cannot be checked: delete this file once that process has stopped',
      );
    }
    if (holder && holder.pid !== process.pid && processAlive(holder.pid)) {
      throw new LockedError(`${path}: in use by ${holder.command} (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}); wait for it to finish or stop it`);
    }
    // Stale: move it aside atomically, so two processes taking over race on the rename, not on the content.
    try {
      renameSync(path, `${path}.stale-${process.pid}`);
      rmSync(`${path}.stale-${process.pid}`, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    tookOverFrom = holder ?? { pid: -1, host: '?', startedAt: '?', command: 'unreadable lock file' };
  }
  throw new LockedError(`${path}: could not take the lock after 3 attempts (another process keeps taking it)`);
}

function makeLock(path: string, info: LockInfo, tookOverFrom: LockInfo | null): Lock {
  let released = false;
  return {
    path,
    info,
    tookOverFrom,
    release() {
      if (released) return;
      released = true;
      const holder = readLock(path);
      if (holder && holder.pid === info.pid && holder.host === info.host && holder.startedAt === info.startedAt) rmSync(path, { force: true });
    },
  };
}
