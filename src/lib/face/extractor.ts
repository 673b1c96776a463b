/**
 * The feature-extractor interface the Ear2Face losses read: a frozen, differentiable network that
 * turns face images into named feature maps, a pooled vector and an identity descriptor. The
 * built-in face-recognition ResNet implements it; any tfjs model can, by naming its layers.
 */
import { tf } from '../backend/tf';

/** Output name of the pooled features (the feature-reconstruction loss compares these). */
export const POOLED = 'pooled';
/** Output name of the identity descriptor (evaluation compares these by cosine similarity). */
export const DESCRIPTOR = 'descriptor';

/** A frozen network that describes faces. Images are NHWC in [-1, 1], any square or non-square size. */
export interface FeatureExtractor {
  /** A short name for reports, e.g. 'face-recognition-resnet'. */
  readonly name: string;
  /** Side of the square input the network runs at; images are resized to it inside `extract`. */
  readonly inputSize: number;
  /** Names of the spatial feature maps `extract` can return, in network order (shallow → deep). */
  readonly layerNames: readonly string[];
  /** Length of the 'descriptor' vector. */
  readonly descriptorLength: number;
  /**
   * Runs the network once and returns the requested outputs by name: any of `layerNames` (4-D
   * NHWC maps), {@link POOLED} ([N, D]) and {@link DESCRIPTOR} ([N, descriptorLength]).
   * Differentiable with respect to `images`; the network's own weights never change.
   * The caller owns the returned tensors. An unknown name throws naming it and the known names.
   */
  extract(images: tf.Tensor4D, outputs: readonly string[]): Record<string, tf.Tensor>;
  /** Frees the network's weights. */
  dispose(): void;
}
