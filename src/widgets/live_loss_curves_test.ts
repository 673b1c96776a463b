import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { LiveLossCurves } from './live_loss_curves';
import type { LiveDisplay } from './display';
import { setDisplayBackend } from './display';
import { FakeClock } from './fake_clock_test_util';
import { fakeRecords } from './loss_test_records';
import { tagProblems } from './html_test_util';
import { resetPlotlyInlining } from './plotly_library';
import type { StepRecord } from '../lib/train/trainer';
import type { Figure } from './figure';

interface Update {
  at: number;
  html: string;
  summary?: string;
  final?: boolean;
}

function recordingDisplay(clock: FakeClock): { display: LiveDisplay; updates: Update[] } {
  const updates: Update[] = [];
  return {
    updates,
    display: {
      update(content: string | Figure, options = {}) {
        updates.push({ at: clock.now(), html: content as string, summary: options.summary, final: options.final });
      },
    },
  };
}

beforeEach(() => resetPlotlyInlining());
afterEach(() => setDisplayBackend(null));

test('50 pushes within one second redraw at most 5 times, and flush draws the final state', () => {
  const clock = new FakeClock();
  const { display, updates } = recordingDisplay(clock);
  const live = new LiveLossCurves({ totalSteps: 50, clock, display });
  const records = fakeRecords(50);
  for (const r of records) {
    live.push(r, 'base');
    clock.advance(19); // 50 pushes in 950 ms
  }
  const withinSecond = updates.filter((u) => u.at < 1000);
  assert.ok(withinSecond.length <= 5, `${withinSecond.length} redraws in the first second`);
  assert.ok(withinSecond.length >= 4, 'redraws keep coming while steps arrive');
  live.flush();
  const last = updates[updates.length - 1];
  assert.equal(last.final, true);
  assert.match(last.html, /step 50 \/ 50 \(100\.0%\)/);
  assert.ok(last.html.includes('"x":[1,2,3'), 'the curves hold every step');
  assert.equal(live.renders, updates.length);
  assert.ok(updates.length <= 6, `${updates.length} redraws in all`);
  // Nothing new: flush does not redraw again.
  live.flush();
  assert.equal(live.renders, updates.length);
});

test('a trailing redraw shows the last push even when no flush comes', () => {
  const clock = new FakeClock();
  const { display, updates } = recordingDisplay(clock);
  const live = new LiveLossCurves({ clock, display, maxUpdatesPerSecond: 2 });
  const [r1, r2, r3] = fakeRecords(3);
  live.push(r1);
  live.push(r2);
  live.push(r3);
  assert.equal(updates.length, 1);
  clock.advance(500);
  assert.equal(updates.length, 2);
  assert.equal(updates[1].at, 500);
  assert.match(updates[1].html, />run · step 3</);
});

test('the progress line shows step, total, rate and ETA', () => {
  const clock = new FakeClock();
  const { display } = recordingDisplay(clock);
  const live = new LiveLossCurves({ totalSteps: 1000, clock, display });
  assert.equal(live.progressLine(), 'no steps yet');
  const records = fakeRecords(121);
  live.push(records[0], 'base');
  assert.equal(live.progressLine(), 'base · step 1 / 1000 (0.1%)');
  clock.advance(12_000);
  live.push(records[120], 'base');
  // 120 steps in 12 s = 10 steps/s; 880 steps left = 88 s.
  assert.equal(live.progressLine(), 'base · step 121 / 1000 (12.1%) · 10 steps/s · ETA 1m 28s');
  const plain = new LiveLossCurves({ clock, display });
  plain.push(records[0]);
  clock.advance(4000);
  plain.push(records[1]);
  assert.equal(plain.progressLine(), 'run · step 2 · 0.25 steps/s');
});

test('attach follows a trainer until detached, and close draws the final state once', () => {
  const clock = new FakeClock();
  const { display, updates } = recordingDisplay(clock);
  const listeners = new Set<(r: StepRecord) => void>();
  const trainer = {
    onStep(listener: (r: StepRecord) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const live = new LiveLossCurves({ clock, display });
  const detach = live.attach(trainer, 'style');
  const records = fakeRecords(3);
  for (const r of records.slice(0, 2)) listeners.forEach((l) => l(r));
  assert.deepEqual(Object.keys(live.runs), ['style']);
  assert.equal(live.runs.style.length, 2);
  detach();
  assert.equal(listeners.size, 0);
  assert.equal(updates[updates.length - 1].final, true);
  live.attach(trainer, 'second');
  live.close();
  assert.equal(listeners.size, 0);
  const count = updates.length;
  live.close();
  assert.equal(updates.length, count);
  assert.throws(() => live.push(records[2]), /LiveLossCurves.push: called after close\(\); expected a new LiveLossCurves/);
});

test('with no steps the output is a valid "no steps yet" block', () => {
  const clock = new FakeClock();
  const { display, updates } = recordingDisplay(clock);
  const live = new LiveLossCurves({ clock, display });
  const html = live.render();
  assert.equal(updates.length, 1);
  assert.deepEqual(tagProblems(html), []);
  assert.ok(html.includes('no steps yet'));
  assert.ok(!html.includes('__ear2facePlotly.install('), 'live outputs never carry plotly.js');
});

test('run names are escaped in the progress line and the table', () => {
  const clock = new FakeClock();
  const { display } = recordingDisplay(clock);
  const live = new LiveLossCurves({ clock, display });
  const evil = '<script>alert(1)</script>';
  live.push(fakeRecords(1)[0], evil);
  const html = live.render();
  assert.ok(!html.includes(evil));
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt; · step 1'));
  assert.deepEqual(tagProblems(html), []);
});

test('without a display option the default live display is used (text outside a notebook)', () => {
  const shown: string[] = [];
  setDisplayBackend({ rich: false, display: { show: () => {} }, newDisplay: () => ({ show: (_h, summary) => shown.push(summary) }) });
  const live = new LiveLossCurves({ totalSteps: 2 });
  live.push(fakeRecords(1)[0]);
  live.close();
  assert.deepEqual(shown, ['run · step 1 / 2 (50.0%) · d/total 2 · g/total 4', 'run · step 1 / 2 (50.0%) · d/total 2 · g/total 4']);
});

test('LiveLossCurves rejects bad options and records', () => {
  assert.throws(() => new LiveLossCurves({ maxUpdatesPerSecond: 0 }), /maxUpdatesPerSecond is 0; expected a finite number > 0/);
  assert.throws(() => new LiveLossCurves({ totalSteps: 1.5 }), /totalSteps is 1.5; expected a positive integer/);
  assert.throws(() => new LiveLossCurves({ smoothing: 2 }), /options.smoothing is 2/);
  const live = new LiveLossCurves({ display: { update() {} } });
  assert.throws(() => live.push({ step: 1 } as StepRecord), /LiveLossCurves.push: record is \{"step":1\}; expected a StepRecord/);
  assert.throws(() => live.push(fakeRecords(1)[0], ''), /runName is ""; expected a non-empty string/);
  assert.throws(() => live.attach({} as never), /LiveLossCurves.attach: source is object; expected a Trainer or \{ onStep\(listener\) \}/);
  live.close();
});
