import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, jsonForScript } from './html_escape';

test('escapeHtml replaces the five HTML-special characters and nothing else', () => {
  assert.equal(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`), '&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;');
  assert.equal(escapeHtml('plain – ünïcode'), 'plain – ünïcode');
  assert.equal(escapeHtml('&amp;'), '&amp;amp;');
});

test('jsonForScript hides </script>, <!-- and line separators but parses back to the same value', () => {
  const value = { name: '</script><script>alert(1)</script>', note: '<!-- x -->', amp: 'a&b', lines: 'a\u2028b\u2029c' };
  const json = jsonForScript(value);
  for (const raw of ['<', '>', '&', '\u2028', '\u2029']) assert.ok(!json.includes(raw), `found ${JSON.stringify(raw)} in ${json}`);
  assert.ok(json.includes('\\u003c/script\\u003e'));
  assert.deepEqual(JSON.parse(json), value);
  // Also valid JavaScript with the same value.
  assert.deepEqual(new Function(`return ${json};`)(), value);
});

test('jsonForScript writes NaN and ±Infinity as null and typed arrays as arrays', () => {
  assert.equal(jsonForScript({ y: [1, NaN, Infinity, -Infinity, 2] }), '{"y":[1,null,null,null,2]}');
  assert.equal(jsonForScript(new Float32Array([0.5, NaN])), '[0.5,null]');
  assert.equal(jsonForScript({ z: [new Float64Array([1, 2])] }), '{"z":[[1,2]]}');
});

test('jsonForScript rejects values without a JSON form', () => {
  assert.throws(() => jsonForScript(undefined), /jsonForScript: value undefined has no JSON form/);
  assert.throws(() => jsonForScript(() => 1), /has no JSON form/);
});
