/**
 * Deterministic test images that a Python script can rebuild pixel for pixel: a closed-form sine
 * pattern plus noise from a 32-bit linear congruential generator. They let the SSIM and PSNR tests
 * compare against scikit-image (scripts/reference/ssim_reference.py writes the same images).
 */

/** How one image is drawn: clip(gain · pattern(phase) + offset + noise · (2u − 1), −1, 1). */
export interface ImageRecipe {
  phase: number;
  gain: number;
  offset: number;
  /** Amplitude of the uniform noise; 0 for none. */
  noise: number;
  /** Seed of the noise generator. */
  seed: number;
}

/**
 * Uniforms in [0, 1) from s ← (1664525·s + 1013904223) mod 2³² (the Numerical Recipes constants),
 * chosen because integer arithmetic makes the sequence identical in any language.
 *
 * @example
 * lcgUniforms(0, 1);   // [0.23606797284446657]  (= 1013904223 / 2³²)
 */
export function lcgUniforms(seed: number, count: number): number[] {
  let s = seed >>> 0;
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    s = (Math.imul(1664525, s) + 1013904223) >>> 0;
    out[i] = s / 4294967296;
  }
  return out;
}

/**
 * One recipe image as HWC row-major float32 values in [−1, 1].
 *
 * @example
 * const pixels = recipeImage(32, 32, 3, { phase: 0, gain: 1, offset: 0, noise: 0.25, seed: 12345 });
 * tf.tensor4d(pixels, [1, 32, 32, 3]);
 */
export function recipeImage(height: number, width: number, channels: number, recipe: ImageRecipe): Float32Array {
  const { phase, gain, offset, noise, seed } = recipe;
  const uniforms = noise > 0 ? lcgUniforms(seed, height * width * channels) : null;
  const out = new Float32Array(height * width * channels);
  let i = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let v = 0.55 * Math.sin(0.3 * x + 0.2 * y + c + phase) + 0.35 * Math.cos(0.5 * y - 0.15 * x + 2 * c + 2 * phase);
        v = gain * v + offset;
        if (uniforms !== null) v += noise * (2 * uniforms[i] - 1);
        out[i] = Math.min(1, Math.max(-1, v));
        i++;
      }
    }
  }
  return out;
}
