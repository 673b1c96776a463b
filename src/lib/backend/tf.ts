/**
 * The one module that names a tfjs package. Every other file imports `tf` from here, so the whole
 * library runs on whichever engine `initBackend` picked, on one shared tfjs-core instance.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's CommonJS build registers no gradients; the umbrella package's build does. It also
// brings tfjs-layers and tfjs-converter (`tfjs.loadLayersModel`, `tfjs.loadGraphModel`), which
// pluggable feature networks use.
import * as tfjs from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export { tf, tfjs };
export type { Tensor, Tensor1D, Tensor2D, Tensor3D, Tensor4D, Scalar, Variable, Rank } from '@tensorflow/tfjs-core';
