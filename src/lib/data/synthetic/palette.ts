/** Colour helpers for the synthetic renderers. */
import type { Rgb } from './raster';

/**
 * Skin colour for a tone in [0, 1], light to dark, interpolated along a few reference tones.
 *
 * @example
 * skinColour(0);   // [0.97, 0.84, 0.74]
 */
export function skinColour(tone: number): Rgb {
  const stops: Rgb[] = [
    [0.97, 0.84, 0.74],
    [0.9, 0.7, 0.56],
    [0.72, 0.5, 0.35],
    [0.45, 0.29, 0.2],
  ];
  const t = Math.min(1, Math.max(0, tone)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(t));
  const f = t - i;
  return [0, 1, 2].map((k) => stops[i][k] + (stops[i + 1][k] - stops[i][k]) * f) as unknown as Rgb;
}

/**
 * A colour times a factor per channel (or one factor for all).
 *
 * @example
 * tint([0.5, 0.5, 0.5], 0.5);   // [0.25, 0.25, 0.25]
 */
export function tint(c: Rgb, f: number | Rgb): Rgb {
  return typeof f === 'number' ? [c[0] * f, c[1] * f, c[2] * f] : [c[0] * f[0], c[1] * f[1], c[2] * f[2]];
}

/**
 * Linear mix of two colours: t = 0 gives a, 1 gives b.
 *
 * @example
 * mix([0, 0, 0], [1, 1, 1], 0.25);   // [0.25, 0.25, 0.25]
 */
export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/**
 * A cheap smooth-looking periodic wave with period 1 and values in [-1, 1] (two parabola arcs),
 * for hair textures where `Math.sin` per pixel would dominate the rendering time.
 *
 * @example
 * wave(0);     // 1
 * wave(0.5);   // -1
 */
export function wave(t: number): number {
  const s = t - Math.floor(t);
  return 1 - 8 * s * (1 - s);
}
