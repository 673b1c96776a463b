/**
 * The convolution layers of the pix2pix U-Net generator and 70×70 PatchGAN at a given image size,
 * with how often each pass runs in one training step (a D step then a G step, batch 1). Used by the
 * layer benchmark to weigh per-layer timings into a whole-step figure.
 */

export interface ConvLayer {
  name: string;
  /** 'conv' = conv2d (encoder, PatchGAN); 'transposed' = conv2dTranspose (decoder). */
  kind: 'conv' | 'transposed';
  /** The layer's input, NHWC. */
  input: [number, number, number, number];
  /** tfjs filter layout: conv [k,k,in,out]; transposed [k,k,out,in]. */
  filter: [number, number, number, number];
  stride: number;
  pad: number;
  /** Runs per training step of the forward, input-gradient and filter-gradient passes. */
  perStep: { forward: number; inputGrad: number; filterGrad: number };
}

/**
 * Layers for `imageSize` (a power of two ≥ 32), `ngf`/`ndf` base widths, 3-channel images.
 *
 * @example
 * pix2pixConvLayers(256).length; // 21: 8 encoder, 8 decoder, 5 PatchGAN layers
 */
export function pix2pixConvLayers(imageSize: number, ngf = 64, ndf = 64): ConvLayer[] {
  if (!Number.isInteger(Math.log2(imageSize)) || imageSize < 32) {
    throw new Error(`imageSize must be a power of two ≥ 32, got ${imageSize}`);
  }
  const depth = Math.log2(imageSize);
  const width = (i: number) => ngf * Math.min(8, 2 ** i); // 64,128,256,512,512,...
  const layers: ConvLayer[] = [];
  // Generator: forward twice (fake for the D step, again for the G step), gradients once.
  for (let i = 0; i < depth; i++) {
    const size = imageSize >> i;
    const inC = i === 0 ? 3 : width(i - 1);
    layers.push({
      name: `G.enc${i + 1}`,
      kind: 'conv',
      input: [1, size, size, inC],
      filter: [4, 4, inC, width(i)],
      stride: 2,
      pad: 1,
      perStep: { forward: 2, inputGrad: i === 0 ? 0 : 1, filterGrad: 1 },
    });
  }
  for (let j = 0; j < depth; j++) {
    const i = depth - 1 - j; // mirrored encoder level
    const size = imageSize >> (i + 1);
    const inC = j === 0 ? width(i) : 2 * width(i);
    const outC = i === 0 ? 3 : width(i - 1);
    layers.push({
      name: `G.dec${j + 1}`,
      kind: 'transposed',
      input: [1, size, size, inC],
      filter: [4, 4, outC, inC],
      stride: 2,
      pad: 1,
      perStep: { forward: 2, inputGrad: 1, filterGrad: 1 },
    });
  }
  // PatchGAN: forward on real and fake (D step) and fake (G step); filter gradients for the two
  // D-step passes; input gradients for both D-step passes past the first layer and the G-step pass.
  const dWidths = [ndf, 2 * ndf, 4 * ndf, 8 * ndf, 1];
  let size = imageSize;
  let inC = 6;
  dWidths.forEach((outC, k) => {
    const stride = k < 3 ? 2 : 1;
    layers.push({
      name: `D.conv${k + 1}`,
      kind: 'conv',
      input: [1, size, size, inC],
      filter: [4, 4, inC, outC],
      stride,
      pad: 1,
      perStep: { forward: 3, inputGrad: k === 0 ? 1 : 3, filterGrad: 2 },
    });
    size = stride === 2 ? size / 2 : size - 1;
    inC = outC;
  });
  return layers;
}

/** FLOPs of one pass of a layer (forward and both gradients cost the same). */
export function layerFlops(l: ConvLayer): number {
  const [b, h, w] = l.input;
  if (l.kind === 'conv') {
    const out = l.stride === 2 ? (h / 2) * (w / 2) : (h - 1) * (w - 1);
    return 2 * b * out * l.filter[0] * l.filter[1] * l.filter[2] * l.filter[3];
  }
  return 2 * b * h * w * l.filter[0] * l.filter[1] * l.filter[2] * l.filter[3];
}
