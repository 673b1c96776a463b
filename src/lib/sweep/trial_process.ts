/**
 * One trial's training process: `ear2face train --config trial.json --out <trial folder>` in a
 * child process, its stdout and stderr appended to the trial's train.log, its `step N/M` lines
 * reported as they come, and the last lines kept for a failure report.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES } from '../runs/run_files';

/** The `ear2face` command of this package. */
export const CLI_MAIN = join(__dirname, '..', '..', 'cli', 'main.js');

/** What a trial command is given. */
export interface TrialLaunch {
  index: number;
  name: string;
  /** The trial's run folder, absolute. */
  dir: string;
  /** Its trial.json, absolute. */
  config: string;
  /** The step the trial runs to. */
  steps: number;
}

/** The program and arguments that train one trial. */
export type TrialCommand = (trial: TrialLaunch) => { command: string; args: string[] };

/**
 * `node dist/cli/main.js train --config <dir>/trial.json --out <dir>`.
 *
 * @example
 * defaultTrialCommand({ index: 0, name: 'trial-000', dir: '/s/trials/trial-000', config: '/s/trials/trial-000/trial.json', steps: 200 });
 * // { command: '/usr/bin/node', args: ['…/dist/cli/main.js', 'train', '--config', '/s/trials/trial-000/trial.json', '--out', '/s/trials/trial-000'] }
 */
export const defaultTrialCommand: TrialCommand = (t) => ({
  command: process.execPath,
  args: [CLI_MAIN, 'train', '--config', t.config, '--out', t.dir],
});

/** How the process ended. */
export interface TrialExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  spawnError: Error | null;
  /** Its last output lines (stdout and stderr as they arrived). */
  logTail: string[];
}

export interface TrialProcess {
  pid: number | undefined;
  /** Asks the process to stop: SIGINT, on which `ear2face train` saves a checkpoint and exits 130. */
  interrupt(): void;
  ended: Promise<TrialExit>;
}

export interface TrialProcessOptions {
  command: TrialCommand;
  env: NodeJS.ProcessEnv;
  /** Each complete output line. */
  onLine?: (line: string) => void;
  /** Each `step N/M` line. */
  onStep?: (step: number) => void;
  /** Output lines kept for the failure report. */
  tailLines?: number;
}

const STEP_LINE = /^step (\d+)\/\d+/;

/**
 * Starts `trial`'s process. Output is appended to train.log in the trial folder, after a header
 * line with the time and command.
 *
 * @example
 * const p = startTrialProcess(launch, { command: defaultTrialCommand, env: process.env, onStep: (s) => console.log(s) });
 * const exit = await p.ended;   // { code: 0, signal: null, spawnError: null, logTail: [...] }
 */
export function startTrialProcess(trial: TrialLaunch, options: TrialProcessOptions): TrialProcess {
  const { command, args } = options.command(trial);
  const tailLines = options.tailLines ?? 30;
  const log = openSync(join(trial.dir, RUN_FILES.log), 'a');
  writeSync(log, `\n=== ${new Date().toISOString()} ear2face sweep runs: ${[command, ...args].join(' ')}\n`);
  const tail: string[] = [];
  // cwd = the trial folder, where trial.json lives: its relative paths mean the same from there.
  const child = spawn(command, args, { cwd: trial.dir, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });

  const lineReader = () => {
    let partial = '';
    return (chunk: Buffer | null) => {
      const text = chunk === null ? `${partial}\n` : partial + chunk.toString('utf8');
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const raw of lines) {
        const line = raw.replace(/\r$/, '');
        if (chunk === null && line === '') continue;
        tail.push(line);
        if (tail.length > tailLines) tail.shift();
        options.onLine?.(line);
        const m = STEP_LINE.exec(line);
        if (m) options.onStep?.(Number(m[1]));
      }
    };
  };
  for (const stream of [child.stdout, child.stderr]) {
    const read = lineReader();
    stream.on('data', (chunk: Buffer) => {
      writeSync(log, chunk);
      read(chunk);
    });
    stream.on('end', () => read(null));
  }

  const ended = new Promise<TrialExit>((resolvePromise) => {
    let spawnError: Error | null = null;
    child.on('error', (e) => {
      spawnError = e;
      tail.push(`could not start ${command}: ${e.message}`);
    });
    // 'close' comes after the output streams have ended, so the log is complete.
    child.on('close', (code, signal) => {
      writeSync(log, `=== ${new Date().toISOString()} ${signal ? `killed by ${signal}` : `exit code ${code}`}\n`);
      closeSync(log);
      resolvePromise({ code, signal, spawnError, logTail: [...tail] });
    });
  });
  return {
    pid: child.pid,
    interrupt: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    },
    ended,
  };
}
