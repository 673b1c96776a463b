/**
 * The layout of the face-recognition ResNet (dlib's `dlib_face_recognition_resnet_model_v1`, as
 * ported to tfjs by face-api; layer order and names from face-api's `src/faceRecognitionNet/`).
 * Shapes below are for the 150×150 input:
 *
 *   input      150×150×3
 *   stem       conv 7×7/2 'valid' → 72×72×32, max-pool 3×3/2 'valid' → 35×35×32
 *   conv32     3 residual blocks                         → 35×35×32
 *   conv64     down block + 3 residual blocks            → 17×17×64
 *   conv128    down block + 2 residual blocks            →  8×8×128
 *   conv256    down block + 2 residual blocks            →  4×4×256
 *   head       down block (256→256)                      →  2×2×256,
 *              global average pool → 256 ('pooled'), dense 256→128 ('descriptor')
 *
 * Every conv is followed by a per-channel affine "scale" layer (dlib's frozen batch norm).
 * A down block adds two paths: a 3×3/2 'valid' conv → scale → ReLU → 3×3/1 'same' conv → scale,
 * and a shortcut 2×2/2 'valid' average pool, zero-padded on the channel axis to the output
 * channels. On an even-sized map the conv path comes out one row and column smaller than the
 * shortcut (8 → 3 vs 4, 4 → 1 vs 2); it is zero-padded at the bottom and right to match, as face-api
 * does, so the last two maps are 4×4 and 2×2.
 */

/** One residual block. A down block halves the spatial size (and may double the channels). */
export interface BlockSpec {
  /** Weight-name prefix in the manifest, e.g. 'conv64_down'. */
  name: string;
  inChannels: number;
  outChannels: number;
  down: boolean;
}

/** A stage: the blocks that produce one named feature map. */
export interface StageSpec {
  /** Output name of the stage's last block (one of `FACE_NET_LAYERS`). */
  name: string;
  blocks: BlockSpec[];
  /** [height, width, channels] of the stage output at the 150×150 input. */
  shape: [number, number, number];
}

function blocks(prefix: string, inChannels: number, outChannels: number, plain: number, down: boolean): BlockSpec[] {
  const out: BlockSpec[] = [];
  if (down) out.push({ name: `${prefix}_down`, inChannels, outChannels, down: true });
  for (let i = 1; i <= plain; i++) out.push({ name: `${prefix}_${i}`, inChannels: outChannels, outChannels, down: false });
  return out;
}

/** Side of the square input image. */
export const FACE_NET_INPUT_SIZE = 150;
/** Length of the descriptor. */
export const FACE_NET_DESCRIPTOR_LENGTH = 128;
/** Length of the pooled vector the dense layer reads. */
export const FACE_NET_POOLED_LENGTH = 256;

/** The stem conv: 7×7, stride 2, 'valid', 3 → 32 channels, then a 3×3/2 'valid' max-pool. */
export const STEM = { name: 'conv32_down', size: 7, stride: 2, outChannels: 32, poolSize: 3, poolStride: 2 } as const;

/** The four stages in network order. */
export const STAGES: readonly StageSpec[] = [
  { name: 'conv32', blocks: blocks('conv32', 32, 32, 3, false), shape: [35, 35, 32] },
  { name: 'conv64', blocks: blocks('conv64', 32, 64, 3, true), shape: [17, 17, 64] },
  { name: 'conv128', blocks: blocks('conv128', 64, 128, 2, true), shape: [8, 8, 128] },
  { name: 'conv256', blocks: blocks('conv256', 128, 256, 2, true), shape: [4, 4, 256] },
];

/** The final down block before pooling: 4×4×256 → 2×2×256. */
export const HEAD_BLOCK: BlockSpec = { name: 'conv256_down_out', inChannels: 256, outChannels: 256, down: true };

/** Names of the feature maps the network exposes, shallow → deep. */
export const FACE_NET_LAYERS: readonly string[] = STAGES.map((s) => s.name);

/**
 * Input normalisation (face-api `FaceRecognitionNet.forwardInput`): subtract this mean RGB from
 * 0..255 pixels, then divide by `FACE_NET_PIXEL_DIVISOR`. face-api 1.7.15 divides by 255 (dlib
 * itself uses 256); the weights are face-api's, so its normalisation is the one matched here.
 */
export const FACE_NET_MEAN_RGB: readonly [number, number, number] = [122.782, 117.001, 104.298];
export const FACE_NET_PIXEL_DIVISOR = 255;
