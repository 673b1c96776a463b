import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_RUN_SPEC, needsFaceNet, resolveRunSpec, trainConfigOf } from './run_spec';

test('an empty spec is the default run; weights merge by name', () => {
  assert.deepEqual(resolveRunSpec({}), DEFAULT_RUN_SPEC);
  const s = resolveRunSpec({ steps: 200, weights: { style: 0 } });
  assert.deepEqual(s.weights, { adv: 1, l1: 100, feature: 100, style: 0 });
  assert.equal(s.steps, 200);
});

test('the train config halves the steps between constant and decaying learning rate', () => {
  const c = trainConfigOf(resolveRunSpec({ steps: 301, imageSize: 128, ngf: 8, seed: 7 }));
  assert.deepEqual([c.constantSteps, c.decaySteps, c.imageSize, c.ngf, c.seed], [151, 150, 128, 8, 7]);
  assert.deepEqual(c.weights, { adv: 1, l1: 100, feature: 100, style: 1000 });
});

test('the face network is needed only when feature or style is on', () => {
  assert.equal(needsFaceNet(resolveRunSpec({ weights: { feature: 0, style: 0 } })), false);
  assert.equal(needsFaceNet(resolveRunSpec({ weights: { feature: 0, style: 1 } })), true);
  assert.equal(needsFaceNet(resolveRunSpec({ weights: { feature: 5, style: 0 } })), true);
});

test('bad specs are refused naming the source and the field', () => {
  const cases: Array<[unknown, RegExp]> = [
    [null, /s\.json: got null; expected an object/],
    [[1], /s\.json: got \[1\]; expected an object/],
    [{ wieghts: {} }, /s\.json: unknown field "wieghts"; expected one of data, steps/],
    [{ weights: { l1: -1 } }, /s\.json: weights\.l1: got -1; expected a finite number ≥ 0/],
    [{ weights: { l1: '100' } }, /s\.json: weights\.l1: got "100"; expected a finite number ≥ 0/],
    [{ weights: { styel: 1 } }, /s\.json: weights\.styel: unknown term; expected one of adv, l1, feature, style/],
    [{ weights: [1] }, /s\.json: weights: got \[1\]; expected an object/],
    [{ steps: 0 }, /s\.json: steps: got 0; expected a whole number ≥ 1/],
    [{ steps: 2.5 }, /s\.json: steps: got 2\.5; expected a whole number ≥ 1/],
    [{ imageSize: 100 }, /s\.json: imageSize: got 100; expected one of 64, 128, 256/],
    [{ ganMode: 'wgan' }, /s\.json: ganMode: got "wgan"; expected one of vanilla, lsgan, hinge/],
    [{ lr: 0 }, /s\.json: lr: got 0; expected a finite number > 0/],
    [{ data: '' }, /s\.json: data: got ""; expected a dataset folder path/],
    [{ ngf: -4 }, /s\.json: ngf: got -4; expected an integer ≥ 1/],
  ];
  for (const [spec, message] of cases) assert.throws(() => resolveRunSpec(spec, 's.json'), message, JSON.stringify(spec));
});
