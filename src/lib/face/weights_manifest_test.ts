import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { parseWeightsManifest, shardPath } from './weights_manifest';

test('shard paths inside the folder resolve; paths leaving it are refused naming path and folder', () => {
  const dir = resolve('/models/face');
  assert.equal(shardPath(dir, 'w.bin'), join(dir, 'w.bin'));
  assert.equal(shardPath(dir, 'sub/w.bin'), join(dir, 'sub', 'w.bin'));
  assert.equal(shardPath(dir, '..weights.bin'), join(dir, '..weights.bin')); // a name, not a parent folder
  for (const bad of ['../x.bin', 'sub/../../x.bin', '/etc/passwd', '.', 'sub/..']) {
    assert.throws(
      () => shardPath(dir, bad),
      (e: Error) => e.message.includes(JSON.stringify(bad)) && e.message.includes(`outside the model folder ${dir}`),
      bad,
    );
  }
});

test('a well-formed manifest parses unchanged', () => {
  const json = [
    {
      paths: ['a.bin', 'b.bin'],
      weights: [
        { name: 'w', shape: [2, 3], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.1, min: -1 } },
        { name: 'h', shape: [4], dtype: 'float32', quantization: { dtype: 'float16' } },
        { name: 'n', shape: [], dtype: 'int32' },
      ],
    },
  ];
  assert.deepEqual(parseWeightsManifest(json, 'm.json'), json);
});

test('malformed manifests are refused with the manifest and the fault named', () => {
  const w = (extra: object) => [{ paths: ['a.bin'], weights: [{ name: 'w', shape: [2], dtype: 'float32', ...extra }] }];
  const cases: Array<[unknown, RegExp]> = [
    [{ paths: [] }, /m\.json: expected a JSON array of weight groups, got object/],
    [[{ weights: [] }], /m\.json: group 0 has no "paths" array/],
    [[{ paths: ['a.bin'] }], /group 0 has no "weights" array/],
    [[{ paths: ['a.bin'], weights: [{ shape: [2], dtype: 'float32' }] }], /group 0 weight 0 has no "name"/],
    [w({ shape: [2, -1] }), /weight 'w' has shape \[2,-1\]; expected an array of non-negative integers/],
    [w({ dtype: 'string' }), /weight 'w' has dtype "string"; expected one of float32, int32/],
    [w({ quantization: { dtype: 'int8', scale: 1, min: 0 } }), /weight 'w' has quantization dtype "int8"; expected one of uint8, uint16, float16/],
    [w({ quantization: { dtype: 'uint8', scale: 1 } }), /weight 'w' has uint8 quantization without finite "scale" and "min"/],
    [w({ dtype: 'int32', quantization: { dtype: 'float16' } }), /weight 'w' is float16-quantized but has dtype int32/],
  ];
  for (const [json, re] of cases) assert.throws(() => parseWeightsManifest(json, 'm.json'), re);
});
