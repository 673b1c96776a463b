import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Throttle } from './throttle';
import { FakeClock } from './fake_clock_test_util';

test('Throttle runs at once, then at most once per interval with one trailing run', () => {
  const clock = new FakeClock();
  const runs: number[] = [];
  const t = new Throttle(() => runs.push(clock.now()), 200, clock);
  t.request(); // t = 0: runs now
  clock.advance(50);
  t.request(); // scheduled for 200
  clock.advance(50);
  t.request(); // joins the scheduled run
  assert.equal(clock.pendingTimers, 1);
  clock.advance(200);
  assert.deepEqual(runs, [0, 200]);
  clock.advance(1000);
  t.request(); // long after: runs now
  assert.deepEqual(runs, [0, 200, 1300]);
  assert.equal(t.pending, false);
});

test('Throttle.flush runs a pending request now; cancel drops it', () => {
  const clock = new FakeClock();
  let runs = 0;
  const t = new Throttle(() => runs++, 200, clock);
  t.request();
  t.request();
  assert.equal(t.pending, true);
  t.flush();
  assert.equal(runs, 2);
  assert.equal(clock.pendingTimers, 0);
  t.flush();
  assert.equal(runs, 2);
  t.request();
  t.cancel();
  clock.advance(1000);
  assert.equal(runs, 2);
});

test('Throttle rejects bad arguments', () => {
  assert.throws(() => new Throttle(null as unknown as () => void, 1), /Throttle: action is object; expected a function/);
  assert.throws(() => new Throttle(() => {}, -1), /Throttle: intervalMs is -1; expected a finite number ≥ 0/);
});
