import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRgb, encodePng } from '../lib/data/image_io';
import { scriptBodies, tagProblems } from './html_test_util';
import { trialPickerHtml } from './trial_picker';

test('one image per choice, only the selected one visible, text escaped, list hidden until the script runs', async () => {
  const png = await encodePng(createRgb(100, 20));
  const html = trialPickerHtml(
    [
      { value: 'trial-000', label: 'trial-000 (λ style 0)', caption: 'step 60', png },
      { value: 'x"><script>alert(1)</script>', label: '<b>evil</b>', caption: '</div>', png },
    ],
    { selected: 'trial-000', title: 'samples <held-out>' },
  );
  assert.deepEqual(tagProblems(html), []);
  assert.equal(scriptBodies(html).length, 1);
  assert.ok(!html.includes('<b>evil'));
  assert.ok(html.includes('&lt;b&gt;evil&lt;/b&gt;'));
  assert.ok(html.includes('samples &lt;held-out&gt;'));
  const images = [...html.matchAll(/<img ([^>]*)>/g)].map((m) => m[1]);
  assert.equal(images.length, 2);
  // 100 px wide → zoom 4 (ceil(384 / 100)); 20 px high → 80.
  assert.match(images[0], /data-choice="trial-000" data-caption="step 60" width="400" height="80" style="image-rendering:pixelated/);
  assert.match(images[1], /data-choice="x&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;" data-caption="&lt;\/div&gt;" width="400" height="80" style="display:none;/);
  assert.match(images[0], new RegExp(`src="data:image/png;base64,${png.toString('base64').slice(0, 40).replace(/[+/]/g, '\\$&')}`));
  assert.match(html, /<option value="trial-000" selected>trial-000 \(λ style 0\)<\/option>/);
  assert.match(html, /class="ear2face-picker-controls" style="display:none/);
  assert.match(html, /class="ear2face-picker-caption" style="color:#555">step 60</);
});

test('bad choices are refused with the reason', async () => {
  const png = await encodePng(createRgb(4, 4));
  assert.throws(() => trialPickerHtml([]), /choices is empty; expected at least one/);
  assert.throws(() => trialPickerHtml([{ value: 'a', label: 'a', caption: '', png }, { value: 'a', label: 'b', caption: '', png }]), /choice values \["a","a"\] repeat/);
  assert.throws(() => trialPickerHtml([{ value: 'a', label: 'a', caption: '', png }], { selected: 'b' }), /selected is "b"; expected one of a/);
  assert.throws(() => trialPickerHtml([{ value: 'a', label: 'a', caption: '', png: new Uint8Array(30) }]), /choices\[0\]\.png is not PNG bytes/);
});
