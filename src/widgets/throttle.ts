/** Rate limiting for live outputs: at most one run per interval, the latest request never lost. */

/** Time and timers, injectable so tests can run a throttle without waiting. */
export interface Clock {
  /** Milliseconds from an arbitrary origin. */
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock; its timers do not keep the process alive (close() or flush() shows the final state). */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => {
    const handle = setTimeout(run, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Runs `action` at most once per `intervalMs`: a request runs it at once when the last run is at
 * least that old, otherwise schedules one trailing run at the end of the interval (further
 * requests meanwhile join it). `flush()` runs a pending request now.
 *
 * @example
 * const t = new Throttle(() => redraw(), 200);
 * for (const r of records) { push(r); t.request(); }   // ≤ 5 redraws a second
 * t.flush();
 */
export class Throttle {
  private last = -Infinity;
  private timer: unknown = null;
  private wanted = false;

  constructor(
    private readonly action: () => void,
    private readonly intervalMs: number,
    private readonly clock: Clock = systemClock,
  ) {
    if (typeof action !== 'function') throw new Error(`Throttle: action is ${typeof action}; expected a function`);
    if (!(intervalMs >= 0) || !Number.isFinite(intervalMs)) throw new Error(`Throttle: intervalMs is ${intervalMs}; expected a finite number ≥ 0`);
  }

  /**
   * Whether a request is waiting for its run.
   *
   * @example
   * t.request(); t.request(); t.pending;   // true (the second waits for the interval)
   */
  get pending(): boolean {
    return this.wanted;
  }

  /**
   * Asks for a run: now if allowed, else at the end of the current interval.
   *
   * @example
   * t.request();
   */
  request(): void {
    this.wanted = true;
    const wait = this.last + this.intervalMs - this.clock.now();
    if (wait <= 0) {
      this.run();
    } else if (this.timer === null) {
      this.timer = this.clock.setTimeout(() => {
        this.timer = null;
        if (this.wanted) this.run();
      }, wait);
    }
  }

  /**
   * Runs a pending request now (nothing when none is pending).
   *
   * @example
   * t.flush();
   */
  flush(): void {
    if (this.wanted) this.run();
  }

  /**
   * Drops a pending request.
   *
   * @example
   * t.cancel();
   */
  cancel(): void {
    this.wanted = false;
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private run(): void {
    this.clearTimer();
    this.wanted = false;
    this.last = this.clock.now();
    this.action();
  }
}
