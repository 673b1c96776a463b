/**
 * A small seedable PRNG (mulberry32) whose whole state is one 32-bit integer, so it can be saved in
 * a checkpoint and restored exactly.
 *
 * @example
 * const rng = new Rng(42);
 * rng.next();           // 0.6011037519201636
 * const saved = rng.state;
 * const again = Rng.fromState(saved);
 */
export class Rng {
  private s: number;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`Rng seed must be a finite number, got ${seed}`);
    this.s = seed >>> 0;
  }

  static fromState(state: number): Rng {
    return new Rng(state);
  }

  get state(): number {
    return this.s;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A fresh 31-bit seed, e.g. for tf ops that take a seed. */
  seed(): number {
    return Math.floor(this.next() * 0x7fffffff);
  }

  /** Standard normal via Box–Muller. */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
