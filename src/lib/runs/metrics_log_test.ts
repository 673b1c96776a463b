import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastTermsOf, readMetricsLog, repairMetricsLog, trainSecondsOf } from './metrics_log';

const line = (step: number) => JSON.stringify({ step, lr: 0.0002, ms: 10 * step, 'g/l1': step / 4 });
const fresh = (text: string | null): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'e2f-metrics-')), 'metrics.jsonl');
  if (text !== null) writeFileSync(path, text);
  return path;
};

test('a missing file is an empty log; complete lines come back as records', () => {
  assert.deepEqual(readMetricsLog(fresh(null)), { records: [], warning: null });
  const log = readMetricsLog(fresh(`${line(1)}\n${line(2)}\n`));
  assert.equal(log.warning, null);
  assert.deepEqual(log.records, [
    { step: 1, lr: 0.0002, ms: 10, 'g/l1': 0.25 },
    { step: 2, lr: 0.0002, ms: 20, 'g/l1': 0.5 },
  ]);
});

test('a truncated last line is skipped with a warning naming file:line', () => {
  const path = fresh(`${line(1)}\n${line(2)}\n${line(3).slice(0, 12)}`);
  const log = readMetricsLog(path);
  assert.deepEqual(log.records.map((r) => r.step), [1, 2]);
  assert.match(log.warning ?? '', /metrics\.jsonl:3: the last line is cut off \(12 characters, not valid JSON\); it was skipped/);
});

test('a bad line in the middle is an error naming file:line and what is wrong', () => {
  assert.throws(() => readMetricsLog(fresh(`${line(1)}\n{"step":2,\n${line(3)}\n`)), /metrics\.jsonl:2: not valid JSON; expected one JSON object per line/);
  assert.throws(() => readMetricsLog(fresh(`${line(1)}\n{"step":"two"}\n`)), /metrics\.jsonl:2: step is "two"; expected a whole number ≥ 1/);
  assert.throws(() => readMetricsLog(fresh(`{"step":1,"g/l1":null}\n`)), /metrics\.jsonl:1: g\/l1 is null; expected a number/);
  // A complete final line (it ends with a newline) is not a cut-off write: it is an error too.
  assert.throws(() => readMetricsLog(fresh(`${line(1)}\n[1,2]\n`)), /metrics\.jsonl:2: got \[1,2\]; expected an object/);
});

test('repair drops a truncated tail and the steps after the checkpoint, keeping the other lines byte for byte', () => {
  const path = fresh(`${line(1)}\n${line(2)}\n${line(3)}\n${line(4)}\n${line(5).slice(0, 20)}`);
  const r = repairMetricsLog(path, 3);
  assert.equal(r.kept, 3);
  assert.equal(r.dropped, 1);
  assert.equal(r.rewritten, true);
  assert.match(r.truncated ?? '', /metrics\.jsonl:5: the last line is cut off/);
  assert.equal(readFileSync(path, 'utf8'), `${line(1)}\n${line(2)}\n${line(3)}\n`);
  assert.deepEqual(readdirSync(join(path, '..')), ['metrics.jsonl'], 'no temporary file left behind');
});

test('repair adds the newline a complete last line lacks, and leaves a clean file alone', () => {
  const unterminated = fresh(`${line(1)}\n${line(2)}`);
  assert.deepEqual(repairMetricsLog(unterminated, 2), { kept: 2, dropped: 0, truncated: null, rewritten: true });
  assert.equal(readFileSync(unterminated, 'utf8'), `${line(1)}\n${line(2)}\n`);
  const clean = fresh(`${line(1)}\n${line(2)}\n`);
  assert.deepEqual(repairMetricsLog(clean, 5), { kept: 2, dropped: 0, truncated: null, rewritten: false });
  assert.equal(readFileSync(clean, 'utf8'), `${line(1)}\n${line(2)}\n`);
  const missing = fresh(null);
  assert.deepEqual(repairMetricsLog(missing, 0), { kept: 0, dropped: 0, truncated: null, rewritten: false });
  assert.equal(existsSync(missing), false);
});

test('repair refuses a corrupt middle line and leaves the file untouched', () => {
  const text = `${line(1)}\nnot json\n${line(3)}\n`;
  const path = fresh(text);
  assert.throws(() => repairMetricsLog(path, 1), /metrics\.jsonl:2: not valid JSON/);
  assert.equal(readFileSync(path, 'utf8'), text);
  assert.throws(() => repairMetricsLog(path, -1), /lastStep is -1; expected a whole number ≥ 0/);
});

test('lastTerms averages each term over the last 20 records; trainSeconds sums the ms column', () => {
  const records = Array.from({ length: 25 }, (_, i) => ({ step: i + 1, lr: 0.1, ms: 100 * (i + 1), 'g/l1': i + 1, 'd/total': 2 }));
  // Steps 6..25: the mean of 6..25 is 15.5.
  assert.deepEqual(lastTermsOf(records), { 'g/l1': 15.5, 'd/total': 2 });
  assert.deepEqual(lastTermsOf(records, 2), { 'g/l1': 24.5, 'd/total': 2 });
  assert.deepEqual(lastTermsOf([]), {});
  // 100 · (1 + … + 25) ms = 32 500 ms.
  assert.equal(trainSecondsOf(records), 32.5);
});
