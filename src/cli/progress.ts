/**
 * A progress bar for long command-line jobs. On a terminal it redraws one line in place (at most
 * ten times a second); into a file or a pipe it writes a plain line at every tenth of the way, so
 * logs stay short and readable. The time left comes from the rate since the bar started.
 */
import { formatDuration } from '../widgets/duration';

/** Where the bar is drawn: process.stderr, or anything with `write` (and `isTTY` for a terminal). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressOptions {
  /** Units of work in all (e.g. the run's last step). */
  total: number;
  /** Printed first on every line, e.g. 'train'. */
  label: string;
  /** Units already done when the bar starts (a resumed run): the rate counts only the new ones. Default 0. */
  start?: number;
  /** Default process.stderr. */
  stream?: ProgressStream;
  /** Milliseconds clock (tests pass a fake one). Default Date.now. */
  now?: () => number;
}

export interface Progress {
  /** `done` units are done now; `note` (e.g. the latest loss) goes at the end of the line. */
  update(done: number, note?: string): void;
  /** Draws the last state with the time taken and ends the line. Later calls do nothing. */
  finish(note?: string): void;
}

const BAR_WIDTH = 20;
/** Fewest milliseconds between two redraws on a terminal. */
const REDRAW_MS = 100;

/**
 * A progress bar on `stream` (see {@link ProgressOptions}).
 *
 * @example
 * const bar = createProgress({ total: 300, label: 'train' });
 * bar.update(45, 'g/l1 0.231');   // train [###.................] 45/300 15%  1m 20s left  g/l1 0.231
 * bar.finish();                   // train [####################] 300/300 100%  took 8m 53s
 */
export function createProgress(options: ProgressOptions): Progress {
  const { total, label, start = 0, stream = process.stderr, now = Date.now } = options;
  if (!Number.isInteger(total) || total < 1) throw new Error(`createProgress: total is ${total}; expected a whole number ≥ 1`);
  if (!Number.isInteger(start) || start < 0 || start > total) throw new Error(`createProgress: start is ${start}; expected a whole number from 0 to total (${total})`);
  const tty = stream.isTTY === true;
  const t0 = now();
  let done = start;
  let lastDraw = -Infinity;
  let lastTenth = Math.floor((10 * start) / total);
  let finished = false;

  const line = (tail: string, note?: string): string => {
    const filled = Math.floor((BAR_WIDTH * done) / total);
    const bar = '#'.repeat(filled) + '.'.repeat(BAR_WIDTH - filled);
    const parts = [`${label} [${bar}] ${done}/${total} ${Math.floor((100 * done) / total)}%`, tail, note].filter((p) => p !== undefined && p !== '');
    return parts.join('  ');
  };
  const timeLeft = (t: number): string => {
    const seconds = (t - t0) / 1000;
    if (done <= start || seconds <= 0) return '';
    return `${formatDuration(((total - done) * seconds) / (done - start))} left`;
  };

  return {
    update(value: number, note?: string): void {
      if (finished) return;
      done = Math.max(0, Math.min(total, value));
      const t = now();
      if (tty) {
        // The last unit is always drawn, so the bar never stops short of where the job stopped.
        if (t - lastDraw < REDRAW_MS && done < total) return;
        lastDraw = t;
        stream.write(`\r\x1b[K${line(timeLeft(t), note)}`);
        return;
      }
      const tenth = Math.floor((10 * done) / total);
      // 100% is left to finish(), which says how long it took.
      if (tenth > lastTenth && done < total) {
        lastTenth = tenth;
        stream.write(`${line(timeLeft(t), note)}\n`);
      }
    },
    finish(note?: string): void {
      if (finished) return;
      finished = true;
      const took = `took ${formatDuration((now() - t0) / 1000)}`;
      stream.write(`${tty ? '\r\x1b[K' : ''}${line(took, note)}\n`);
    },
  };
}
