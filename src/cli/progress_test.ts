import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProgress } from './progress';

/** A stream that records what is written, and a clock the test moves by hand. */
function fakes(isTTY: boolean) {
  const writes: string[] = [];
  const clock = { t: 1_000 };
  return { writes, clock, stream: { isTTY, write: (s: string) => writes.push(s) }, now: () => clock.t };
}

test('into a pipe: one plain line per tenth, with the time left from the rate so far', () => {
  const f = fakes(false);
  const bar = createProgress({ total: 300, label: 'train', stream: f.stream, now: f.now });
  f.clock.t = 11_000;
  bar.update(30, 'g/l1 0.25'); // 10 s for 30 steps: 3 steps/s, 270 left → 90 s
  f.clock.t = 16_000;
  bar.update(45); // still in the first tenth: nothing
  f.clock.t = 26_000;
  bar.update(75); // 25 s for 75: 3/s, 225 left → 75 s
  f.clock.t = 101_000;
  bar.update(300); // the end is left to finish()
  bar.finish('checkpoint saved');
  bar.finish('again'); // ignored
  assert.deepEqual(f.writes, [
    'train [##..................] 30/300 10%  1m 30s left  g/l1 0.25\n',
    'train [#####...............] 75/300 25%  1m 15s left\n',
    'train [####################] 300/300 100%  took 1m 40s  checkpoint saved\n',
  ]);
});

test('a resumed job counts only the units done since the bar started', () => {
  const f = fakes(false);
  const bar = createProgress({ total: 300, label: 'train', start: 100, stream: f.stream, now: f.now });
  f.clock.t += 25_000;
  bar.update(150); // 50 new steps in 25 s: 2/s, 150 left → 75 s
  assert.deepEqual(f.writes, ['train [##########..........] 150/300 50%  1m 15s left\n']);
});

test('on a terminal: one line redrawn in place, at most every 100 ms, always at the last unit', () => {
  const f = fakes(true);
  const bar = createProgress({ total: 300, label: 'train', stream: f.stream, now: f.now });
  bar.update(1); // drawn; no rate yet, so no time left
  f.clock.t += 50;
  bar.update(2); // too soon
  f.clock.t += 49;
  bar.update(3); // too soon (99 ms)
  f.clock.t += 1;
  bar.update(4); // 100 ms: 4 steps in 0.1 s → 40/s, 296 left → 7.4 s
  f.clock.t += 10;
  bar.update(300); // the last unit is drawn at once
  f.clock.t += 90;
  bar.finish();
  assert.deepEqual(f.writes, [
    '\r\x1b[Ktrain [....................] 1/300 0%',
    '\r\x1b[Ktrain [....................] 4/300 1%  7s left',
    '\r\x1b[Ktrain [####################] 300/300 100%  0s left',
    '\r\x1b[Ktrain [####################] 300/300 100%  took 0s\n',
  ]);
});

test('bad totals are refused', () => {
  assert.throws(() => createProgress({ total: 0, label: 'x' }), /total is 0; expected a whole number ≥ 1/);
  assert.throws(() => createProgress({ total: 10, label: 'x', start: 11 }), /start is 11; expected a whole number from 0 to total \(10\)/);
});
