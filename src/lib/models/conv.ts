import { tf } from '../backend/tf';

/** Zero padding of one pixel on each side of H and W (PyTorch `padding=1`). */
const PAD_1: [[number, number], [number, number], [number, number], [number, number]] = [
  [0, 0],
  [1, 1],
  [1, 1],
  [0, 0],
];

/**
 * 4×4 convolution with one pixel of zero padding (pix2pix `Conv2d(kernel_size=4, padding=1)`):
 * stride 2 maps H to ⌊H/2⌋, stride 1 maps H to H − 1. `kernel` is [4, 4, inChannels, outChannels].
 *
 * @example
 * conv4x4(tf.zeros([1, 8, 8, 3]), tf.zeros([4, 4, 3, 16]), 2).shape; // [1, 4, 4, 16]
 */
export function conv4x4(x: tf.Tensor4D, kernel: tf.Tensor4D, stride: 1 | 2, bias?: tf.Tensor1D): tf.Tensor4D {
  const y = tf.conv2d(x, kernel, stride, PAD_1);
  return bias ? tf.add(y, bias) : y;
}

/**
 * 4×4 transposed convolution, stride 2, padding 1 (pix2pix `ConvTranspose2d(kernel_size=4, stride=2,
 * padding=1)`): maps H×W to 2H×2W. `kernel` is [4, 4, outChannels, inChannels], tfjs's layout.
 *
 * @example
 * upConv4x4(tf.zeros([1, 4, 4, 16]), tf.zeros([4, 4, 3, 16])).shape; // [1, 8, 8, 3]
 */
export function upConv4x4(x: tf.Tensor4D, kernel: tf.Tensor4D, bias?: tf.Tensor1D): tf.Tensor4D {
  const [batch, height, width] = x.shape;
  const outShape: [number, number, number, number] = [batch, 2 * height, 2 * width, kernel.shape[2]];
  const y = tf.conv2dTranspose(x, kernel, outShape, 2, 1);
  return bias ? tf.add(y, bias) : y;
}
