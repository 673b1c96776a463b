/**
 * Analytic FLOP counts of a pix2pix training step, from the layer shapes in `layers.ts`.
 * Only convolutions are counted (one multiply-add = 2 FLOPs); norms, activations, losses and the
 * Adam update are elementwise, O(parameters + activations), and together stay well under 1% here.
 */
import { ConvLayer, discriminatorLayers, generatorLayers } from './layers';

/**
 * Forward FLOPs of a convolution: 2·Ho·Wo·Kh·Kw·Cin·Cout.
 *
 * @example
 * convFlops(1, 1, 4, 4, 512, 512);  // 8388608
 */
export function convFlops(ho: number, wo: number, kh: number, kw: number, cin: number, cout: number): number {
  const args = { ho, wo, kh, kw, cin, cout };
  for (const [name, v] of Object.entries(args)) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name}: expected a positive integer, got ${v}`);
  }
  return 2 * ho * wo * kh * kw * cin * cout;
}

/**
 * Forward FLOPs of one layer. A stride-2 transposed conv from s² to (2s)² is the input gradient of
 * the stride-2 conv from (2s)² to s², so it costs the same: 2·s²·K²·Cin·Cout.
 *
 * @example
 * layerFlops(generatorLayers(256)[0]);  // 2·128²·16·3·64 = 100663296
 */
export function layerFlops(layer: ConvLayer): number {
  const side = layer.kind === 'transposed' ? layer.inSize : layer.outSize;
  return convFlops(side, side, layer.kernel, layer.kernel, layer.inChannels, layer.outChannels);
}

/** Forward FLOPs of a whole network. */
export function forwardFlops(layers: ConvLayer[]): number {
  return layers.reduce((sum, l) => sum + layerFlops(l), 0);
}

/** FLOPs of one training step, by part; every field is in FLOPs. */
export interface StepFlops {
  generatorForward: number;
  discriminatorForward: number;
  /** G(ear) once, D on real, D on fake for the D step, D on fake again for the G step. */
  forward: number;
  /** D step: weight gradients of both D passes, input gradients below D's first layer. */
  discriminatorStepBackward: number;
  /** G step: input gradients through D (all layers: the fake half of D's input needs them), G's weight gradients, G's input gradients below its first layer. */
  generatorStepBackward: number;
  total: number;
}

/**
 * FLOPs of one pix2pix training step at batch 1, as the algorithm needs them (a conv's backward is
 * one input-gradient pass plus one weight-gradient pass, each as costly as its forward):
 * - forward: F_G + 3·F_D (D on real and on fake in the D step, D on fake in the G step);
 * - D step backward: 2·F_D for weight gradients + 2·(F_D − F_D1) for input gradients, none
 *   through D's first layer since real pairs and the detached fake need none;
 * - G step backward: F_D for input gradients through D (D's weights are not updated, so no
 *   weight gradients) + F_G for G's weight gradients + (F_G − F_G1) input gradients;
 * in total 3·F_G − F_G1 + 8·F_D − 2·F_D1, ≈ 87 GFLOP at 256². An implementation that runs G's
 * forward twice (once per step) does more work than counted here: the count is of the method.
 *
 * @example
 * trainStepFlops(256).total / 1e9;  // ≈ 86.9
 */
export function trainStepFlops(imageSize: number, ngf = 64, ndf = 64): StepFlops {
  const g = generatorLayers(imageSize, ngf);
  const d = discriminatorLayers(imageSize, ndf);
  const fg = forwardFlops(g);
  const fd = forwardFlops(d);
  const fg1 = layerFlops(g[0]);
  const fd1 = layerFlops(d[0]);
  const forward = fg + 3 * fd;
  const discriminatorStepBackward = 2 * fd + 2 * (fd - fd1);
  const generatorStepBackward = fd + fg + (fg - fg1);
  return {
    generatorForward: fg,
    discriminatorForward: fd,
    forward,
    discriminatorStepBackward,
    generatorStepBackward,
    total: forward + discriminatorStepBackward + generatorStepBackward,
  };
}
