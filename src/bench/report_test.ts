import test from 'node:test';
import assert from 'node:assert/strict';
import { formatTable, jsonLine, makeRow } from './report';

const raw = {
  size: 256, backend: 'wasm', msPerStep: 8700, torchMsPerStep: 7250, stepFlops: 87e9,
  inferImgPerSec: 0.81234, torchInferImgPerSec: 0.69, ear2faceMsPerStep: 9570, tensorsAfterWarmup: 120, tensorsAfterSteps: 120,
};

test('ratio and GFLOP/s come from the raw figures', () => {
  const r = makeRow(raw);
  assert.equal(r.ratio, 1.2); // 8700 / 7250
  assert.equal(r.gflopsPerSec, 10); // 87 GFLOP in 8.7 s
  assert.equal(r.inferImgPerSec, 0.812);
  assert.equal(r.stepGflop, 87);
  assert.equal(r.faceNetOverhead, 0.1); // 9570 / 8700 − 1
});

test('the JSON line has exactly the agreed keys, in order', () => {
  const line = jsonLine(makeRow(raw));
  assert.equal(line, '{"size":256,"backend":"wasm","msPerStep":8700,"torchMsPerStep":7250,"ratio":1.2,"gflopsPerSec":10,"inferImgPerSec":0.812,"torchInferImgPerSec":0.69,"ear2faceMsPerStep":9570,"faceNetOverhead":0.1}');
});

test('without PyTorch the torch fields are null', () => {
  const line = JSON.parse(jsonLine(makeRow({ ...raw, torchMsPerStep: null, torchInferImgPerSec: null })));
  assert.equal(line.torchMsPerStep, null);
  assert.equal(line.ratio, null);
  assert.equal(line.torchInferImgPerSec, null);
  assert.equal(line.msPerStep, 8700);
});

test('a failed step gives nulls for our figures and keeps the anchor', () => {
  const r = makeRow({ ...raw, msPerStep: null, inferImgPerSec: null, ear2faceMsPerStep: null, tensorsAfterWarmup: null, tensorsAfterSteps: null });
  assert.equal(jsonLine(r), '{"size":256,"backend":"wasm","msPerStep":null,"torchMsPerStep":7250,"ratio":null,"gflopsPerSec":null,"inferImgPerSec":null,"torchInferImgPerSec":0.69,"ear2faceMsPerStep":null,"faceNetOverhead":null}');
  assert.match(formatTable([r]), /7250/);
});

test('the table marks a tensor leak', () => {
  const ok = formatTable([makeRow(raw)]);
  assert.match(ok, /120 \(stable\)/);
  assert.match(ok, /9570 +10\.0%/);
  const leak = formatTable([makeRow({ ...raw, tensorsAfterSteps: 130 })]);
  assert.match(leak, /120→130 LEAK/);
  assert.equal(leak.split('\n').length, 3);
});
