/** Short human-readable durations for progress lines. */

/**
 * `seconds` as '42s', '1m 46s' or '2h 03m'; '?' when not a finite non-negative number.
 *
 * @example
 * formatDuration(106);    // '1m 46s'
 * formatDuration(7380);   // '2h 03m'
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
