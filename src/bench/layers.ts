/**
 * The convolution shapes of the pix2pix networks, written out from the published architecture
 * (Isola et al. 2017, appendix 6.1.1), so FLOPs and parameter counts can be computed without
 * building a model. Batch-norm variant only: that is what the benchmark times.
 */

/** One 4×4 (transposed) convolution, by the shapes that FLOPs and parameter counts need. */
export interface ConvLayer {
  name: string;
  /** `transposed` upsamples by 2 (the decoder); `conv` keeps or halves the side. */
  kind: 'conv' | 'transposed';
  kernel: number;
  inChannels: number;
  outChannels: number;
  /** Side of the square input and output maps. */
  inSize: number;
  outSize: number;
  bias: boolean;
  /** A batch norm (gamma and beta) follows. */
  norm: boolean;
}

const KERNEL = 4;

function checkSide(imageSize: number, min: number): void {
  if (!Number.isInteger(imageSize) || imageSize < min || (imageSize & (imageSize - 1)) !== 0) {
    throw new Error(`imageSize: expected a power of two >= ${min}, got ${imageSize}`);
  }
}

function checkChannels(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: expected a positive integer, got ${value}`);
}

/**
 * The U-Net generator's layers: log2(size) stride-2 encoder convs down to 1×1 (widths ngf·2^i,
 * capped at ngf·8), then as many transposed convs back up, each decoder input but the innermost
 * doubled by the skip concatenation. Only the output layer has a bias (this is what gives the
 * reference 54,413,955 parameters at 256²); no norm on the first and innermost encoder layers.
 *
 * @example
 * generatorLayers(256).length;          // 16
 * generatorLayers(256)[0].outChannels;  // 64
 */
export function generatorLayers(imageSize: number, ngf = 64, inChannels = 3, outChannels = 3): ConvLayer[] {
  checkSide(imageSize, 8);
  checkChannels('ngf', ngf);
  checkChannels('inChannels', inChannels);
  checkChannels('outChannels', outChannels);
  const depth = Math.log2(imageSize);
  const widths = Array.from({ length: depth }, (_, i) => ngf * Math.min(2 ** i, 8));
  const layers: ConvLayer[] = [];
  let cin = inChannels;
  let side = imageSize;
  widths.forEach((w, i) => {
    const edge = i === 0 || i === depth - 1;
    layers.push({ name: `enc${i + 1}`, kind: 'conv', kernel: KERNEL, inChannels: cin, outChannels: w,
      inSize: side, outSize: side / 2, bias: false, norm: !edge });
    cin = w;
    side /= 2;
  });
  for (let j = 0; j < depth; j++) {
    const outermost = j === depth - 1;
    const w = outermost ? outChannels : widths[depth - 2 - j];
    layers.push({ name: `dec${depth - j}`, kind: 'transposed', kernel: KERNEL, inChannels: cin, outChannels: w,
      inSize: side, outSize: side * 2, bias: outermost, norm: !outermost });
    cin = 2 * w;
    side *= 2;
  }
  return layers;
}

/**
 * The n-layer PatchGAN (n = 3 is the 70×70 one): C(ndf) stride 2 without norm, n−1 more stride-2
 * convs, one stride-1 conv, then a stride-1 conv to one logit; all 4×4 with padding 1.
 *
 * @example
 * const d = discriminatorLayers(256);
 * d[d.length - 1].outSize;  // 30
 */
export function discriminatorLayers(imageSize: number, ndf = 64, inChannels = 6, nLayers = 3): ConvLayer[] {
  checkSide(imageSize, 32);
  checkChannels('ndf', ndf);
  checkChannels('inChannels', inChannels);
  checkChannels('nLayers', nLayers);
  const plan: { out: number; stride: number; norm: boolean; bias: boolean }[] = [];
  plan.push({ out: ndf, stride: 2, norm: false, bias: true });
  for (let i = 1; i < nLayers; i++) plan.push({ out: ndf * Math.min(2 ** i, 8), stride: 2, norm: true, bias: false });
  plan.push({ out: ndf * Math.min(2 ** nLayers, 8), stride: 1, norm: true, bias: false });
  plan.push({ out: 1, stride: 1, norm: false, bias: true });
  const layers: ConvLayer[] = [];
  let cin = inChannels;
  let side = imageSize;
  plan.forEach((p, i) => {
    const outSize = Math.floor((side + 2 - KERNEL) / p.stride) + 1; // padding 1 on each side
    if (outSize < 1) throw new Error(`imageSize: ${imageSize} is too small for a ${nLayers}-layer PatchGAN`);
    layers.push({ name: `d${i + 1}`, kind: 'conv', kernel: KERNEL, inChannels: cin, outChannels: p.out,
      inSize: side, outSize, bias: p.bias, norm: p.norm });
    cin = p.out;
    side = outSize;
  });
  return layers;
}

/**
 * Trainable scalars of the layers: kernels, biases and batch-norm gamma/beta.
 *
 * @example
 * parameterCount(generatorLayers(256));      // 54413955
 * parameterCount(discriminatorLayers(256));  // 2768705
 */
export function parameterCount(layers: ConvLayer[]): number {
  let n = 0;
  for (const l of layers) {
    n += l.kernel * l.kernel * l.inChannels * l.outChannels;
    if (l.bias) n += l.outChannels;
    if (l.norm) n += 2 * l.outChannels;
  }
  return n;
}
