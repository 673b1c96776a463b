/**
 * Any tfjs model as a `FeatureExtractor`, by naming its layers: e.g. a VGGFace2 ResNet-50
 * converted with tensorflowjs_converter, as in the Ear2Face paper.
 */
import { tf } from '../backend/tf';
import { DESCRIPTOR, POOLED, type FeatureExtractor } from './extractor';
import { checkOutputNames } from './output_names';
import { checkImageBatch, squareResize } from './preprocess';

/** A symbolic (graph-building) tensor of a tfjs-layers model. */
interface SymbolicTensorLike {
  readonly name: string;
  readonly shape: ReadonlyArray<number | null>;
}

/** What the adapter uses of a tfjs-layers `tf.LayersModel` (which satisfies it). */
export interface LayersModelLike {
  readonly layers: ReadonlyArray<{ readonly name: string; readonly output: SymbolicTensorLike | SymbolicTensorLike[] }>;
  trainable: boolean;
  execute(inputs: tf.Tensor, outputs: string[]): tf.Tensor | tf.Tensor[];
  dispose(): unknown;
}

/** What the adapter uses of a tfjs-converter `tf.GraphModel` (which satisfies it). */
export interface GraphModelLike {
  execute(inputs: tf.Tensor, outputs: string[]): tf.Tensor | tf.Tensor[];
  dispose(): unknown;
}

/** How to read a model as a feature extractor. */
export interface ModelExtractorSpec {
  /** Name for reports, e.g. 'vggface2-resnet50'. */
  name: string;
  /** Side of the square input the model takes; images are padded square and resized to it. */
  inputSize: number;
  /** Our output name → the model's layer name (LayersModel) or node name (GraphModel), shallow → deep. */
  layers: Record<string, string>;
  /** The model's layer/node giving the pooled features (flattened to [N, D]). */
  pooled: string;
  /** The model's layer/node giving the identity descriptor (flattened to [N, D]). */
  descriptor: string;
  /**
   * Maps images in [-1, 1], already `inputSize`×`inputSize`, to what the model expects (e.g.
   * 0..255 minus a mean). Must be differentiable. Default: the images unchanged.
   */
  preprocess?: (images: tf.Tensor4D) => tf.Tensor;
}

const SHOWN_NAMES = 20;

function isLayersModel(model: LayersModelLike | GraphModelLike): model is LayersModelLike {
  return Array.isArray((model as LayersModelLike).layers);
}

/** Resolves a LayersModel layer name to the name of its output symbolic tensor (what `execute` takes). */
function layerOutput(model: LayersModelLike, spec: ModelExtractorSpec, layerName: string): SymbolicTensorLike {
  const layer = model.layers.find((l) => l.name === layerName);
  if (layer === undefined) {
    const names = model.layers.map((l) => l.name);
    throw new Error(`extractorFromModel(${spec.name}): the model has no layer ${JSON.stringify(layerName)}; its layers are ${listNames(names)}`);
  }
  const output = layer.output;
  if (Array.isArray(output)) {
    throw new Error(`extractorFromModel(${spec.name}): layer ${JSON.stringify(layerName)} has ${output.length} outputs; expected a layer with one output`);
  }
  return output;
}

/** Node names of a GraphModel, if it exposes them (tfjs-converter keeps them on its executor). */
function graphNodeNames(model: GraphModelLike): string[] | null {
  const nodes = (model as { executor?: { graph?: { nodes?: Record<string, unknown> } } }).executor?.graph?.nodes;
  return nodes === undefined ? null : Object.keys(nodes);
}

function listNames(names: string[]): string {
  const shown = names.slice(0, SHOWN_NAMES).join(', ');
  return names.length > SHOWN_NAMES ? `${shown}, … (${names.length} in all)` : shown;
}

/**
 * Wraps a tfjs model as a frozen `FeatureExtractor`. Names are checked here, not at the first
 * `extract`. A LayersModel is set non-trainable (so an optimizer called without a variable list
 * cannot touch it) and run with `execute` on the named layers' outputs, in inference mode; a
 * GraphModel's weights are constants already. The extractor owns the model: `dispose` frees it.
 * For a GraphModel, `descriptorLength` comes from one forward pass on a black image.
 *
 * @example
 * const model = await tf.loadLayersModel('file://vggface2/model.json');   // tf from '@tensorflow/tfjs'
 * const resnet50 = extractorFromModel(model, {
 *   name: 'vggface2-resnet50', inputSize: 224,
 *   layers: { res3: 'activation_22', res4: 'activation_40' },   // the model's own layer names
 *   pooled: 'avg_pool', descriptor: 'avg_pool',
 *   // RGB 0..255 minus the VGGFace2 mean, then BGR order as the Keras model expects
 *   preprocess: (x) => tf.reverse(tf.sub(tf.mul(tf.add(x, 1), 127.5), [131.0912, 103.8827, 91.4953]), -1),
 * });
 */
export function extractorFromModel(model: LayersModelLike | GraphModelLike, spec: ModelExtractorSpec): FeatureExtractor {
  const who = `extractorFromModel(${spec?.name})`;
  if (typeof spec?.name !== 'string' || spec.name === '') throw new Error(`extractorFromModel: spec.name is ${JSON.stringify(spec?.name)}; expected a non-empty string`);
  if (!Number.isInteger(spec.inputSize) || spec.inputSize < 1) {
    throw new Error(`${who}: spec.inputSize is ${spec.inputSize}; expected a positive integer`);
  }
  if (spec.layers === null || typeof spec.layers !== 'object') throw new Error(`${who}: spec.layers is ${spec.layers}; expected an object of output name → layer name`);
  const layerNames = Object.keys(spec.layers);
  for (const reserved of [POOLED, DESCRIPTOR]) {
    if (layerNames.includes(reserved)) throw new Error(`${who}: spec.layers uses the reserved output name '${reserved}'; set spec.${reserved} instead`);
  }
  const modelNames: Record<string, string> = { ...spec.layers, [POOLED]: spec.pooled, [DESCRIPTOR]: spec.descriptor };
  for (const [ours, theirs] of Object.entries(modelNames)) {
    if (typeof theirs !== 'string' || theirs === '') throw new Error(`${who}: the model name for output '${ours}' is ${JSON.stringify(theirs)}; expected a layer/node name`);
  }

  let executeNames: Record<string, string>;
  let descriptorLength: number;
  if (isLayersModel(model)) {
    executeNames = {};
    for (const [ours, theirs] of Object.entries(modelNames)) {
      const output = layerOutput(model, spec, theirs);
      if (ours !== POOLED && ours !== DESCRIPTOR && output.shape.length !== 4) {
        throw new Error(`${who}: layer '${theirs}' (output '${ours}') gives shape ${JSON.stringify(output.shape)}; expected a 4-D NHWC feature map`);
      }
      executeNames[ours] = output.name;
    }
    const descriptorShape = layerOutput(model, spec, spec.descriptor).shape.slice(1);
    descriptorLength = descriptorShape.some((d) => d === null) ? NaN : descriptorShape.reduce<number>((a, b) => a * (b as number), 1);
    model.trainable = false;
  } else {
    const known = graphNodeNames(model);
    if (known !== null) {
      for (const [ours, theirs] of Object.entries(modelNames)) {
        if (!known.includes(theirs)) {
          throw new Error(`${who}: the graph has no node ${JSON.stringify(theirs)} (output '${ours}'); its nodes are ${listNames(known)}`);
        }
      }
    }
    executeNames = modelNames;
    descriptorLength = NaN;
  }

  const run = (images: tf.Tensor4D, outputs: readonly string[]): Record<string, tf.Tensor> => {
    if (outputs.length === 0) return {};
    return tf.tidy(() => {
      const resized = squareResize(images, spec.inputSize);
      const input = spec.preprocess ? spec.preprocess(resized) : resized;
      const names = [...new Set(outputs.map((o) => executeNames[o]))];
      const produced = model.execute(input, names);
      const tensors = Array.isArray(produced) ? produced : [produced];
      const result: Record<string, tf.Tensor> = {};
      for (const o of outputs) {
        const t = tensors[names.indexOf(executeNames[o])];
        if (o === POOLED || o === DESCRIPTOR) {
          result[o] = tf.reshape(t, [t.shape[0], -1]);
        } else if (t.rank !== 4) {
          throw new Error(`${who}: '${modelNames[o]}' (output '${o}') gave shape [${t.shape}]; expected a 4-D NHWC feature map`);
        } else {
          result[o] = tf.clone(t); // distinct tensors even when two outputs name the same layer
        }
      }
      return result;
    });
  };

  if (Number.isNaN(descriptorLength)) {
    const probe = tf.fill([1, spec.inputSize, spec.inputSize, 3], -1) as tf.Tensor4D;
    try {
      const out = run(probe, [DESCRIPTOR]);
      descriptorLength = out[DESCRIPTOR].shape[1] as number;
      tf.dispose(out);
    } finally {
      probe.dispose();
    }
  }

  let disposed = false;
  return {
    name: spec.name,
    inputSize: spec.inputSize,
    layerNames,
    descriptorLength,
    extract(images, outputs) {
      if (disposed) throw new Error(`${spec.name}: extract called after dispose`);
      checkImageBatch(images, spec.name);
      checkOutputNames(spec.name, outputs, layerNames);
      return run(images, outputs);
    },
    dispose() {
      if (!disposed) model.dispose();
      disposed = true;
    },
  };
}
