/**
 * Median of a non-empty list (mean of the middle two for an even length).
 *
 * @example
 * median([3, 1, 2]);     // 2
 * median([4, 1, 2, 3]);  // 2.5
 */
export function median(values: number[]): number {
  if (values.length === 0) throw new Error('values: expected at least one number, got an empty list');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
