import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../backend/tf';
import { initBackend } from '../backend/select';
import { Rng } from '../util/rng';
import { createDiscriminator, defaultDiscriminatorConfig } from './discriminator';
import { createGenerator, defaultGeneratorConfig } from './generator';

function random(shape: [number, number, number, number], seed: number): tf.Tensor4D {
  const rng = new Rng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor4d(Float32Array.from({ length: size }, () => rng.next() * 2 - 1), shape);
}

/** Gradients of every G and D weight for D(concat(x, G(x))) and G(x) against fixed random weights. */
function pix2pixGradients(): Record<string, Float32Array> {
  const g = createGenerator(defaultGeneratorConfig({ imageSize: 64, ngf: 4 }), 1);
  const d = createDiscriminator(defaultDiscriminatorConfig({ ndf: 4 }), 1);
  const x = random([1, 64, 64, 3], 1);
  const wg = random([1, 64, 64, 3], 2);
  const wd = random([1, 6, 6, 1], 3);
  const named = [
    ...Object.entries(g.weights).map(([n, v]) => [`G ${n}`, v] as const),
    ...Object.entries(d.weights).map(([n, v]) => [`D ${n}`, v] as const),
  ];
  const { value, grads } = tf.variableGrads(() => {
    const face = g.apply(x, { training: true, noiseSeed: 1 });
    const logits = d.apply(tf.concat([x, face], 3), { training: true });
    return tf.add(tf.sum(tf.mul(face, wg)), tf.sum(tf.mul(logits, wd))) as tf.Scalar;
  }, named.map(([, v]) => v));
  const out: Record<string, Float32Array> = {};
  for (const [name, v] of named) out[name] = grads[v.name].dataSync() as Float32Array;
  tf.dispose([value, x, wg, wd, ...Object.values(grads)]);
  g.dispose();
  d.dispose();
  return out;
}

test('generator + discriminator gradients on wasm (project kernels) equal those on cpu', async () => {
  await initBackend({ backend: 'wasm' });
  const wasm = pix2pixGradients();
  await initBackend({ backend: 'cpu' });
  const cpu = pix2pixGradients();
  for (const name of Object.keys(cpu)) {
    let scale = 0;
    let diff = 0;
    for (let i = 0; i < cpu[name].length; i++) {
      scale = Math.max(scale, Math.abs(cpu[name][i]));
      diff = Math.max(diff, Math.abs(cpu[name][i] - wasm[name][i]));
    }
    assert.ok(scale > 0, `${name}: zero gradient`);
    assert.ok(diff <= 1e-3 * scale, `${name}: max |wasm − cpu| ${diff} vs max |cpu| ${scale}`);
  }
});
