/**
 * The two Ear2Face terms that look through a face network: 'feature' (pooled features of the
 * generated face against the real one's) and 'style' (Gram matrices of chosen feature maps).
 * Both read one shared forward pass per image per step.
 */
import { tf } from '../backend/tf';
import { DESCRIPTOR, POOLED, type FeatureExtractor } from '../face/extractor';
import { constantOutputs } from './constant_outputs';
import { featureLoss } from './feature';
import { assertFeatureMap, gramMatrix } from './gram';
import type { ObjectiveContext, TermFunction } from './objective';
import { assertKnownLayers, gramDistance } from './style';

export interface FaceLossOptions {
  /** Feature maps whose Gram matrices the style term compares; default all of `extractor.layerNames`. */
  styleLayers?: readonly string[];
  /** Output the feature term compares; default {@link POOLED}. Also allowed: {@link DESCRIPTOR} or a layer name. */
  featureOutput?: string;
}

/** The terms to pass as `Trainer.create(config, { terms })`; `config.weights.feature/style` turn them on. */
export type FaceLossTerms = {
  feature: TermFunction;
  style: TermFunction;
};

/** What one step's terms share: the network's outputs on the fake (differentiable) and the real face (constants). */
interface StepFeatures {
  fakeImage: tf.Tensor;
  realImage: tf.Tensor;
  fake: Record<string, tf.Tensor>;
  realFeature: tf.Tensor;
  realGrams: Record<string, tf.Tensor3D>;
}

const OPTION_KEYS = ['styleLayers', 'featureOutput'];

/**
 * The 'feature' and 'style' terms of the Ear2Face objective for `extractor`:
 * - feature = mean over elements of (φ(fake) − φ(real))² with φ the `featureOutput` ({@link featureLoss});
 * - style = Σ over `styleLayers` of the mean squared difference of Gram matrices ({@link gramMatrix},
 *   {@link gramDistance}).
 *
 * Per step (per {@link ObjectiveContext}) the network runs once on the fake face, on the tape so
 * gradients reach the generator, and once on the real face off the tape, as constants; both terms
 * read those outputs. The shared tensors belong to the scope the terms run in (the trainer's gradient
 * pass, or your own `tf.tidy`): call the terms inside one, as for every term. The network's weights
 * are only read. Unknown layer or output names throw here, not at the first step.
 *
 * @example
 * const terms = faceLossTerms(extractor, { styleLayers: ['conv1', 'conv2'] });
 * const trainer = Trainer.create({ imageSize: 64, weights: { adv: 1, l1: 100, feature: 1, style: 1 } }, { terms });
 * faceLossTerms(extractor, { styleLayers: ['conv9'] });
 * // Error: faceLossTerms: options.styleLayers: unknown layer "conv9"; known layers of tiny-test: conv1, conv2
 */
export function faceLossTerms(extractor: FeatureExtractor, options: FaceLossOptions = {}): FaceLossTerms {
  if (extractor === null || typeof extractor !== 'object' || typeof extractor.extract !== 'function' || !Array.isArray(extractor.layerNames)) {
    throw new Error(`faceLossTerms: extractor is ${extractor === null ? 'null' : typeof extractor}; expected a FeatureExtractor (extract, layerNames, …)`);
  }
  if (options === null || typeof options !== 'object') throw new Error(`faceLossTerms: options is ${String(options)}; expected an object`);
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key)) throw new Error(`faceLossTerms: unknown option "${key}"; expected one of ${OPTION_KEYS.join(', ')}`);
  }
  const styleLayers = [...(options.styleLayers ?? extractor.layerNames)];
  assertKnownLayers(extractor, styleLayers, 'faceLossTerms: options.styleLayers');
  const featureOutput = options.featureOutput ?? POOLED;
  const featureChoices = [POOLED, DESCRIPTOR, ...extractor.layerNames];
  if (!featureChoices.includes(featureOutput)) {
    throw new Error(`faceLossTerms: options.featureOutput is ${JSON.stringify(featureOutput)}; expected one of ${featureChoices.join(', ')}`);
  }
  const outputs = [...new Set([featureOutput, ...styleLayers])];
  const memo = new WeakMap<ObjectiveContext, StepFeatures>();

  const outputsOf = (images: tf.Tensor4D, which: string): Record<string, tf.Tensor> => {
    const out = extractor.extract(images, outputs);
    for (const name of outputs) {
      if (!(out?.[name] instanceof tf.Tensor)) {
        throw new Error(`faceLossTerms: ${extractor.name}.extract gave no tensor "${name}" for the ${which} face; expected every requested output`);
      }
    }
    return out;
  };

  const featuresOf = (ctx: ObjectiveContext): StepFeatures => {
    const hit = memo.get(ctx);
    if (hit !== undefined && hit.fakeImage === ctx.fake && hit.realImage === ctx.real && !isStale(hit)) return hit;
    if (!tf.util.arraysEqual(ctx.fake.shape, ctx.real.shape)) {
      throw new Error(`faceLossTerms: ctx.fake has shape [${ctx.fake.shape}] but ctx.real has shape [${ctx.real.shape}]; expected equal shapes`);
    }
    const fake = outputsOf(ctx.fake, 'generated');
    const real = constantOutputs(ctx.real, (images) => {
      const out = outputsOf(images as tf.Tensor4D, 'real');
      const kept: Record<string, tf.Tensor> = { feature: out[featureOutput] };
      for (const layer of styleLayers) {
        assertFeatureMap(out[layer], `faceLossTerms: ${extractor.name} output "${layer}"`);
        kept[`gram/${layer}`] = gramMatrix(out[layer] as tf.Tensor4D);
      }
      return kept;
    });
    const realGrams = Object.fromEntries(styleLayers.map((layer) => [layer, real[`gram/${layer}`] as tf.Tensor3D]));
    const entry: StepFeatures = { fakeImage: ctx.fake, realImage: ctx.real, fake, realFeature: real.feature, realGrams };
    memo.set(ctx, entry);
    return entry;
  };

  return {
    feature: (ctx) => {
      const f = featuresOf(ctx);
      return featureLoss(f.fake[featureOutput], f.realFeature);
    },
    style: (ctx) => {
      const f = featuresOf(ctx);
      return tf.tidy(() => {
        const distances = styleLayers.map((layer) => {
          const map = f.fake[layer];
          assertFeatureMap(map, `faceLossTerms: ${extractor.name} output "${layer}"`);
          return gramDistance(gramMatrix(map), f.realGrams[layer]);
        });
        return tf.addN(distances) as tf.Scalar;
      });
    },
  };
}

/** True once the scope that owned a step's shared tensors has ended (the context was reused later). */
function isStale(entry: StepFeatures): boolean {
  return [...Object.values(entry.fake), entry.realFeature, ...Object.values(entry.realGrams)].some((t) => t.isDisposed);
}
