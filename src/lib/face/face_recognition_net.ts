/**
 * The pretrained face-recognition ResNet (dlib's metric network, weights from face-api) as a
 * frozen, differentiable `FeatureExtractor` on the library's tf instance.
 */
import { tf } from '../backend/tf';
import { DESCRIPTOR, POOLED, type FeatureExtractor } from './extractor';
import {
  FACE_NET_DESCRIPTOR_LENGTH,
  FACE_NET_INPUT_SIZE,
  FACE_NET_LAYERS,
  HEAD_BLOCK,
  STAGES,
  STEM,
} from './face_recognition_architecture';
import { downBlock, convLayer, residualBlock } from './face_recognition_layers';
import { faceNetParams, paramTensors, type FaceNetParams } from './face_recognition_params';
import { faceApiModelDir, loadWeightMap } from './load_weights';
import { checkOutputNames } from './output_names';
import { checkImageBatch, faceNetInput } from './preprocess';

/** Manifest file name of the weights in face-api's `model/` folder. */
export const FACE_NET_MANIFEST = 'face_recognition_model-weights_manifest.json';

/**
 * The network. Outputs at any input size (images are brought to 150×150 first):
 * 'conv32' [N,35,35,32], 'conv64' [N,17,17,64], 'conv128' [N,8,8,128], 'conv256' [N,4,4,256],
 * 'pooled' [N,256] (global average of the last 2×2×256 map), 'descriptor' [N,128].
 * The weights are plain tensors: gradients flow to the images only.
 *
 * @example
 * const net = await loadFaceRecognitionNet();
 * const feats = net.extract(fakeFaces, ['conv64', 'conv128']);    // stops after conv128
 * const g = tf.grad((x) => tf.sum(net.extract(x, [DESCRIPTOR])[DESCRIPTOR]))(fakeFaces);
 */
export class FaceRecognitionNet implements FeatureExtractor {
  readonly name = 'face-recognition-resnet';
  readonly inputSize = FACE_NET_INPUT_SIZE;
  readonly layerNames = FACE_NET_LAYERS;
  readonly descriptorLength = FACE_NET_DESCRIPTOR_LENGTH;
  private params: FaceNetParams | null;

  /** Wraps checked parameters (see `faceNetParams`); `loadFaceRecognitionNet` is the usual way in. */
  constructor(params: FaceNetParams) {
    this.params = params;
  }

  /**
   * Runs the network as deep as the deepest requested output needs.
   *
   * @example
   * const { conv64, descriptor } = net.extract(faces, ['conv64', DESCRIPTOR]);
   */
  extract(images: tf.Tensor4D, outputs: readonly string[]): Record<string, tf.Tensor> {
    const p = this.params;
    if (p === null) throw new Error(`${this.name}: extract called after dispose`);
    checkImageBatch(images, this.name);
    checkOutputNames(this.name, outputs, this.layerNames);
    const wanted = new Set(outputs);
    const needsHead = wanted.has(POOLED) || wanted.has(DESCRIPTOR);
    const lastStage = needsHead ? STAGES.length - 1 : Math.max(-1, ...STAGES.map((s, i) => (wanted.has(s.name) ? i : -1)));
    if (lastStage < 0) return {};
    return tf.tidy(() => {
      const result: Record<string, tf.Tensor> = {};
      let x = convLayer(faceNetInput(images), p.stem, STEM.stride, 'valid', true);
      x = tf.maxPool(x, STEM.poolSize, STEM.poolStride, 'valid');
      for (let i = 0; i <= lastStage; i++) {
        for (const block of STAGES[i].blocks) x = block.down ? downBlock(x, p.blocks[block.name]) : residualBlock(x, p.blocks[block.name]);
        if (wanted.has(STAGES[i].name)) result[STAGES[i].name] = x;
      }
      if (needsHead) {
        const pooled = tf.mean(downBlock(x, p.blocks[HEAD_BLOCK.name]), [1, 2]) as tf.Tensor2D;
        if (wanted.has(POOLED)) result[POOLED] = pooled;
        if (wanted.has(DESCRIPTOR)) result[DESCRIPTOR] = tf.matMul(pooled, p.fc);
      }
      return result;
    });
  }

  /** The frozen weight tensors (scale layers folded in), to inspect; the network owns them. */
  get weightTensors(): readonly tf.Tensor[] {
    return this.params === null ? [] : paramTensors(this.params);
  }

  /** Number of weights (after folding the scale layers into the convs). */
  get parameterCount(): number {
    return this.weightTensors.reduce((n, t) => n + t.size, 0);
  }

  dispose(): void {
    if (this.params !== null) tf.dispose(paramTensors(this.params));
    this.params = null;
  }
}

/** Where `loadFaceRecognitionNet` reads from. */
export interface LoadFaceRecognitionNetOptions {
  /**
   * Folder holding `face_recognition_model-weights_manifest.json` and its .bin file. Default: the
   * `model/` folder of the installed `@vladmandic/face-api` package.
   */
  modelDir?: string;
}

/**
 * Loads the pretrained face-recognition ResNet.
 *
 * @example
 * const net = await loadFaceRecognitionNet();
 * const { descriptor } = net.extract(faces, [DESCRIPTOR]);   // [N, 128]
 * net.dispose();
 */
export async function loadFaceRecognitionNet(options: LoadFaceRecognitionNetOptions = {}): Promise<FaceRecognitionNet> {
  const dir = options.modelDir ?? faceApiModelDir();
  const weights = await loadWeightMap(dir, FACE_NET_MANIFEST);
  try {
    return new FaceRecognitionNet(faceNetParams(weights, dir));
  } finally {
    tf.dispose(Object.values(weights));
  }
}
