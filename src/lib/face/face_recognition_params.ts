/**
 * The face-recognition ResNet's weights, checked against the architecture and with each conv's
 * scale layer folded into it: conv → +bias → ·scale + shift is one affine map per output channel,
 * so it equals a conv with filter·scale and bias·scale + shift (two fewer ops per layer, forward
 * and backward).
 */
import { tf } from '../backend/tf';
import { FACE_NET_DESCRIPTOR_LENGTH, FACE_NET_POOLED_LENGTH, HEAD_BLOCK, STAGES, STEM, type BlockSpec } from './face_recognition_architecture';

/** One conv with its scale layer folded in. */
export interface FoldedConv {
  filter: tf.Tensor4D;
  bias: tf.Tensor1D;
}

/** A residual block's two convs. */
export interface BlockParams {
  conv1: FoldedConv;
  conv2: FoldedConv;
}

/** All weights of the network, by manifest prefix. */
export interface FaceNetParams {
  stem: FoldedConv;
  blocks: Record<string, BlockParams>;
  /** Dense layer weights [256, 128] (pooled · fc = descriptor; the layer has no bias). */
  fc: tf.Tensor2D;
}

/**
 * Every weight name the network reads with its expected shape, in network order.
 *
 * @example
 * expectedWeightShapes().get('conv64_down/conv1/conv/filters');   // [3, 3, 32, 64]
 */
export function expectedWeightShapes(): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  const conv = (prefix: string, size: number, inC: number, outC: number) => {
    shapes.set(`${prefix}/conv/filters`, [size, size, inC, outC]);
    shapes.set(`${prefix}/conv/bias`, [outC]);
    shapes.set(`${prefix}/scale/weights`, [outC]);
    shapes.set(`${prefix}/scale/biases`, [outC]);
  };
  conv(STEM.name, STEM.size, 3, STEM.outChannels);
  for (const b of allBlocks()) {
    conv(`${b.name}/conv1`, 3, b.inChannels, b.outChannels);
    conv(`${b.name}/conv2`, 3, b.outChannels, b.outChannels);
  }
  shapes.set('fc', [FACE_NET_POOLED_LENGTH, FACE_NET_DESCRIPTOR_LENGTH]);
  return shapes;
}

function allBlocks(): BlockSpec[] {
  return [...STAGES.flatMap((s) => s.blocks), HEAD_BLOCK];
}

/**
 * Builds the network's parameters from a weight map (names as in face-api's manifest). Checks
 * every weight is present with the right shape first; the map's tensors are left to the caller.
 * `where` names the weights' source in errors.
 *
 * @example
 * const params = faceNetParams(await loadWeightMap(dir, manifest), dir);
 */
export function faceNetParams(weights: Record<string, tf.Tensor>, where: string): FaceNetParams {
  for (const [name, shape] of expectedWeightShapes()) {
    const t = weights[name];
    if (t === undefined) {
      throw new Error(`face-recognition weights in ${where}: weight '${name}' (shape [${shape}]) is missing`);
    }
    if (!tf.util.arraysEqual(t.shape, shape)) {
      throw new Error(`face-recognition weights in ${where}: weight '${name}' has shape [${t.shape}]; expected [${shape}]`);
    }
    if (t.dtype !== 'float32') {
      throw new Error(`face-recognition weights in ${where}: weight '${name}' has dtype ${t.dtype}; expected float32`);
    }
  }
  const fold = (prefix: string): FoldedConv => {
    const scale = weights[`${prefix}/scale/weights`];
    return {
      filter: tf.mul(weights[`${prefix}/conv/filters`], scale) as tf.Tensor4D,
      bias: tf.tidy(() => tf.add(tf.mul(weights[`${prefix}/conv/bias`], scale), weights[`${prefix}/scale/biases`])) as tf.Tensor1D,
    };
  };
  const blocks: Record<string, BlockParams> = {};
  for (const b of allBlocks()) blocks[b.name] = { conv1: fold(`${b.name}/conv1`), conv2: fold(`${b.name}/conv2`) };
  return { stem: fold(STEM.name), blocks, fc: tf.clone(weights.fc) as tf.Tensor2D };
}

/**
 * All tensors of the parameters (to count or dispose them).
 *
 * @example
 * tf.dispose(paramTensors(params));
 */
export function paramTensors(p: FaceNetParams): tf.Tensor[] {
  const convs = [p.stem, ...Object.values(p.blocks).flatMap((b) => [b.conv1, b.conv2])];
  return [...convs.flatMap((c) => [c.filter, c.bias]), p.fc];
}
