/**
 * The frontal face picture of a synthetic identity: a face whose width follows the ear size, whose
 * jaw follows the lobe and whose length follows the helix, hair with temples and sideburns set by
 * the hairline, ears at the sides, and eyes, brows, nose and mouth the ear says nothing about.
 */
import type { RgbImage } from '../image_io';
import type { Rng } from '../../util/rng';
import { type Layer, type Rgb } from './raster';
import { renderPicture } from './render_picture';
import { bezier, ellipse, grow, halfPlane, intersect, smoothUnion, squircle, stroke, union, type Shape } from './shapes';
import { EYE_COLOURS, HAIR_COLOURS, type SyntheticIdentity } from './identity';
import { mix, skinColour, tint, wave } from './palette';
import { sessionBrightness, STREAM, streamFor } from './seeds';
import type { PictureJitter } from './picture_jitter';

/** What changes between two pictures of the same face: the picture's jitter and the expression. */
export interface FaceJitter extends PictureJitter {
  /** Expression: mouth corners up (> 0) or down (< 0). */
  smile: number;
}

/**
 * Draws a picture's own jitter: roll ±3°, zoom ±3 %, shift ±2 %, brightness ±4 % (on top of the
 * pair's session brightness), a light gradient of ±12 %, a slight smile or frown.
 *
 * @example
 * randomFaceJitter(new Rng(1)).angle;   // within ±0.052 rad
 */
export function randomFaceJitter(rng: Rng): FaceJitter {
  const u = () => rng.next() * 2 - 1;
  return { angle: 0.052 * u(), scale: 1 + 0.03 * u(), dx: 0.02 * u(), dy: 0.02 * u(), brightness: 1 + 0.04 * u(), gx: 0.12 * u(), gy: 0.12 * u(), smile: u() };
}

/** No jitter: the canonical face. */
export const NO_FACE_JITTER: FaceJitter = { angle: 0, scale: 1, dx: 0, dy: 0, brightness: 1, gx: 0, gy: 0, smile: 0 };

/**
 * The jitter of face picture `picture` of `subject` in a dataset with this seed, its brightness
 * including the pair's session brightness.
 *
 * @example
 * faceJitterFor(7, 0, 0).smile;   // the same every time
 */
export function faceJitterFor(seed: number, subject: number, picture: number): FaceJitter {
  const own = randomFaceJitter(streamFor(STREAM.face, seed, subject, picture));
  return { ...own, brightness: own.brightness * sessionBrightness(seed, subject, picture) };
}

/**
 * Half the face width in picture widths for an ear size in [0, 1]: bigger ears, wider face.
 *
 * @example
 * faceHalfWidth(0);   // 0.19
 */
export function faceHalfWidth(earSize: number): number {
  return 0.19 + 0.09 * earSize;
}

/**
 * The region above the hairline y = top + (temple − top)·smoothstep(|x − cx| / w), flat beyond
 * the temples; the distance is divided by the slope's length so edges stay one pixel soft.
 */
function aboveHairline(cx: number, w: number, top: number, temple: number): Shape {
  const k = temple - top;
  return {
    d: (x, y) => {
      const t = Math.min(1, Math.abs(x - cx) / w);
      const slope = (6 * k * t * (1 - t)) / w;
      return (y - top - k * t * t * (3 - 2 * t)) / Math.sqrt(1 + slope * slope);
    },
    box: [cx - w - 0.1, -Infinity, cx + w + 0.1, Math.max(top, temple) + 0.01],
    // Dividing by the slope's length keeps the change near one per unit; bent curves add a little.
    lipschitz: 1.5,
  };
}

const BACKDROP: Rgb = [0.8, 0.82, 0.85];
const SHIRT: Rgb = [0.28, 0.32, 0.4];

/**
 * All layers of one face picture in picture coordinates (before the jitter view); `smile` moves
 * the mouth corners (−1 down … 1 up).
 *
 * @example
 * rasterize(64, faceLayers(identityFor(0, 0)), [0.8, 0.82, 0.85]);   // the face without jitter
 */
export function faceLayers(id: SyntheticIdentity, smile = 0): Layer[] {
  const skin = skinColour(id.skinTone);
  const hair = HAIR_COLOURS[id.hairColour];
  const w = faceHalfWidth(id.earSize);
  const cx = 0.5;
  const eyeY = 0.47;
  // Face length: a rounder helix goes with a shorter face.
  const chinY = 0.84 - 0.07 * id.helixRoundness;
  const crownY = 0.11;
  const layers: Layer[] = [];

  // Shoulders and neck.
  layers.push({ shape: ellipse(cx, 1.2, 0.5, 0.3), colour: SHIRT, part: 'shirt' });
  layers.push({ shape: squircle(cx, chinY + 0.06, w * 0.55, 0.16, 1), colour: tint(skin, 0.78), part: 'neck' });

  // Hair behind the head.
  const back = ellipse(cx, 0.4, w * 1.16, 0.31);
  layers.push({ shape: back, colour: tint(hair, 0.85), part: 'hair' });

  // Ears at the sides: their height follows the ear size; a free lobe hangs below.
  const earH = 0.05 + 0.035 * id.earSize;
  for (const side of [-1, 1]) {
    const ex = cx + side * (w - 0.005);
    const earShape = union(ellipse(ex + side * 0.018, eyeY + 0.04, 0.032, earH), id.lobe === 'free' ? ellipse(ex + side * 0.012, eyeY + 0.04 + earH * 0.85, 0.018, 0.024) : ellipse(ex, eyeY + 0.04 + earH * 0.5, 0.02, 0.02));
    layers.push({ shape: earShape, colour: tint(skin, [0.95, 0.88, 0.86]), part: 'skin' });
    layers.push({ shape: ellipse(ex + side * 0.018, eyeY + 0.035, 0.016, earH * 0.6), colour: tint(skin, 0.72), blur: 0.012 });
  }

  // The face: a cranium and a jaw, round (ellipse) or square (squircle) by the lobe.
  const cranium = ellipse(cx, 0.42, w, 0.3);
  const jawHeight = chinY - 0.5;
  const jaw = id.lobe === 'free' ? ellipse(cx, 0.5, w * 0.98, jawHeight) : squircle(cx, 0.5, w * 0.97, jawHeight, 0.6);
  const face = smoothUnion(intersect(cranium, halfPlane(0, 0.5, 0, 1)), intersect(jaw, halfPlane(0, 0.45, 0, -1)), 0.04);
  const roundness = (x: number, y: number) => 1.02 - 0.14 * ((x - cx) / w) ** 2 - 0.05 * Math.max(0, (y - 0.6) / jawHeight);
  layers.push({ shape: face, colour: skin, shade: roundness, part: 'skin' });
  // Shadow under the chin.
  layers.push({ shape: intersect(ellipse(cx, chinY + 0.02, w * 0.5, 0.04), halfPlane(0, chinY - 0.005, 0, -1)), colour: tint(skin, 0.7), blur: 0.03, opacity: 0.7 });

  // Hair on the head: down to the fringe in the middle and to the hairline at the temples,
  // sideburns in front of the ears as long as the hairline says.
  const foreheadY = 0.2 + 0.12 * id.fringe;
  const templeY = 0.3 + 0.1 * id.hairline;
  const cap = intersect(grow(cranium, 0.018), aboveHairline(cx, w, foreheadY, templeY));
  const sideburnEnd = eyeY - 0.06 + 0.13 * id.hairline;
  const sideburns = union(
    stroke([cx - w + 0.015, templeY - 0.03, cx - w + 0.012, sideburnEnd], 0.022, 0.012),
    stroke([cx + w - 0.015, templeY - 0.03, cx + w - 0.012, sideburnEnd], 0.022, 0.012),
  );
  const strands = (x: number, y: number) => 0.965 + 0.035 * wave(38 * x + 4 * wave(1.4 * y));
  layers.push({ shape: union(cap, sideburns), colour: hair, shade: strands, blur: 0.006, part: 'hair' });

  // Eyes: white, iris (clipped to the white), pupil, highlight, upper lid; brows above.
  const eyeDx = 0.075 + 0.045 * id.eyeSpacing;
  const eyeRx = 0.032 + 0.014 * id.eyeSize;
  const eyeRy = 0.016 + 0.004 * id.eyeSize;
  const iris = EYE_COLOURS[id.eyeColour];
  const brow = tint(hair, id.hairColour === 'blond' || id.hairColour === 'grey' ? 0.7 : 0.85);
  for (const side of [-1, 1]) {
    const ex = cx + side * eyeDx;
    const white = intersect(ellipse(ex, eyeY + 0.012, eyeRx, eyeRy * 2), ellipse(ex, eyeY - 0.012, eyeRx, eyeRy * 2));
    layers.push({ shape: grow(white, 0.006), colour: tint(skin, 0.75), blur: 0.012 });
    layers.push({ shape: white, colour: [0.96, 0.96, 0.95] });
    const irisR = Math.min(eyeRy * 1.15, 0.022);
    layers.push({ shape: intersect(ellipse(ex, eyeY, irisR, irisR), white), colour: iris, shade: (x, y) => 0.8 + 0.25 * Math.hypot(x - ex, y - eyeY) / irisR });
    layers.push({ shape: intersect(ellipse(ex, eyeY, irisR * 0.42, irisR * 0.42), white), colour: [0.05, 0.05, 0.06] });
    layers.push({ shape: ellipse(ex + 0.006, eyeY - 0.006, 0.0045, 0.0045), colour: [1, 1, 1], opacity: 0.85 });
    const lid = bezier([ex - side * eyeRx * 1.05, eyeY + 0.002], [ex - side * eyeRx * 0.4, eyeY - eyeRy * 1.3], [ex + side * eyeRx * 0.5, eyeY - eyeRy * 1.3], [ex + side * eyeRx * 1.1, eyeY - 0.002], 5);
    layers.push({ shape: stroke(lid, 0.0045, 0.003), colour: [0.12, 0.08, 0.07] });
    const browY = eyeY - 0.05;
    const browLine = bezier([ex - side * eyeRx * 1.1, browY + 0.008], [ex - side * eyeRx * 0.4, browY - 0.014], [ex + side * eyeRx * 0.6, browY - 0.012], [ex + side * eyeRx * 1.35, browY + 0.006], 5);
    const bw = 0.006 + 0.01 * id.browThickness;
    layers.push({ shape: stroke(browLine, bw, bw * 0.45), colour: brow, blur: 0.004 });
  }

  // Nose: a shadow down one side, the tip, wings and nostrils spaced by the nose width.
  const noseY = eyeY + 0.13;
  const nw = 0.02 + 0.022 * id.noseWidth;
  layers.push({ shape: stroke(bezier([cx - 0.012, eyeY + 0.005], [cx - 0.02, eyeY + 0.06], [cx - nw * 0.9, noseY - 0.03], [cx - nw * 0.8, noseY - 0.012], 5), 0.005, 0.009), colour: tint(skin, 0.72), blur: 0.014, opacity: 0.7 });
  layers.push({ shape: ellipse(cx, noseY + 0.012, nw * 1.25, 0.02), colour: tint(skin, 0.8), blur: 0.02, opacity: 0.6 });
  layers.push({ shape: ellipse(cx, noseY - 0.003, nw * 0.55, 0.02), colour: tint(skin, 1.06), blur: 0.016, opacity: 0.8 });
  for (const side of [-1, 1]) {
    layers.push({ shape: ellipse(cx + side * nw * 0.9, noseY + 0.002, nw * 0.45, 0.016, side * 0.4), colour: tint(skin, 0.82), blur: 0.01, opacity: 0.8 });
    layers.push({ shape: ellipse(cx + side * nw * 0.45, noseY + 0.011, 0.009 + 0.004 * id.noseWidth, 0.0055, side * 0.3), colour: tint(skin, 0.35) });
  }

  // Mouth: lips coloured from the skin, a line whose corners follow the expression.
  const mouthY = noseY + (chinY - noseY) * 0.42;
  const mw = 0.045 + 0.04 * id.mouthWidth;
  const lipH = 0.008 + 0.01 * id.lipFullness;
  const lip = mix(tint(skin, [0.9, 0.62, 0.62]), [0.62, 0.22, 0.25], 0.35);
  const corner = -0.012 * smile;
  const line = bezier([cx - mw, mouthY + corner], [cx - mw * 0.4, mouthY + 0.006 * smile], [cx + mw * 0.4, mouthY + 0.006 * smile], [cx + mw, mouthY + corner], 6);
  const upperLip = union(ellipse(cx - mw * 0.35, mouthY - lipH * 0.55, mw * 0.62, lipH * 0.8), ellipse(cx + mw * 0.35, mouthY - lipH * 0.55, mw * 0.62, lipH * 0.8));
  const lowerLip = ellipse(cx, mouthY + lipH * 0.75, mw * 0.78, lipH * 1.1);
  layers.push({ shape: union(stroke(line, 0.004), upperLip), colour: tint(lip, 0.92), blur: 0.004, part: 'mouth' });
  layers.push({ shape: lowerLip, colour: lip, shade: (_x, y) => 1.05 - 0.1 * Math.max(0, (mouthY + lipH * 1.8 - y) / lipH), blur: 0.004, part: 'mouth' });
  layers.push({ shape: stroke(line, 0.0035, 0.0035), colour: tint(lip, 0.45) });
  return layers;
}

/**
 * Renders one face picture (size × size, values in [-1, 1]). With `parts`, renders a mask instead:
 * white where a layer of those parts ('skin', 'neck', 'hair', 'mouth', 'shirt') is, black elsewhere.
 *
 * @example
 * const img = renderFace(identityFor(7, 0), 128, faceJitterFor(7, 0, 0));
 * const skinMask = renderFace(identityFor(7, 0), 128, NO_FACE_JITTER, ['skin']);
 */
export function renderFace(id: SyntheticIdentity, size: number, jitter: FaceJitter = NO_FACE_JITTER, parts?: readonly string[]): RgbImage {
  return renderPicture(size, faceLayers(id, jitter.smile), BACKDROP, jitter, { cx: 0.5, cy: 0.5 }, parts);
}
