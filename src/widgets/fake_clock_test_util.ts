/** A fake clock for the throttling tests. */
import type { Clock } from './throttle';

/**
 * A clock whose time moves only by advance(), firing due timers in order.
 *
 * @example
 * const clock = new FakeClock();
 * clock.setTimeout(() => console.log(clock.now()), 100);
 * clock.advance(150);   // logs 100
 */
export class FakeClock implements Clock {
  time = 0;
  private timers: Array<{ at: number; run: () => void; id: number }> = [];
  private nextId = 1;
  now(): number {
    return this.time;
  }
  setTimeout(run: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, run, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.run();
    }
    this.time = end;
  }
  get pendingTimers(): number {
    return this.timers.length;
  }
}
