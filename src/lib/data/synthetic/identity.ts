/**
 * Synthetic identities: the hidden parameters of one made-up person. Some show in a picture of the
 * ear (skin, hair near the ear, ear size and shape), and are tied to something in the face; others
 * show only in the face (eyes, nose, mouth, brows, fringe), so a model that sees only the ear can
 * learn the first kind and must guess the second. See README.md beside this file for the table.
 */
import type { Rng } from '../../util/rng';
import type { Rgb } from './raster';
import { STREAM, streamFor } from './seeds';

/** Hair colours, used for the hair around the ear, the hair on the head and (darker) the brows. */
export const HAIR_COLOURS = {
  black: [0.09, 0.07, 0.06],
  'dark-brown': [0.24, 0.15, 0.09],
  brown: [0.46, 0.3, 0.17],
  auburn: [0.58, 0.25, 0.12],
  blond: [0.86, 0.72, 0.45],
  grey: [0.72, 0.72, 0.72],
} as const satisfies Record<string, Rgb>;
export type HairColour = keyof typeof HAIR_COLOURS;

/** Iris colours; never visible in the ear. */
export const EYE_COLOURS = {
  brown: [0.36, 0.2, 0.09],
  hazel: [0.55, 0.42, 0.2],
  green: [0.3, 0.52, 0.3],
  blue: [0.3, 0.5, 0.8],
  grey: [0.55, 0.6, 0.64],
} as const satisfies Record<string, Rgb>;
export type EyeColour = keyof typeof EYE_COLOURS;

/** The two ear lobe shapes; a free lobe goes with a round jaw, an attached one with a square jaw. */
export const LOBES = ['free', 'attached'] as const;
export type Lobe = (typeof LOBES)[number];

/**
 * One person's parameters. Numbers are in [0, 1]; README.md says what each one does.
 * Ear-visible: skinTone, hairColour, hairline, earSize, lobe, helixRoundness.
 * Face-only: eyeColour, eyeSpacing, eyeSize, noseWidth, mouthWidth, lipFullness, browThickness, fringe.
 */
export interface SyntheticIdentity {
  skinTone: number;
  hairColour: HairColour;
  hairline: number;
  earSize: number;
  lobe: Lobe;
  helixRoundness: number;
  eyeColour: EyeColour;
  eyeSpacing: number;
  eyeSize: number;
  noseWidth: number;
  mouthWidth: number;
  lipFullness: number;
  browThickness: number;
  fringe: number;
}

/** How one parameter varies and whether the ear shows it. */
export interface ParameterSpec {
  name: keyof SyntheticIdentity;
  /** A number in [0, 1], or one of a list of names. */
  values: 'unit' | readonly string[];
  /** True when changing the parameter changes the ear picture. */
  visibleInEar: boolean;
  face: string;
  ear: string;
}

/** Every identity parameter, in the order they are drawn from the random stream. */
export const IDENTITY_PARAMETERS: readonly ParameterSpec[] = [
  { name: 'skinTone', values: 'unit', visibleInEar: true, face: 'skin colour, light (0) to dark (1)', ear: 'the same skin colour around and on the ear' },
  { name: 'hairColour', values: Object.keys(HAIR_COLOURS), visibleInEar: true, face: 'hair colour; brows are a darker shade of it', ear: 'the hair above and behind the ear' },
  { name: 'hairline', values: 'unit', visibleInEar: true, face: 'how low the hair comes at the temples and how long the sideburns are', ear: 'how close the hair comes to the top of the ear and how far the sideburn in front of it reaches' },
  { name: 'earSize', values: 'unit', visibleInEar: true, face: 'face width (and the size of the ears beside it)', ear: 'ear height in the crop' },
  { name: 'lobe', values: LOBES, visibleInEar: true, face: 'jaw: free → round, attached → square; also drawn on the face ears', ear: 'a free lobe hangs with a notch; an attached one runs into the cheek' },
  { name: 'helixRoundness', values: 'unit', visibleInEar: true, face: 'face length: rounder helix → shorter face', ear: 'outline of the helix: angular (0) to round (1) top' },
  { name: 'eyeColour', values: Object.keys(EYE_COLOURS), visibleInEar: false, face: 'iris colour', ear: 'not shown' },
  { name: 'eyeSpacing', values: 'unit', visibleInEar: false, face: 'distance between the eyes', ear: 'not shown' },
  { name: 'eyeSize', values: 'unit', visibleInEar: false, face: 'eye width', ear: 'not shown' },
  { name: 'noseWidth', values: 'unit', visibleInEar: false, face: 'width of the nose wings and nostrils', ear: 'not shown' },
  { name: 'mouthWidth', values: 'unit', visibleInEar: false, face: 'mouth width', ear: 'not shown' },
  { name: 'lipFullness', values: 'unit', visibleInEar: false, face: 'lip thickness', ear: 'not shown' },
  { name: 'browThickness', values: 'unit', visibleInEar: false, face: 'eyebrow thickness', ear: 'not shown' },
  { name: 'fringe', values: 'unit', visibleInEar: false, face: 'how far the hair comes down over the forehead', ear: 'not shown' },
];

/**
 * Draws a person from a random stream, parameter by parameter in {@link IDENTITY_PARAMETERS} order.
 *
 * @example
 * randomIdentity(new Rng(1)).hairColour;   // one of the HAIR_COLOURS names
 */
export function randomIdentity(rng: Rng): SyntheticIdentity {
  const out: Record<string, number | string> = {};
  for (const p of IDENTITY_PARAMETERS) out[p.name] = p.values === 'unit' ? rng.next() : p.values[rng.int(p.values.length)];
  return out as unknown as SyntheticIdentity;
}

/**
 * The identity of subject number `subject` (0-based) of a dataset with this seed; it does not
 * depend on how many subjects the dataset has.
 *
 * @example
 * identityFor(7, 0).earSize === identityFor(7, 0).earSize;   // true
 */
export function identityFor(seed: number, subject: number): SyntheticIdentity {
  return randomIdentity(streamFor(STREAM.identity, seed, subject));
}
