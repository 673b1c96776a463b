/**
 * Times every convolution of the pix2pix U-Net and PatchGAN on the wasm backend: forward,
 * input-gradient and filter-gradient passes, each with a FRESH filter tensor per call (as after
 * every optimizer step, so XNNPACK's per-tensor packing cache never helps), and weighs them by how
 * often each pass runs in one training step.
 *
 *   node dist/lib/backend/wasm/layer_bench.js [--size 256] [--reps 3] [--stock] [--only G.dec] [--clock cpu]
 *
 * --stock times the stock tfjs-backend-wasm kernels instead (no filter gradient exists there).
 * --clock cpu counts this process's CPU time instead of wall time: steadier on a shared machine.
 */
import { tf } from '../tf';
import { initBackend } from '../select';
import { ConvLayer, layerFlops, pix2pixConvLayers } from './pix2pix_conv_layers';
import { originalWasmKernel } from './register';

interface Options {
  size: number;
  reps: number;
  stock: boolean;
  only: string | null;
  clock: 'wall' | 'cpu';
}

function parseArgs(argv: string[]): Options {
  const o: Options = { size: 256, reps: 3, stock: false, only: null, clock: 'wall' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--size') o.size = Number(value());
    else if (a === '--reps') o.reps = Number(value());
    else if (a === '--stock') o.stock = true;
    else if (a === '--only') o.only = value();
    else if (a === '--clock') {
      const c = value();
      if (c !== 'wall' && c !== 'cpu') throw new Error(`--clock must be 'wall' or 'cpu', got '${c}'`);
      o.clock = c;
    } else throw new Error(`unknown argument '${a}' (expected --size N, --reps N, --stock, --only PREFIX, --clock wall|cpu)`);
  }
  if (!(o.reps >= 1)) throw new Error(`--reps must be ≥ 1, got ${o.reps}`);
  return o;
}

type Pass = 'forward' | 'inputGrad' | 'filterGrad';

/** The kernel call for one pass: conv layers and transposed layers swap forward and input grad. */
function passCall(l: ConvLayer, pass: Pass, stock: boolean): ((x: tf.Tensor4D, w: tf.Tensor4D, dy: tf.Tensor4D) => tf.Tensor) | null {
  const attrs = { strides: l.stride, pad: l.pad, dataFormat: 'NHWC' as const, dilations: 1 };
  const conv2d = (x: tf.Tensor4D, w: tf.Tensor4D) => run('Conv2D', { x, filter: w }, attrs);
  const backpropInput = (dy: tf.Tensor4D, w: tf.Tensor4D, inputShape: number[]) =>
    run('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape });
  const backpropFilter = (x: tf.Tensor4D, dy: tf.Tensor4D) =>
    run('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: l.filter });
  function run(kernel: string, inputs: Record<string, tf.Tensor>, a: object): tf.Tensor {
    if (!stock) return tf.engine().runKernel(kernel, inputs, a as unknown as tf.NamedAttrMap) as tf.Tensor;
    const k = originalWasmKernel(kernel);
    if (k === undefined) throw new Error(`no stock wasm kernel ${kernel}`);
    const info = k.kernelFunc({ inputs, attrs: a as unknown as tf.NamedAttrMap, backend: tf.backend() }) as tf.TensorInfo;
    return tf.engine().makeTensorFromTensorInfo(info);
  }
  if (stock && pass === 'filterGrad') return null;
  if (l.kind === 'conv') {
    if (pass === 'forward') return (x, w) => conv2d(x, w);
    if (pass === 'inputGrad') return (x, w, dy) => backpropInput(dy, w, x.shape);
    return (x, _w, dy) => backpropFilter(x, dy);
  }
  // Transposed layer: x is its input, dy the gradient at its (larger) output.
  if (pass === 'forward') return (x, w, dy) => backpropInput(x, w, dy.shape);
  if (pass === 'inputGrad') return (_x, w, dy) => conv2d(dy, w);
  return (x, _w, dy) => backpropFilter(dy, x);
}

function outputShape(l: ConvLayer): [number, number, number, number] {
  const [b, h, w] = l.input;
  if (l.kind === 'transposed') return [b, 2 * h, 2 * w, l.filter[2]];
  const s = l.stride === 2 ? [h / 2, w / 2] : [h - 1, w - 1];
  return [b, s[0], s[1], l.filter[3]];
}

let clock: () => number = () => performance.now();

function cpuClock(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Best-of-`reps` time in ms of `call`, each run with a fresh copy of `w0`. */
function timeWithFreshFilter(call: (w: tf.Tensor4D) => tf.Tensor, w0: tf.Tensor4D, reps: number): number {
  let best = Infinity;
  for (let r = 0; r < reps + 1; r++) {
    const w = tf.add(w0, 0) as tf.Tensor4D; // a new tensor: XNNPACK must pack it again
    const t0 = clock();
    const out = call(w);
    const ms = clock() - t0;
    tf.dispose([w, out]);
    if (r > 0) best = Math.min(best, ms); // the first run warms up code and memory
  }
  return best;
}

function referenceGflops(): number {
  const a = tf.randomNormal([512, 1024]);
  const b = tf.randomNormal([1024, 512]);
  tf.matMul(a, b).dispose();
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = clock();
    tf.matMul(a, b).dispose();
    best = Math.min(best, clock() - t0);
  }
  tf.dispose([a, b]);
  return (2 * 512 * 1024 * 512) / best / 1e6;
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  await initBackend({ backend: 'wasm' });
  if (o.clock === 'cpu') clock = cpuClock;
  const layers = pix2pixConvLayers(o.size).filter((l) => o.only === null || l.name.startsWith(o.only));
  console.log(`pix2pix ${o.size}² conv layers on wasm (${o.stock ? 'STOCK kernels' : 'training kernels'}), fresh filter every call, best of ${o.reps}, ${o.clock} clock`);
  console.log(`reference: cached 512x1024x512 matMul at ${referenceGflops().toFixed(1)} GFLOP/s (machine load shows here)\n`);
  console.log(`${'layer'.padEnd(9)} ${'input'.padEnd(16)} ${'filter'.padEnd(18)} ${pad('GFLOP', 6)}  ${pad('fwd ms', 8)} ${pad('GF/s', 5)}  ${pad('dx ms', 8)} ${pad('GF/s', 5)}  ${pad('dW ms', 8)} ${pad('GF/s', 5)}`);
  let stepMs = 0;
  let stepFlops = 0;
  const passes: Pass[] = ['forward', 'inputGrad', 'filterGrad'];
  for (const l of layers) {
    const x = tf.randomNormal(l.input) as tf.Tensor4D;
    const dy = tf.randomNormal(outputShape(l)) as tf.Tensor4D;
    const w0 = tf.mul(tf.randomNormal(l.filter), 0.02) as tf.Tensor4D;
    const flops = layerFlops(l);
    const cells: string[] = [];
    for (const p of passes) {
      const call = passCall(l, p, o.stock);
      if (call === null || l.perStep[p] === 0) {
        cells.push(`${pad('—', 8)} ${pad('', 5)}`);
        continue;
      }
      const ms = timeWithFreshFilter((w) => call(x, w, dy), w0, o.reps);
      stepMs += ms * l.perStep[p];
      stepFlops += flops * l.perStep[p];
      cells.push(`${pad(ms.toFixed(1), 8)} ${pad((flops / ms / 1e6).toFixed(1), 5)}`);
    }
    console.log(`${l.name.padEnd(9)} ${JSON.stringify(l.input).padEnd(16)} ${JSON.stringify(l.filter).padEnd(18)} ${pad((flops / 1e9).toFixed(3), 6)}  ${cells.join('  ')}`);
    tf.dispose([x, dy, w0]);
  }
  console.log(
    `\none training step (D step + G step, passes weighted by how often they run): ` +
      `${(stepFlops / 1e9).toFixed(1)} GFLOP in ${(stepMs / 1000).toFixed(2)} s = ${(stepFlops / stepMs / 1e6).toFixed(1)} GFLOP/s`,
  );
  if (o.stock) console.log('(stock totals leave out the filter gradients, which stock wasm cannot compute)');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
