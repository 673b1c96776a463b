/**
 * The ear picture of a synthetic identity: the right ear seen from the side (face to the right),
 * with helix, antihelix, concha, tragus and lobe, the skin around it, hair above and behind it and
 * a sideburn in front, the jaw line below. Per picture a small pose/scale/position/lighting jitter.
 */
import type { RgbImage } from '../image_io';
import type { Rng } from '../../util/rng';
import { type Layer, type Rgb } from './raster';
import { renderPicture } from './render_picture';
import { bezier, ellipse, grow, halfPlane, intersect, place, smoothIntersect, smoothUnion, squircle, stroke, subtract, union, type Placement, type Shape } from './shapes';
import { HAIR_COLOURS, type SyntheticIdentity } from './identity';
import { mix, skinColour, tint, wave } from './palette';
import { sessionBrightness, STREAM, streamFor } from './seeds';
import type { PictureJitter } from './picture_jitter';

/** What changes between two pictures of the same ear (the shift is of the ear's centre). */
export type EarJitter = PictureJitter;

/**
 * Draws a picture's own jitter: tilt ±10°, zoom ±6 %, shift ±4 % of the width, brightness ±4 %
 * (on top of the pair's session brightness), a light gradient of ±20 % across the picture.
 *
 * @example
 * randomEarJitter(new Rng(1)).scale;   // within [0.94, 1.06]
 */
export function randomEarJitter(rng: Rng): EarJitter {
  const u = () => rng.next() * 2 - 1;
  return { angle: u() * 0.175, scale: 1 + 0.06 * u(), dx: 0.04 * u(), dy: 0.04 * u(), brightness: 1 + 0.04 * u(), gx: 0.2 * u(), gy: 0.2 * u() };
}

/** No jitter: the canonical picture of an ear. */
export const NO_EAR_JITTER: EarJitter = { angle: 0, scale: 1, dx: 0, dy: 0, brightness: 1, gx: 0, gy: 0 };

/**
 * The jitter of ear picture `picture` of `subject` in a dataset with this seed, its brightness
 * including the pair's session brightness.
 *
 * @example
 * earJitterFor(7, 0, 0).angle;   // the same every time
 */
export function earJitterFor(seed: number, subject: number, picture: number): EarJitter {
  const own = randomEarJitter(streamFor(STREAM.ear, seed, subject, picture));
  return { ...own, brightness: own.brightness * sessionBrightness(seed, subject, picture) };
}

/**
 * Ear height in picture widths for an ear size parameter in [0, 1] (before the picture's zoom).
 *
 * @example
 * earHeight(1);   // 0.72
 */
export function earHeight(earSize: number): number {
  return 0.46 + 0.26 * earSize;
}

/** The outline of the ear in its own frame: one unit tall, centred, front (face side) at +x. */
function earOutline(id: SyntheticIdentity): { outer: Shape; upper: Shape } {
  // An angular helix is a squarer outline; a round one is an ellipse.
  const upper = squircle(0, -0.1, 0.29, 0.4, 0.9 * (1 - id.helixRoundness));
  const lobe =
    id.lobe === 'free'
      ? ellipse(0.01, 0.3, 0.17, 0.2)
      : // An attached lobe is cut by a line rising towards the cheek: no hanging part.
        smoothIntersect(ellipse(0.05, 0.24, 0.21, 0.26), halfPlane(-0.08, 0.4, 0.45, 1), 0.06);
  return { outer: smoothUnion(upper, lobe, 0.16), upper };
}

/**
 * All layers of one ear picture, in the head's frame (picture widths, before the jitter view):
 * to inspect or recolour parts, or to rasterise with another view.
 *
 * @example
 * rasterize(64, earLayers(identityFor(0, 0)), skinColour(0.5));   // the ear without jitter
 */
export function earLayers(id: SyntheticIdentity): Layer[] {
  const skin = skinColour(id.skinTone);
  const earSkin = tint(skin, [0.98, 0.9, 0.88]);
  const hair = HAIR_COLOURS[id.hairColour];
  const h = earHeight(id.earSize);
  const at: Placement = { x: 0.5, y: 0.52, scale: h, angle: -0.22 };
  const top = at.y - h / 2;
  const back = at.x - 0.3 * h;
  const front = at.x + 0.26 * h;
  const { outer, upper } = earOutline(id);
  const P = (s: Shape) => place(s, at);
  const layers: Layer[] = [];

  // The jaw's shadow below and in front of the lobe.
  layers.push({ shape: intersect(halfPlane(0.5, at.y + h * 0.62, 0.5, -1), halfPlane(at.x - 0.05, 0, -1, 0)), colour: SHADOW, blur: 0.12, opacity: 0.18 });

  // Hair: everything outside a rounded box of bare skin around the ear, and a sideburn in front.
  const yTop = top - 0.02 - 0.2 * (1 - id.hairline);
  const xBack = back - 0.03 - 0.2 * (1 - id.hairline);
  const bare = squircle(1.2, 1.3, 1.2 - xBack, 1.3 - yTop, 0.6);
  const sideburnEnd = top + h * (0.05 + 0.45 * id.hairline);
  const sideburn = stroke([front + 0.1, yTop - 0.06, front + 0.09, sideburnEnd], 0.065, 0.03);
  const everywhere = halfPlane(0, -1e3, 0, -1);
  layers.push({ shape: union(subtract(everywhere, bare), sideburn), colour: hair, shade: hairStrands, blur: 0.012, part: 'hair' });

  // Soft shadow the ear casts on the head (light from the front), and under a free lobe.
  layers.push({ shape: place(grow(outer, 0.03), { ...at, x: at.x - 0.02, y: at.y + 0.01 }), colour: SHADOW, blur: 0.06, opacity: 0.3 });
  if (id.lobe === 'free') layers.push({ shape: P(ellipse(0.12, 0.46, 0.1, 0.045, -0.3)), colour: SHADOW, blur: 0.04, opacity: 0.3 });

  // The ear: a thin dark contour, the body, the hollow inside the folded helix rim.
  layers.push({ shape: P(grow(outer, 0.012)), colour: tint(earSkin, 0.55), blur: 0.012 });
  const bodyShade = (x: number) => 0.92 + 0.12 * Math.min(1, Math.max(0, (x - at.x) / h + 0.5));
  layers.push({ shape: P(outer), colour: earSkin, shade: bodyShade, part: 'ear' });
  if (id.lobe === 'attached') {
    // The crease where the lobe runs into the cheek.
    layers.push({ shape: P(stroke([-0.06, 0.41, 0.24, 0.29], 0.012)), colour: tint(earSkin, 0.6), blur: 0.025, opacity: 0.8 });
  }
  const rimWidth = 0.085;
  const hollow = smoothUnion(intersect(grow(upper, -rimWidth), halfPlane(0, 0.22, 0, 1)), ellipse(0.08, 0.07, 0.14, 0.16, 0.2), 0.05);
  // The rim overhangs the hollow: a dark edge right under it, lighter further in.
  layers.push({ shape: P(hollow), colour: tint(earSkin, 0.55), blur: 0.012 });
  layers.push({ shape: P(grow(hollow, -0.025)), colour: tint(earSkin, 0.8), blur: 0.04 });
  const rimLight = intersect(subtract(grow(upper, -0.02), grow(upper, -0.045)), halfPlane(0.12, 0, 1, 0.25));
  layers.push({ shape: P(rimLight), colour: mix(earSkin, [1, 1, 1], 0.3), blur: 0.02, opacity: 0.5 });

  // Antihelix: a Y-shaped ridge, its stem above the antitragus and its two crura forward at the top,
  // with a shadow on its front side.
  const stem = bezier([0.0, 0.2], [-0.19, 0.12], [-0.2, -0.16], [-0.02, -0.32], 6);
  const lowerCrus = bezier([-0.14, -0.08], [-0.08, -0.13], [0.0, -0.15], [0.1, -0.16], 4);
  const ridge = union(stroke(stem, 0.055, 0.03), stroke(lowerCrus, 0.035, 0.022));
  layers.push({ shape: place(ridge, { ...at, x: at.x + 0.012, y: at.y + 0.006 }), colour: tint(earSkin, 0.5), blur: 0.03, opacity: 0.7 });
  layers.push({ shape: P(ridge), colour: tint(earSkin, 1.06), blur: 0.025 });

  // Concha, the dark bowl, and the ear canal at its front.
  layers.push({ shape: P(ellipse(0.08, 0.08, 0.095, 0.11, 0.2)), colour: tint(earSkin, 0.42), blur: 0.06 });
  layers.push({ shape: P(ellipse(0.17, 0.09, 0.04, 0.06)), colour: tint(earSkin, 0.22), blur: 0.03 });
  // Crus of the helix: the rim's root dipping into the concha.
  layers.push({ shape: P(stroke(bezier([0.29, -0.17], [0.22, -0.12], [0.16, -0.08], [0.1, -0.05], 4), 0.028, 0.01)), colour: tint(earSkin, 0.85), blur: 0.03 });
  // Tragus: the small flap in front of the canal, with its shadow; the antitragus bump opposite.
  layers.push({ shape: P(ellipse(0.22, 0.1, 0.05, 0.085, -0.2)), colour: SHADOW, blur: 0.04, opacity: 0.35 });
  layers.push({ shape: P(ellipse(0.265, 0.09, 0.055, 0.085, -0.2)), colour: tint(earSkin, 1.03), blur: 0.02, part: 'ear' });
  layers.push({ shape: P(ellipse(0.02, 0.2, 0.06, 0.04, -0.5)), colour: tint(earSkin, 1.04), blur: 0.025 });
  return layers;
}

/** Fine strands along the hair with a slow wave, as a brightness factor. */
function hairStrands(x: number, y: number): number {
  return 0.965 + 0.035 * wave(25 * (0.8 * x + 0.6 * y) + wave(1.4 * x - 2 * y));
}

const SHADOW: Rgb = [0, 0, 0];

/**
 * Renders one ear picture (size × size, values in [-1, 1]). With `parts`, renders a mask instead:
 * white where the named parts ('ear', 'hair') are visible, black elsewhere, without lighting.
 *
 * @example
 * const img = renderEar(identityFor(7, 0), 128, earJitterFor(7, 0, 0));
 * img.width;   // 128
 * const hairMask = renderEar(identityFor(7, 0), 64, NO_EAR_JITTER, ['hair']);
 */
export function renderEar(id: SyntheticIdentity, size: number, jitter: EarJitter = NO_EAR_JITTER, parts?: readonly string[]): RgbImage {
  return renderPicture(size, earLayers(id), skinColour(id.skinTone), jitter, { cx: 0.5, cy: 0.52 }, parts);
}
