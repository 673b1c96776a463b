/**
 * Installs the project's training kernels on the tfjs `wasm` backend: a `Conv2DBackpropFilter`
 * (missing from tfjs-backend-wasm 4.22) and faster `Conv2DBackpropInput`, `Conv2D`, `Tanh` and
 * `Tile` kernels for the shapes where the stock ones are slow (see README.md in this folder).
 */
import { tf } from '../tf';
import { conv2dBackpropFilterKernel } from './conv2d_backprop_filter';
import { conv2dBackpropInputKernel } from './conv2d_backprop_input';
import { makeConv2DKernel } from './conv2d_forward';
import { tanhKernel } from './tanh';
import { makeTileKernel } from './tile';

const BACKEND = 'wasm';

interface Replacement {
  kernelName: string;
  /**
   * Builds our kernel, given the stock one when there is one (to delegate shapes it does well);
   * null to leave the kernel alone.
   */
  make(stock: tf.KernelFunc | undefined): tf.KernelFunc | null;
}

const replacements: Replacement[] = [
  { kernelName: 'Conv2DBackpropFilter', make: () => conv2dBackpropFilterKernel as unknown as tf.KernelFunc },
  { kernelName: 'Conv2DBackpropInput', make: () => conv2dBackpropInputKernel as unknown as tf.KernelFunc },
  { kernelName: 'Tanh', make: () => tanhKernel as unknown as tf.KernelFunc },
  { kernelName: 'Tile', make: (stock) => (stock === undefined ? null : (makeTileKernel(stock) as unknown as tf.KernelFunc)) },
  {
    kernelName: 'Conv2D',
    // Without the stock kernel there is nothing to delegate the large images to.
    make: (stock) => (stock === undefined ? null : (makeConv2DKernel(stock) as unknown as tf.KernelFunc)),
  },
];

/** Our kernel functions by kernel name, to recognise them when called again. */
const installed = new Map<string, tf.KernelFunc>();
/** Stock kernels replaced by ours. */
const originals = new Map<string, tf.KernelConfig>();

/** The stock wasm kernel that a replacement displaced, if there was one. */
export function originalWasmKernel(kernelName: string): tf.KernelConfig | undefined {
  return originals.get(kernelName);
}

/**
 * Registers the training kernels for the `wasm` backend. Safe to call more than once.
 *
 * @example
 * registerWasmTrainingKernels();
 * await tf.setBackend('wasm');
 * tf.grad((w: tf.Tensor4D) => tf.conv2d(x, w, 2, 1).sum())(w); // runs on wasm
 */
export function registerWasmTrainingKernels(): void {
  for (const r of replacements) {
    const current = tf.getKernel(r.kernelName, BACKEND);
    if (current !== undefined && current.kernelFunc === installed.get(r.kernelName)) continue;
    const kernelFunc = r.make(current?.kernelFunc);
    if (kernelFunc === null) continue;
    if (current !== undefined) {
      originals.set(r.kernelName, current);
      tf.unregisterKernel(r.kernelName, BACKEND);
    }
    // Keep the stock setup/dispose hooks: they bind the wasm functions a delegated call needs.
    tf.registerKernel({
      kernelName: r.kernelName,
      backendName: BACKEND,
      kernelFunc,
      setupFunc: current?.setupFunc,
      disposeFunc: current?.disposeFunc,
    });
    installed.set(r.kernelName, kernelFunc);
  }
}
