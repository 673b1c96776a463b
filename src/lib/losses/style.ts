/**
 * The style term: how differently the channels of the face network co-activate on the generated
 * and on the real face, compared through Gram matrices layer by layer.
 */
import { tf } from '../backend/tf';
import type { FeatureExtractor } from '../face/extractor';
import { assertFeatureMap, gramMatrix } from './gram';

/**
 * Mean squared difference of two same-shaped batches of Gram matrices [N, C, C]: the mean over
 * the batch and all C·C entries of (a − b)².
 *
 * @example
 * gramDistance(tf.tensor3d([[[1, 0], [0, 1]]]), tf.tensor3d([[[1, 2], [2, 1]]])).dataSync();   // [2]  = (0 + 4 + 4 + 0) / 4
 */
export function gramDistance(a: tf.Tensor3D, b: tf.Tensor3D): tf.Scalar {
  for (const [name, g] of [['a', a], ['b', b]] as const) {
    if (!(g instanceof tf.Tensor)) throw new Error(`gramDistance: ${name} is ${g === null ? 'null' : typeof g}; expected a tensor [N, C, C]`);
    if (g.rank !== 3 || g.shape[1] !== g.shape[2]) {
      throw new Error(`gramDistance: ${name} has shape [${g.shape}]; expected a batch of square Gram matrices [N, C, C]`);
    }
  }
  if (!tf.util.arraysEqual(a.shape, b.shape)) {
    throw new Error(`gramDistance: a has shape [${a.shape}] but b has shape [${b.shape}]; expected equal shapes`);
  }
  return tf.tidy(() => tf.mean(tf.squaredDifference(a, b)) as tf.Scalar);
}

/**
 * Throws unless `layers` is a non-empty list of distinct names from `extractor.layerNames`; the
 * message starts with `where` and lists the known layers.
 *
 * @example
 * assertKnownLayers(extractor, ['conv1'], 'styleLayers');   // passes
 * assertKnownLayers(extractor, ['conv9'], 'styleLayers');
 * // Error: styleLayers: unknown layer "conv9"; known layers of tiny-test: conv1, conv2
 */
export function assertKnownLayers(extractor: FeatureExtractor, layers: readonly string[], where: string): void {
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new Error(`${where}: got ${JSON.stringify(layers)}; expected a non-empty list of layer names from ${extractor.layerNames.join(', ')}`);
  }
  const seen = new Set<string>();
  for (const layer of layers) {
    if (!extractor.layerNames.includes(layer)) {
      throw new Error(`${where}: unknown layer ${JSON.stringify(layer)}; known layers of ${extractor.name}: ${extractor.layerNames.join(', ')}`);
    }
    if (seen.has(layer)) throw new Error(`${where}: layer "${layer}" is listed twice; expected each layer once`);
    seen.add(layer);
  }
}

/**
 * The style loss Σ over `layers` of gramDistance(gram(fake map), gram(real map)): for each layer,
 * the mean squared difference of the Gram matrices (see {@link gramMatrix}) averaged over the
 * batch, then summed over layers (Johnson et al. 2016 sum squared Frobenius norms; the mean keeps
 * layers of different widths on one scale).
 *
 * @example
 * // one position with channels (1, 1): Gram [[1, 1], [1, 1]] / 2, against an all-zero Gram
 * styleLoss({ a: tf.ones([1, 1, 1, 2]) }, { a: tf.zeros([1, 1, 1, 2]) }, ['a']).dataSync();   // [0.25]
 */
export function styleLoss(
  fakeMaps: Readonly<Record<string, tf.Tensor>>,
  realMaps: Readonly<Record<string, tf.Tensor>>,
  layers: readonly string[],
): tf.Scalar {
  if (!Array.isArray(layers) || layers.length === 0) throw new Error(`styleLoss: layers is ${JSON.stringify(layers)}; expected at least one layer name`);
  for (const layer of layers) {
    const fake = fakeMaps[layer];
    const real = realMaps[layer];
    assertFeatureMap(fake, `styleLoss: fake map of layer "${layer}"`);
    assertFeatureMap(real, `styleLoss: real map of layer "${layer}"`);
    if (!tf.util.arraysEqual(fake.shape, real.shape)) {
      throw new Error(`styleLoss: layer "${layer}": fake map has shape [${fake.shape}] but real map has shape [${real.shape}]; expected equal shapes`);
    }
  }
  return tf.tidy(() =>
    tf.addN(layers.map((layer) => gramDistance(gramMatrix(fakeMaps[layer] as tf.Tensor4D), gramMatrix(realMaps[layer] as tf.Tensor4D)))),
  ) as tf.Scalar;
}

/**
 * The style distance between two batches of faces, layer by layer, as plain numbers: what the
 * style term would add for each layer if `imageA` were generated and `imageB` real. For teaching
 * and plots (which layers' textures differ most); it runs the network once per batch.
 *
 * @example
 * styleDistanceByLayer(extractor, fakeFaces, realFaces);   // { conv1: 0.0123, conv2: 0.0045 }
 */
export function styleDistanceByLayer(
  extractor: FeatureExtractor,
  imageA: tf.Tensor4D,
  imageB: tf.Tensor4D,
  layers: readonly string[] = extractor.layerNames,
): Record<string, number> {
  assertKnownLayers(extractor, layers, 'styleDistanceByLayer: layers');
  assertFeatureMap(imageA, 'styleDistanceByLayer: imageA');
  assertFeatureMap(imageB, 'styleDistanceByLayer: imageB');
  if (imageA.shape[0] !== imageB.shape[0]) {
    throw new Error(`styleDistanceByLayer: imageA has shape [${imageA.shape}] but imageB has shape [${imageB.shape}]; expected the same batch size`);
  }
  const values = tf.tidy(() => {
    const a = extractor.extract(imageA, layers);
    const b = extractor.extract(imageB, layers);
    const perLayer = layers.map((layer) => {
      assertFeatureMap(a[layer], `styleDistanceByLayer: ${extractor.name} output "${layer}" for imageA`);
      assertFeatureMap(b[layer], `styleDistanceByLayer: ${extractor.name} output "${layer}" for imageB`);
      return gramDistance(gramMatrix(a[layer] as tf.Tensor4D), gramMatrix(b[layer] as tf.Tensor4D));
    });
    return tf.stack(perLayer).dataSync();
  });
  return Object.fromEntries(layers.map((layer, i) => [layer, values[i]]));
}
