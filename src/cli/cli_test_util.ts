/** Running the built `ear2face` command in a child process, for the command tests. */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CLI = join(__dirname, 'main.js');
const env = { ...process.env, EAR2FACE_WASM_THREADS: '1' };

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `ear2face ...args` to the end (stdout and stderr are pipes, so not terminals).
 *
 * @example
 * const r = runCli('train', '--help');   // { status: 0, stdout: 'usage: ear2face train …', stderr: '' }
 */
export function runCli(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Starts `ear2face ...args` without waiting; `done` resolves when it exits.
 *
 * @example
 * const { child, done } = startCli('train', '--steps', '500');
 * child.kill('SIGINT');
 * (await done).status;   // 130
 */
export function startCli(...args: string[]): { child: ChildProcessWithoutNullStreams; done: Promise<CliResult>; output: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<CliResult>((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
  return { child, done, output: () => stdout };
}

/** A fresh empty temporary folder. */
export function tempDir(prefix = 'ear2face-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Flags of the tiniest real training run: 64², width 4, two people in the grid, wasm. */
export const TINY = ['--size', '64', '--ngf', '4', '--ndf', '4', '--samples', '2', '--backend', 'wasm'];
