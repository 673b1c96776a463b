import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireLock, LockedError } from './lock';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'e2f-lock-')), 'run.lock');

test('a lock is exclusive while held and gone once released', () => {
  const path = fresh();
  const lock = acquireLock(path, 'ear2face train');
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')).pid, process.pid);
  assert.equal(lock.tookOverFrom, null);
  lock.release();
  assert.equal(existsSync(path), false);
  acquireLock(path, 'again').release();
});

test('a lock held by a live process is refused with its pid and command', () => {
  const path = fresh();
  // The parent (this test runner's parent shell or init) is alive and is not us.
  writeFileSync(path, JSON.stringify({ pid: process.ppid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z', command: 'ear2face sweep' }));
  assert.throws(() => acquireLock(path, 'ear2face train'), (e: Error) => {
    assert.ok(e instanceof LockedError);
    assert.match(e.message, new RegExp(`in use by ear2face sweep \\(pid ${process.ppid} on .*since 2026-01-01`));
    return true;
  });
  assert.equal(JSON.parse(readFileSync(path, 'utf8')).pid, process.ppid, 'the holder keeps its lock');
});

test('a lock left by a dead process is taken over and reported', () => {
  const path = fresh();
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
  writeFileSync(path, JSON.stringify({ pid: Number(dead), host: hostname(), startedAt: 'x', command: 'ear2face train' }));
  const lock = acquireLock(path, 'ear2face train');
  assert.equal(lock.tookOverFrom?.pid, Number(dead));
  assert.equal(JSON.parse(readFileSync(path, 'utf8')).pid, process.pid);
  lock.release();
});

test('an unreadable lock file counts as stale; a lock from another host is never taken over', () => {
  const path = fresh();
  writeFileSync(path, '{"pid": 12'); // a process killed while writing it
  acquireLock(path, 'ear2face train').release();
  writeFileSync(path, JSON.stringify({ pid: 1, host: `not-${hostname()}`, startedAt: 'x', command: 'ear2face train' }));
  assert.throws(() => acquireLock(path, 'ear2face train'), /another machine, so it cannot be checked: delete this file/);
});

test('release leaves a lock that someone else has since taken', () => {
  const path = fresh();
  const lock = acquireLock(path, 'a');
  writeFileSync(path, JSON.stringify({ pid: process.ppid, host: hostname(), startedAt: 'y', command: 'b' }));
  lock.release();
  assert.equal(JSON.parse(readFileSync(path, 'utf8')).command, 'b');
});
