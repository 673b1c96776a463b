import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSweepSpec, SweepSpecError } from './spec';
import { expandSweep, gridCombinations, randomDraws } from './expand';
import { paramPathProblem, withParams } from './param_path';

const base = { steps: 200, imageSize: 64, ngf: 16, ndf: 16 };

test('a grid expands to every combination, the first parameter varying slowest, each a resolved run', () => {
  const trials = expandSweep(parseSweepSpec({ base, grid: { 'weights.feature': [0, 100], 'weights.style': [0, 1000] } }));
  assert.deepEqual(
    trials.map((t) => [t.index, t.name, t.params]),
    [
      [0, 'trial-000', { 'weights.feature': 0, 'weights.style': 0 }],
      [1, 'trial-001', { 'weights.feature': 0, 'weights.style': 1000 }],
      [2, 'trial-002', { 'weights.feature': 100, 'weights.style': 0 }],
      [3, 'trial-003', { 'weights.feature': 100, 'weights.style': 1000 }],
    ],
  );
  // Unswept weights keep their defaults (adv 1, l1 100); base fields apply to every trial.
  assert.deepEqual(trials[1].run.weights, { adv: 1, l1: 100, feature: 0, style: 1000 });
  assert.deepEqual(trials.map((t) => [t.run.steps, t.run.ngf, t.run.lr]), Array(4).fill([200, 16, 2e-4]));
  assert.deepEqual(gridCombinations({ a: [1, 2, 3], b: ['x'] }), [{ a: 1, b: 'x' }, { a: 2, b: 'x' }, { a: 3, b: 'x' }]);
});

test('a random search draws from a seeded generator: hand-checked values, the same every time', () => {
  // Rng(42) gives 0.6011037519, 0.4482905590, 0.8524657935:
  //   lr = 1e-4 + 3e-4 · 0.6011… = 2.8033e-4;  style = 10^(1 + 3 · 0.4483…) = 221.24;  ganMode = choice[floor(3 · 0.852…)] = 'hinge'.
  const space = { lr: { uniform: [1e-4, 4e-4] }, 'weights.style': { logUniform: [10, 10000] }, ganMode: { choice: ['vanilla', 'lsgan', 'hinge'] } };
  const spec = parseSweepSpec({ base, random: { trials: 8, seed: 42, space } });
  const trials = expandSweep(spec);
  assert.deepEqual(trials[0].params, { lr: 0.0002803, 'weights.style': 221.2, ganMode: 'hinge' });
  assert.equal(trials[0].run.weights.style, 221.2);
  assert.equal(trials.length, 8);
  assert.deepEqual(expandSweep(parseSweepSpec({ base, random: { trials: 8, seed: 42, space } })), trials);
  for (const t of trials) {
    assert.ok((t.params.lr as number) >= 1e-4 && (t.params.lr as number) <= 4e-4, String(t.params.lr));
    assert.ok((t.params['weights.style'] as number) >= 10 && (t.params['weights.style'] as number) <= 10000);
  }
  const other = randomDraws({ ...spec.random!, seed: 43 });
  assert.notDeepEqual(other, trials.map((t) => t.params));
  assert.equal(parseSweepSpec({ base, random: { trials: 2, space } }).random!.seed, 1, 'the seed defaults to 1');
});

test('params apply to a copy of the base; paths are a run setting or weights.<term>', () => {
  const b = { steps: 10, weights: { l1: 50 } };
  assert.deepEqual(withParams(b, { 'weights.style': 0, lr: 1e-4 }), { steps: 10, weights: { l1: 50, style: 0 }, lr: 1e-4 });
  assert.deepEqual(b, { steps: 10, weights: { l1: 50 } });
  assert.equal(paramPathProblem('ganMode'), null);
  assert.equal(paramPathProblem('weights.feature'), null);
  assert.match(paramPathProblem('weights') ?? '', /unknown parameter "weights"/);
  assert.match(paramPathProblem('weights.styel') ?? '', /unknown parameter "weights\.styel"; expected a run setting \(data, steps, .*\) or weights\.<term> \(adv, l1, feature, style\)/);
});

test('bad specs are refused with a SweepSpecError naming the field or value', () => {
  const grid = { 'weights.style': [0, 1000] };
  const space = { lr: { uniform: [1e-4, 4e-4] } };
  const cases: Array<[unknown, RegExp]> = [
    [[], /sweep spec: got \[\]; expected an object/],
    [{ base, grid, paralel: 2 }, /sweep spec: unknown field "paralel"; expected one of base, grid, random, list, parallel/],
    [{ base: { ...base, stpes: 3 }, grid }, /sweep spec: base: unknown field "stpes"/],
    [{ base, grid: { 'weights.styel': [0] } }, /sweep spec: grid: unknown parameter "weights\.styel"/],
    [{ base, grid: { weights: [{ style: 0 }] } }, /sweep spec: grid: unknown parameter "weights"/],
    [{ base, random: { trials: 2, space: { learningRate: { uniform: [0, 1] } } } }, /sweep spec: random\.space: unknown parameter "learningRate"/],
    [{ base: { weights: { style: -1 } }, grid }, /sweep spec: base: weights\.style: got -1; expected a finite number ≥ 0/],
    [{ base: { weights: { style: 'lots' } }, grid }, /sweep spec: base: weights\.style: got "lots"; expected a finite number ≥ 0/],
    [{ base, grid: { 'weights.style': [0, -5] } }, /sweep spec: grid\["weights\.style"\]\[1\]: weights\.style: got -5; expected a finite number ≥ 0/],
    [{ base, grid: { 'weights.style': [0, '1000'] } }, /sweep spec: grid\["weights\.style"\]\[1\]: weights\.style: got "1000"; expected a finite number ≥ 0/],
    [{ base, grid: { 'weights.style': [0, null] } }, /sweep spec: grid\["weights\.style"\]\[1\]: got null; expected a number or a string/],
    [{ base, random: { trials: 2, space: { 'weights.l1': { uniform: [-10, 10] } } } }, /random\.space\["weights\.l1"\]\.uniform\[0\]: weights\.l1: got -10; expected a finite number ≥ 0/],
    [{ base, random: { trials: 2, space: { 'weights.l1': { uniform: ['a', 10] } } } }, /random\.space\["weights\.l1"\]\.uniform: got \["a",10\]; expected \[low, high\], two finite numbers/],
    [{ base, grid: {} }, /sweep spec: grid: is empty; expected at least one parameter/],
    [{ base, grid: { 'weights.style': [] } }, /sweep spec: grid\["weights\.style"\]: got \[\]; expected a non-empty list of values/],
    [{ base, grid: { 'weights.style': [0, 0] } }, /sweep spec: grid\["weights\.style"\]: lists 0 twice; expected distinct values/],
    [{ base, grid, random: { trials: 1, space } }, /sweep spec: has "grid" and "random"; expected exactly one of them/],
    [{ base }, /sweep spec: has none of "grid", "random" and "list"; expected exactly one of them/],
    [{ base, grid, list: [{}] }, /sweep spec: has "grid" and "list"; expected exactly one of them/],
    [{ base, list: [] }, /sweep spec: list: got \[\]; expected a non-empty list of trials/],
    [{ base, list: [{}, 3] }, /sweep spec: list\[1\]: got 3; expected an object of parameter → value/],
    [{ base, list: [{ 'weights.style': -1 }] }, /sweep spec: list\[0\]\["weights\.style"\]: weights\.style: got -1; expected a finite number ≥ 0/],
    [{ base, list: [{ 'weights.stlye': 0 }] }, /sweep spec: list\[0\]: unknown parameter "weights\.stlye"/],
    [{ base, list: [{ 'weights.style': 0, lr: 1e-4 }, { lr: 1e-4, 'weights.style': 0 }] }, /sweep spec: list\[1\]: repeats an earlier trial/],
    [{ base, random: { trials: 0, space } }, /sweep spec: random\.trials: got 0; expected a whole number from 1 to 1000/],
    [{ base, random: { trials: 2.5, space } }, /sweep spec: random\.trials: got 2\.5; expected a whole number/],
    [{ base, random: { trials: 2, space: {} } }, /sweep spec: random\.space: is empty/],
    [{ base, random: { trials: 2, sed: 1, space } }, /sweep spec: random: unknown field "sed"; expected one of trials, seed, space/],
    [{ base, random: { trials: 2, space: { lr: { uniform: [4e-4, 1e-4] } } } }, /random\.space\["lr"\]\.uniform: got \[0\.0004, 0\.0001\]; expected low ≤ high/],
    [{ base, random: { trials: 2, space: { 'weights.style': { logUniform: [0, 100] } } } }, /random\.space\["weights\.style"\]\.logUniform: got low 0; a log-uniform range needs low > 0/],
    [{ base, random: { trials: 2, space: { lr: { normal: [1, 2] } } } }, /random\.space\["lr"\]: got \{"normal":\[1,2\]\}; expected one of \{ "uniform"/],
    [{ base, random: { trials: 2, space: { ganMode: { choice: [] } } } }, /random\.space\["ganMode"\]\.choice: got \[\]; expected a non-empty list/],
    [{ base, random: { trials: 2, space: { ganMode: { choice: ['vanilla', 'wgan'] } } } }, /random\.space\["ganMode"\]\.choice\[1\]: ganMode: got "wgan"; expected one of vanilla, lsgan, hinge/],
    [{ base, grid: { seed: [1, 2, 3], lr: [1e-4, 2e-4, 3e-4], steps: Array.from({ length: 112 }, (_, k) => k + 1) } }, /sweep spec: grid: makes 1008 trials; expected at most 1000/],
    [{ base, grid, parallel: 0 }, /sweep spec: parallel: got 0; expected a whole number ≥ 1/],
  ];
  for (const [spec, message] of cases) {
    assert.throws(() => parseSweepSpec(spec), (e: Error) => e instanceof SweepSpecError && message.test(e.message), `${JSON.stringify(spec).slice(0, 120)} → ${message}`);
  }
});

test('a list sweep runs exactly the trials it lists, {} being the base run', () => {
  const spec = parseSweepSpec({ base: { ...base, weights: { style: 1000 } }, list: [{ 'weights.feature': 0, 'weights.style': 0 }, { 'weights.style': 0 }, {}] });
  const trials = expandSweep(spec);
  assert.deepEqual(trials.map((t) => [t.name, t.params, t.run.weights.feature, t.run.weights.style]), [
    ['trial-000', { 'weights.feature': 0, 'weights.style': 0 }, 0, 0],
    ['trial-001', { 'weights.style': 0 }, 100, 0],
    ['trial-002', {}, 100, 1000],
  ]);
});

test('a combination that is no valid run is refused naming the trial and its parameters', () => {
  // Both ends of the range are valid widths; the draws in between are not whole numbers.
  const spec = parseSweepSpec({ base, random: { trials: 2, seed: 42, space: { ngf: { uniform: [4, 8] } } } });
  assert.throws(() => expandSweep(spec), (e: Error) => e instanceof SweepSpecError && /^trial-000 \(ngf=6\.404\): ngf: got 6\.404; expected an integer ≥ 1/.test(e.message));
});
