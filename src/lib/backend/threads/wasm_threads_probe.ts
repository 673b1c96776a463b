/**
 * A script run in its own Node process (so the caller stays single-threaded): starts the wasm
 * backend on N threads and prints one JSON line.
 *
 *   node dist/lib/backend/threads/wasm_threads_probe.js check <threads>   results of fixed ops
 *   node dist/lib/backend/threads/wasm_threads_probe.js bench <threads> [repeat]   kernel timings in ms
 *
 * threads = 1 uses the stock single-threaded SIMD build. The script never calls process.exit, so
 * its exit also shows that the worker threads do not keep a process alive.
 */
import { tf } from '../tf';
import { enableWasmThreads, wasmThreadsInUse } from './wasm_threads';

/** What `check` prints. */
export interface ProbeCheck {
  threads: number;
  conv2d: number[];
  matMul: number[];
  conv2dInputGrad: number[];
  tensorsLeft: number;
}

/** What `bench` prints: per kernel, the median and fastest of the timed runs, in ms. */
export interface ProbeBench {
  threads: number;
  ms: Record<string, { median: number; min: number }>;
}

async function main(): Promise<void> {
  const [mode, threadsArg, repeatArg] = process.argv.slice(2);
  const threads = Number(threadsArg);
  // More timed runs give a truer minimum on a machine shared with other work.
  const repeat = repeatArg === undefined ? 1 : Number(repeatArg);
  if (mode !== 'check' && mode !== 'bench') {
    throw new Error(`wasm_threads_probe: mode must be 'check' or 'bench', got ${mode}`);
  }
  enableWasmThreads(threads);
  await tf.setBackend('wasm');
  await tf.ready();
  if (tf.getBackend() !== 'wasm') throw new Error(`wasm_threads_probe: backend is ${tf.getBackend()}, expected wasm`);
  const out = mode === 'check' ? check() : bench(repeat);
  process.stdout.write(JSON.stringify(out) + '\n');
}

/** Small fixed-seed ops whose values the test compares between thread counts. */
function check(): ProbeCheck {
  const values = tf.tidy(() => {
    const x = tf.randomNormal([2, 32, 32, 16], 0, 0.5, 'float32', 1);
    const filter = tf.randomNormal([4, 4, 16, 32], 0, 0.1, 'float32', 2);
    const conv = (input: tf.Tensor4D) => tf.conv2d(input, filter as tf.Tensor4D, 2, 'same');
    const a = tf.randomNormal([192, 256], 0, 0.2, 'float32', 3);
    const b = tf.randomNormal([256, 160], 0, 0.2, 'float32', 4);
    // d/dx of sum(conv(x)²), i.e. conv's input gradient (Conv2DBackpropInput) of 2·conv(x).
    const y = conv(x as tf.Tensor4D);
    const inputGrad = tf.conv2dTranspose(tf.mul(y, 2) as tf.Tensor4D, filter as tf.Tensor4D, [2, 32, 32, 16], 2, 'same');
    return {
      conv2d: Array.from(y.dataSync()),
      matMul: Array.from(tf.matMul(a, b).dataSync()),
      conv2dInputGrad: Array.from(inputGrad.dataSync()),
    };
  });
  return { threads: wasmThreadsInUse(), ...values, tensorsLeft: tf.memory().numTensors };
}

/** The kernel sizes that dominate pix2pix training at 128²–256². */
function bench(repeat: number): ProbeBench {
  const ms: ProbeBench['ms'] = {};
  const time = (op: () => tf.Tensor, runs = 7) => timeOp(op, runs * repeat);
  const x128 = tf.randomNormal([1, 128, 128, 64]) as tf.Tensor4D;
  const f128 = tf.randomNormal([4, 4, 64, 64], 0, 0.02) as tf.Tensor4D;
  const x32 = tf.randomNormal([1, 32, 32, 256]) as tf.Tensor4D;
  const f32 = tf.randomNormal([4, 4, 256, 128], 0, 0.02) as tf.Tensor4D;
  const a = tf.randomNormal([4096, 512]) as tf.Tensor2D;
  const b = tf.randomNormal([512, 4096]) as tf.Tensor2D;

  ms['conv2d 128x128x64->64 4x4 s2'] = time(() => tf.conv2d(x128, f128, 2, 'same'));
  ms['conv2d 128x128x64->64 4x4 s2, new filter'] = time(() => tf.conv2d(x128, tf.add(f128, 0) as tf.Tensor4D, 2, 'same'));
  ms['conv2d 32x32x256->128 4x4 s2'] = time(() => tf.conv2d(x32, f32, 2, 'same'));
  ms['conv2d 32x32x256->128 4x4 s2, new filter'] = time(() => tf.conv2d(x32, tf.add(f32, 0) as tf.Tensor4D, 2, 'same'));
  ms['matMul [4096,512]x[512,4096]'] = time(() => tf.matMul(a, b), 3);
  ms['matMul [4096,512]x[512,4096], new b'] = time(() => tf.matMul(a, tf.add(b, 0) as tf.Tensor2D), 3);
  // The kernels tf.grad of a conv2d runs. tfjs-backend-wasm 4.22 has Conv2DBackpropInput but no
  // Conv2DBackpropFilter, so only the input gradient is timed.
  const dy128 = tf.ones([1, 64, 64, 64]) as tf.Tensor4D;
  ms['conv2d input grad 128x128x64->64 4x4 s2'] = time(() => tf.conv2dTranspose(dy128, f128, [1, 128, 128, 64], 2, 'same'), 3);
  const dy32 = tf.ones([1, 16, 16, 128]) as tf.Tensor4D;
  ms['conv2d input grad 32x32x256->128 4x4 s2'] = time(() => tf.conv2dTranspose(dy32, f32, [1, 32, 32, 256], 2, 'same'), 3);
  tf.dispose([x128, f128, x32, f32, a, b, dy128, dy32]);
  return { threads: wasmThreadsInUse(), ms };
}

/** Runs `op` twice untimed, then `runs` times timed (wasm kernels run synchronously in the call). */
function timeOp(op: () => tf.Tensor, runs: number): { median: number; min: number } {
  const once = (): number => {
    const start = performance.now();
    const result = tf.tidy(op);
    const elapsed = performance.now() - start;
    result.dispose();
    return elapsed;
  };
  once();
  once();
  const ms = Array.from({ length: runs }, once).sort((p, q) => p - q);
  const round = (v: number) => Math.round(v * 10) / 10;
  return { median: round(ms[Math.floor(runs / 2)]), min: round(ms[0]) };
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  });
}
