/**
 * Differentiable image preparation for face networks: generator images (NHWC in [-1, 1], any
 * size) → a square network input.
 */
import { tf } from '../backend/tf';
import { FACE_NET_INPUT_SIZE, FACE_NET_MEAN_RGB, FACE_NET_PIXEL_DIVISOR } from './face_recognition_architecture';

/**
 * Throws unless `images` is a batch of RGB images [N, H, W, 3] with N, H, W > 0; `who` starts the message.
 *
 * @example
 * checkImageBatch(tf.zeros([1, 64, 64, 3]), 'faceNetInput');   // ok
 * checkImageBatch(tf.zeros([64, 64, 3]), 'faceNetInput');      // throws: images has shape [64,64,3]; expected [N, H, W, 3] …
 */
export function checkImageBatch(images: tf.Tensor, who: string): void {
  const s = images.shape;
  if (s.length !== 4 || s[3] !== 3 || s[0] < 1 || s[1] < 1 || s[2] < 1) {
    throw new Error(`${who}: images has shape [${s}]; expected [N, H, W, 3] (NHWC RGB, N, H, W ≥ 1)`);
  }
}

/**
 * Pads a non-square batch to a square with black (-1), split evenly with the odd pixel after the
 * image (as face-api does, so the face keeps its aspect ratio and sits in the centre), then
 * resizes bilinearly to `size`×`size`. The resize uses alignCorners = false and no half-pixel
 * centres (face-api's choice): source = destination × (in / out), so a size×size input is
 * returned unchanged (and is not resampled at all).
 *
 * @example
 * squareResize(tf.zeros([1, 128, 96, 3]), 150).shape;   // [1, 150, 150, 3] (16 black columns each side first)
 */
export function squareResize(images: tf.Tensor4D, size: number): tf.Tensor4D {
  checkImageBatch(images, 'squareResize');
  if (!Number.isInteger(size) || size < 1) throw new Error(`squareResize: size is ${size}; expected a positive integer`);
  return tf.tidy(() => {
    const [, h, w] = images.shape;
    let square = images;
    if (h !== w) {
      const diff = Math.abs(h - w);
      const after = Math.round(diff / 2);
      const before = diff - after;
      const pad: Array<[number, number]> = h > w ? [[0, 0], [0, 0], [before, after], [0, 0]] : [[0, 0], [before, after], [0, 0], [0, 0]];
      square = tf.pad(images, pad, -1);
    }
    if (square.shape[1] === size) return square === images ? tf.clone(images) : square;
    return tf.image.resizeBilinear(square, [size, size], false, false);
  });
}

/**
 * The face-recognition ResNet's input from generator images: `squareResize` to 150×150, map
 * [-1, 1] to 0..255, subtract face-api's mean RGB and divide by 255. Differentiable.
 *
 * @example
 * const x = faceNetInput(fakeFaces);   // [N, 150, 150, 3], roughly in [-0.5, 0.6]
 */
export function faceNetInput(images: tf.Tensor4D): tf.Tensor4D {
  checkImageBatch(images, 'faceNetInput');
  return tf.tidy(() => {
    const resized = squareResize(images, FACE_NET_INPUT_SIZE);
    // ((x + 1)·127.5 − mean) / 255 = x·(127.5/255) + (127.5 − mean)/255, one multiply-add.
    const offset = tf.tensor1d(FACE_NET_MEAN_RGB.map((m) => (127.5 - m) / FACE_NET_PIXEL_DIVISOR));
    return tf.add(tf.mul(resized, 127.5 / FACE_NET_PIXEL_DIVISOR), offset) as tf.Tensor4D;
  });
}
