/**
 * A tiny painter's-algorithm rasteriser: layers of signed-distance shapes, each with a colour, are
 * blended back to front into an RgbImage. Edge coverage comes from the distance itself
 * (clamp(½ − d / pixel)), which anti-aliases every edge with one evaluation per pixel at any size.
 */
import type { RgbImage } from '../image_io';
import type { Shape } from './shapes';

/** A colour with channels in [0, 1]. */
export type Rgb = readonly [number, number, number];

/** How much of a shape's distance bound to trust when skipping pixels (a margin for rounding). */
const SAFETY = 0.8;

/** One painted shape. */
export interface Layer {
  shape: Shape;
  colour: Rgb;
  /** Brightness factor over model coordinates (e.g. shading inside a fold); 1 when absent. */
  shade?: (x: number, y: number) => number;
  /** 0..1, default 1. */
  opacity?: number;
  /** Width of a soft edge in model units (shadows, hairlines); never sharper than a pixel. */
  blur?: number;
  /** A name to render masks of one part of a picture (e.g. 'skin'). */
  part?: string;
}

/**
 * Where the model sits in the picture: the model point (cx, cy) lands on the picture point (u, v)
 * (picture coordinates in [0, 1], y down), `scale` picture widths per model unit, rotated by
 * `angle` radians (clockwise on screen, since y points down).
 */
export interface View {
  cx: number;
  cy: number;
  u: number;
  v: number;
  scale: number;
  angle: number;
}

/** Picture-wide lighting: brightness × (1 + gx·(u − ½) + gy·(v − ½)). */
export interface Lighting {
  brightness: number;
  gx: number;
  gy: number;
}

/** Even light: brightness 1, no gradient. */
export const NO_LIGHTING: Lighting = { brightness: 1, gx: 0, gy: 0 };

/** The view that shows model coordinates [0, 1]² as the whole picture. */
export const IDENTITY_VIEW: View = { cx: 0.5, cy: 0.5, u: 0.5, v: 0.5, scale: 1, angle: 0 };

/**
 * Paints `layers` in order over `background` into a size × size picture. With `skipFar` (the
 * default) pixels far from a shape's edge reuse their neighbour's inside/outside answer instead of
 * evaluating the distance; `false` evaluates every pixel (slower, for checking).
 *
 * @example
 * const img = rasterize(64, [{ shape: ellipse(0.5, 0.5, 0.3, 0.3), colour: [1, 0, 0] }], [1, 1, 1]);
 * img.data.slice(0, 3);   // [1, 1, 1] (a white corner; the disc is red)
 */
export function rasterize(size: number, layers: readonly Layer[], background: Rgb, view: View = IDENTITY_VIEW, light: Lighting = NO_LIGHTING, skipFar = true): RgbImage {
  if (!Number.isInteger(size) || size < 1) throw new Error(`rasterize: size must be a positive integer, got ${size}`);
  const rgb = filled(size, background[0], background[1], background[2]);
  for (let i = 0; i < layers.length; i++) paintLayer(rgb, size, layers[i], view, skipFar ? SAFETY : 0);
  return lightAndClamp(rgb, size, light.brightness, light.gx, light.gy);
}

/** A linear RGB buffer of one colour (a separate small function, so it optimises on its own). */
function filled(size: number, r: number, g: number, b: number): Float64Array {
  const rgb = new Float64Array(size * size * 3);
  for (let i = 0; i < rgb.length; i += 3) {
    rgb[i] = r;
    rgb[i + 1] = g;
    rgb[i + 2] = b;
  }
  return rgb;
}

/** The box of model-space corners in picture pixels, clipped to the picture, grown by `margin` pixels. */
function pixelBox(size: number, view: View, box: readonly number[], margin: number): [number, number, number, number] {
  if (!box.every(Number.isFinite)) return [0, 0, size - 1, size - 1];
  const c = Math.cos(view.angle) * view.scale * size;
  const s = Math.sin(view.angle) * view.scale * size;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [bx, by] of [[box[0], box[1]], [box[2], box[1]], [box[0], box[3]], [box[2], box[3]]]) {
    const x = view.u * size + c * (bx - view.cx) - s * (by - view.cy);
    const y = view.v * size + s * (bx - view.cx) + c * (by - view.cy);
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return [Math.max(0, Math.floor(x0 - margin)), Math.max(0, Math.floor(y0 - margin)), Math.min(size - 1, Math.ceil(x1 + margin)), Math.min(size - 1, Math.ceil(y1 + margin))];
}

/** Blends one layer into the linear RGB buffer. */
function paintLayer(rgb: Float64Array, size: number, layer: Layer, view: View, safety: number): void {
  // Picture point p maps to model point R(−angle)·(p − (u, v)) / scale + (cx, cy).
  const cos = Math.cos(view.angle) / view.scale / size;
  const sin = Math.sin(view.angle) / view.scale / size;
  const pixel = 1 / (size * view.scale);
  const width = layer.blur !== undefined && layer.blur > pixel ? layer.blur : pixel;
  const soft = layer.blur !== undefined;
  const opacity = layer.opacity ?? 1;
  const c0 = layer.colour[0], c1 = layer.colour[1], c2 = layer.colour[2];
  const d = layer.shape.d;
  const shade = layer.shade;
  const step = safety / (layer.shape.lipschitz * pixel);
  const [px0, py0, px1, py1] = pixelBox(size, view, layer.shape.box, width / pixel + 1);
  const u0 = view.u * size - 0.5;
  const v0 = view.v * size - 0.5;
  for (let py = py0; py <= py1; py++) {
    const dv = py - v0;
    // Where a pixel is far from the edge, its neighbours along the row are on the same side (the
    // distance changes by at most `lipschitz` per unit moved), so coverage is known without
    // evaluating the shape there.
    let known = 0;
    let knownInside = false;
    for (let px = px0; px <= px1; px++) {
      if (known > 0 && !knownInside) {
        known--;
        continue;
      }
      const du = px - u0;
      const x = cos * du + sin * dv + view.cx;
      const y = -sin * du + cos * dv + view.cy;
      let a = opacity;
      if (known > 0) known--;
      else {
        const dist = d(x, y);
        const margin = Math.abs(dist) - width / 2;
        if (margin > pixel && safety > 0) {
          known = Math.floor(margin * step) - 1;
          knownInside = dist < 0;
        }
        let cover = 0.5 - dist / width;
        if (cover <= 0) continue;
        if (cover > 1) cover = 1;
        if (soft) cover = cover * cover * (3 - 2 * cover);
        a *= cover;
      }
      const s = shade ? shade(x, y) : 1;
      const o = (py * size + px) * 3;
      rgb[o] += (c0 * s - rgb[o]) * a;
      rgb[o + 1] += (c1 * s - rgb[o + 1]) * a;
      rgb[o + 2] += (c2 * s - rgb[o + 2]) * a;
    }
  }
}

/** Applies the lighting, clamps to [0, 1] and maps to [-1, 1]. */
function lightAndClamp(rgb: Float64Array, size: number, brightness: number, gx: number, gy: number): RgbImage {
  const data = new Float32Array(size * size * 3);
  for (let py = 0; py < size; py++) {
    const rowLight = 1 + gy * ((py + 0.5) / size - 0.5);
    for (let px = 0; px < size; px++) {
      const l = brightness * (rowLight + gx * ((px + 0.5) / size - 0.5));
      const o = (py * size + px) * 3;
      for (let k = 0; k < 3; k++) {
        const value = rgb[o + k] * l;
        data[o + k] = (value < 0 ? 0 : value > 1 ? 1 : value) * 2 - 1;
      }
    }
  }
  return { width: size, height: size, data };
}

/**
 * Layers that paint a mask of some parts: white where a layer of `parts` is the topmost named
 * part, black where another named part covers it; unnamed detail layers are left out.
 *
 * @example
 * rasterize(64, maskLayers(faceLayers(id), ['skin']), [0, 0, 0]);   // the visible skin, white
 */
export function maskLayers(layers: readonly Layer[], parts: readonly string[]): Layer[] {
  return layers
    .filter((l) => l.part !== undefined)
    .map((l) => ({ shape: l.shape, colour: parts.includes(l.part as string) ? [1, 1, 1] : [0, 0, 0], blur: l.blur, part: l.part }));
}
