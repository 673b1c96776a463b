/** The building blocks of the face-recognition ResNet (see face_recognition_architecture.ts). */
import { tf } from '../backend/tf';
import type { BlockParams, FoldedConv } from './face_recognition_params';

/**
 * conv (scale folded in) + bias, optionally ReLU.
 *
 * @example
 * const y = convLayer(x, params.stem, 2, 'valid', true);   // [1,150,150,3] → [1,72,72,32]
 */
export function convLayer(x: tf.Tensor4D, c: FoldedConv, stride: 1 | 2, padding: 'same' | 'valid', relu: boolean): tf.Tensor4D {
  return tf.tidy(() => {
    const y = tf.add(tf.conv2d(x, c.filter, stride, padding), c.bias) as tf.Tensor4D;
    return relu ? tf.relu(y) : y;
  });
}

/**
 * Identity residual block: relu(x + conv(relu(conv(x)))), both 3×3 'same'.
 *
 * @example
 * const y = residualBlock(x, params.blocks['conv32_1']);   // [1,35,35,32] → [1,35,35,32]
 */
export function residualBlock(x: tf.Tensor4D, p: BlockParams): tf.Tensor4D {
  return tf.tidy(() => {
    const branch = convLayer(convLayer(x, p.conv1, 1, 'same', true), p.conv2, 1, 'same', false);
    return tf.relu(tf.add(branch, x) as tf.Tensor4D);
  });
}

/**
 * Down-sampling residual block: the conv path starts with a 3×3/2 'valid' conv; the shortcut is a
 * 2×2/2 average pool, zero-padded on the channel axis to the output channels. A conv path smaller
 * than the shortcut (even-sized input) is zero-padded at its bottom and right.
 *
 * @example
 * downBlock(x, params.blocks['conv64_down']);    // [1,35,35,32] → [1,17,17,64]
 * downBlock(y, params.blocks['conv256_down']);   // [1,8,8,128] → [1,4,4,256] (conv path 3×3, padded)
 */
export function downBlock(x: tf.Tensor4D, p: BlockParams): tf.Tensor4D {
  return tf.tidy(() => {
    let branch = convLayer(convLayer(x, p.conv1, 2, 'valid', true), p.conv2, 1, 'same', false);
    let shortcut = tf.avgPool(x, 2, 2, 'valid') as tf.Tensor4D;
    const extraChannels = branch.shape[3] - shortcut.shape[3];
    if (extraChannels > 0) shortcut = tf.pad(shortcut, [[0, 0], [0, 0], [0, 0], [0, extraChannels]]);
    const extraRows = shortcut.shape[1] - branch.shape[1];
    const extraCols = shortcut.shape[2] - branch.shape[2];
    if (extraRows > 0 || extraCols > 0) branch = tf.pad(branch, [[0, 0], [0, extraRows], [0, extraCols], [0, 0]]);
    return tf.relu(tf.add(branch, shortcut) as tf.Tensor4D);
  });
}
