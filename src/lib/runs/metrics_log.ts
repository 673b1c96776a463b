/**
 * Reading and repairing a run's metrics.jsonl. Training appends one line per step, so a process
 * killed mid-write leaves at most a truncated last line; and steps taken after the last checkpoint
 * are trained again on resume, so their lines must go before the new ones are appended.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { StepMetrics } from './run_files';

export interface MetricsLog {
  /** One record per complete line, in file order. */
  records: StepMetrics[];
  /** Set when the last line was cut off (no newline, not valid JSON) and was skipped. */
  warning: string | null;
}

interface Line {
  /** 1-based line number in the file. */
  number: number;
  text: string;
  record: StepMetrics;
}

/** A parsed line, or the reason it is not a StepMetrics record. */
function parseLine(text: string): StepMetrics | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `got ${JSON.stringify(value)}; expected an object`;
  const record = value as Record<string, unknown>;
  if (typeof record.step !== 'number' || !Number.isInteger(record.step) || record.step < 1) {
    return `step is ${JSON.stringify(record.step)}; expected a whole number ≥ 1`;
  }
  for (const [key, v] of Object.entries(record)) {
    if (typeof v !== 'number') return `${key} is ${JSON.stringify(v)}; expected a number`;
  }
  return record as StepMetrics;
}

/** The complete lines of `path` and whether a truncated last line was skipped; throws on any other bad line. */
function readLines(path: string): { lines: Line[]; truncated: string | null; endsClean: boolean } {
  if (!existsSync(path)) return { lines: [], truncated: null, endsClean: true };
  const text = readFileSync(path, 'utf8');
  const endsClean = text.length === 0 || text.endsWith('\n');
  const raw = text.split('\n');
  if (endsClean) raw.pop(); // the empty string after the final newline
  const lines: Line[] = [];
  let truncated: string | null = null;
  raw.forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = parseLine(line);
    if (typeof parsed !== 'string') {
      lines.push({ number: i + 1, text: line, record: parsed });
      return;
    }
    // Only the very end of the file can be a write that was cut short.
    if (i === raw.length - 1 && !endsClean) {
      truncated = `${path}:${i + 1}: the last line is cut off (${line.length} characters, ${parsed}); it was skipped`;
      return;
    }
    throw new Error(`${path}:${i + 1}: ${parsed}; expected one JSON object per line with a whole-number "step" and numeric values`);
  });
  return { lines, truncated, endsClean };
}

/**
 * The records of a metrics.jsonl file: [] when it does not exist; a truncated last line is
 * skipped with a warning; any other bad line throws an error naming `file:line`.
 *
 * @example
 * const { records, warning } = readMetricsLog('runs/demo/metrics.jsonl');
 * records.map((r) => r['g/l1']);   // the L1 term of every step
 * if (warning) console.warn(warning);
 */
export function readMetricsLog(path: string): MetricsLog {
  const { lines, truncated } = readLines(path);
  return { records: lines.map((l) => l.record), warning: truncated };
}

/** What {@link repairMetricsLog} did. */
export interface MetricsRepair {
  /** Records kept (step ≤ lastStep). */
  kept: number;
  /** Records removed because their step is after `lastStep`. */
  dropped: number;
  /** The truncated last line that was removed, described, or null. */
  truncated: string | null;
  /** Whether the file was rewritten. */
  rewritten: boolean;
}

/**
 * Makes `path` fit a run resumed from the checkpoint at `lastStep`: removes a truncated last line
 * and every record with a step after `lastStep` (those steps are trained again), keeping the other
 * lines byte for byte. The file is replaced atomically (a temporary file, then a rename) and only
 * when something changes; a bad line elsewhere throws (naming file:line) and leaves it untouched.
 *
 * @example
 * repairMetricsLog('runs/demo/metrics.jsonl', 200);   // { kept: 200, dropped: 37, truncated: null, rewritten: true }
 */
export function repairMetricsLog(path: string, lastStep: number): MetricsRepair {
  if (!Number.isInteger(lastStep) || lastStep < 0) throw new Error(`repairMetricsLog: lastStep is ${lastStep}; expected a whole number ≥ 0`);
  const { lines, truncated, endsClean } = readLines(path);
  const kept = lines.filter((l) => l.record.step <= lastStep);
  const dropped = lines.length - kept.length;
  const rewritten = dropped > 0 || truncated !== null || !endsClean;
  if (rewritten) {
    const tmp = `${path}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, kept.map((l) => `${l.text}\n`).join(''));
      renameSync(tmp, path);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  }
  return { kept: kept.length, dropped, truncated, rewritten };
}

/** Columns of a metrics line that are not loss terms. */
const NOT_TERMS = new Set(['step', 'lr', 'ms']);

/**
 * Each loss term averaged over the last `count` (default 20) records — final.json's `lastTerms`.
 * A term missing from some of those records is averaged over the records that have it.
 *
 * @example
 * lastTermsOf([{ step: 1, lr: 1, ms: 5, 'g/l1': 0.4 }, { step: 2, lr: 1, ms: 5, 'g/l1': 0.2 }]);   // { 'g/l1': 0.3 }
 */
export function lastTermsOf(records: readonly StepMetrics[], count = 20): Record<string, number> {
  const sums = new Map<string, { sum: number; n: number }>();
  for (const record of records.slice(-count)) {
    for (const [key, value] of Object.entries(record)) {
      if (NOT_TERMS.has(key)) continue;
      const s = sums.get(key) ?? { sum: 0, n: 0 };
      s.sum += value;
      s.n += 1;
      sums.set(key, s);
    }
  }
  return Object.fromEntries([...sums].map(([key, { sum, n }]) => [key, sum / n]));
}

/**
 * Training time in seconds: the sum of the `ms` column — final.json's `trainSeconds`.
 *
 * @example
 * trainSecondsOf([{ step: 1, lr: 1, ms: 1500 }, { step: 2, lr: 1, ms: 500 }]);   // 2
 */
export function trainSecondsOf(records: readonly StepMetrics[]): number {
  return records.reduce((s, r) => s + (Number.isFinite(r.ms) ? r.ms : 0), 0) / 1000;
}
