/** The step both renderers share: a person's layers, placed by the picture's jitter, lit and rasterised — or one mask of parts. */
import type { RgbImage } from '../rgb_image';
import type { PictureJitter } from './picture_jitter';
import { maskLayers, rasterize, type Layer, type Rgb } from './raster';

/**
 * Rasterises `layers` around the centre (cx, cy), moved, scaled and turned by `jitter` and lit by
 * it; with `parts`, a mask instead: white where a layer of those parts is, black elsewhere, unlit.
 *
 * @example
 * renderPicture(64, layers, skin, earJitterFor(7, 0, 0), { cx: 0.5, cy: 0.52 });
 */
export function renderPicture(
  size: number,
  layers: readonly Layer[],
  background: Rgb,
  jitter: PictureJitter,
  centre: { cx: number; cy: number },
  parts?: readonly string[],
): RgbImage {
  const view = { cx: centre.cx, cy: centre.cy, u: centre.cx + jitter.dx, v: centre.cy + jitter.dy, scale: jitter.scale, angle: jitter.angle };
  if (parts) return rasterize(size, maskLayers(layers, parts), [0, 0, 0], view, { brightness: 1, gx: 0, gy: 0 });
  return rasterize(size, layers, background, view, { brightness: jitter.brightness, gx: jitter.gx, gy: jitter.gy });
}
