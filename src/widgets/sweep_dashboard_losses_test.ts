import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordedTerms, sweepLossCurvesFigure } from './sweep_dashboard_losses';
import { writeDemoSweep } from './sweep_dashboard_test_util';

test('one trace per trial that recorded steps, named by trial and params, EMA 0.6 of the term', async () => {
  const sweep = await writeDemoSweep();
  const figure = sweepLossCurvesFigure(sweep)!;
  assert.deepEqual(figure.data.map((t) => t.name), [
    'trial-000 (λ feature 0, λ style 0)', 'trial-001 (λ feature 0, λ style 1000)',
    'trial-002 (λ feature 100, λ style 0)', 'trial-003 (λ feature 100, λ style 1000)', 'trial-004 (λ feature 10, λ style 10)',
  ]);
  const first = figure.data[0];
  assert.deepEqual(first.x, Array.from({ length: 20 }, (_, i) => i + 1));
  // g/total = 10 / step: s1 = 10, s2 = 0.6·10 + 0.4·5 = 8, s3 = 0.6·8 + 0.4·10/3 = 6.13333…
  const y = first.y as number[];
  assert.equal(y[0], 10);
  assert.equal(y[1], 8);
  assert.equal(y[2], Number((0.6 * 8 + 0.4 * (10 / 3)).toPrecision(6)));
  assert.equal((figure.data[4].x as number[]).length, 3, 'the failed trial shows its three steps');
  assert.equal((figure.layout!.yaxis as { title: { text: string } }).title.text, 'g/total (EMA 0.6)');
});

test('the dropdown switches the term for every trace; unknown terms are refused', async () => {
  const sweep = await writeDemoSweep();
  assert.deepEqual(recordedTerms(sweep.trials), ['g/total', 'g/l1', 'g/adv', 'd/total']);
  const figure = sweepLossCurvesFigure(sweep, 'g/l1')!;
  const [terms, scale] = figure.layout!.updatemenus as Array<{ active: number; buttons: Array<{ label: string; method: string; args: [{ x?: number[][]; y?: number[][] }, Record<string, string>] }> }>;
  assert.deepEqual(terms.buttons.map((b) => b.label), ['g/total', 'g/l1', 'g/adv', 'd/total']);
  assert.equal(terms.active, 1);
  assert.equal((figure.data[0].y as number[])[0], 0.5, 'g/l1 at step 1 of trial 0 is 0.5');
  const adv = terms.buttons[2];
  assert.equal(adv.method, 'update');
  assert.equal(adv.args[0].y!.length, 5);
  assert.deepEqual(adv.args[0].y![0], Array(20).fill(0.7));
  assert.deepEqual(adv.args[1], { 'yaxis.title.text': 'g/adv (EMA 0.6)' });
  assert.deepEqual(scale.buttons.map((b) => b.args[0]), [{ 'yaxis.type': 'linear' }, { 'yaxis.type': 'log' }]);
  assert.throws(() => sweepLossCurvesFigure(sweep, 'g/style'), /term is "g\/style"; expected a loss term the trials recorded: g\/total, g\/l1, g\/adv, d\/total/);
});

test('no recorded step means no figure', async () => {
  const sweep = await writeDemoSweep();
  const pendingOnly = { ...sweep, trials: sweep.trials.filter((t) => t.run.state === 'pending') };
  assert.equal(sweepLossCurvesFigure(pendingOnly), null);
});
