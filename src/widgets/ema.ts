/** Exponential moving average for noisy loss curves. */

/**
 * The EMA of `values` with weight `smoothing` on the past: s₀ = v₀, sᵢ = smoothing·sᵢ₋₁ +
 * (1 − smoothing)·vᵢ, over finite values only; a non-finite value gives NaN at its position and
 * leaves the average unchanged. `smoothing` 0 returns the values themselves.
 *
 * @example
 * emaSmooth([1, 3, 3], 0.5);     // [1, 2, 2.5]
 * emaSmooth([1, NaN, 3], 0.5);   // [1, NaN, 2]
 */
export function emaSmooth(values: ArrayLike<number>, smoothing: number): number[] {
  if (typeof smoothing !== 'number' || !(smoothing >= 0 && smoothing <= 0.99)) {
    throw new Error(`emaSmooth: smoothing is ${smoothing}; expected a number in [0, 0.99]`);
  }
  const out = new Array<number>(values.length);
  let state: number | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = NaN;
      continue;
    }
    state = state === undefined ? v : smoothing * state + (1 - smoothing) * v;
    out[i] = state;
  }
  return out;
}
