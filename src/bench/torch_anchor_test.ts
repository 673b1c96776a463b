import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { isReferenceBlas, parseTorchOutput, TORCH_SCRIPT, torchVersion } from './torch_anchor';

test('the script is found from the compiled file', () => {
  assert.ok(existsSync(TORCH_SCRIPT), TORCH_SCRIPT);
});

test('parses the last JSON line and ignores other output', () => {
  const out = 'some warning\n{"size":128,"msPerStep":2071.5,"inferImgPerSec":2.5,"torch":"1.13.0a0","threads":2}\n';
  assert.deepEqual(parseTorchOutput(out), { size: 128, msPerStep: 2071.5, inferImgPerSec: 2.5, torch: '1.13.0a0', threads: 2 });
});

test('rejects output without the expected fields', () => {
  assert.throws(() => parseTorchOutput('Traceback ...\n'), /torch output: expected a JSON line/);
  assert.throws(() => parseTorchOutput('{"size":128,"msPerStep":"slow","inferImgPerSec":1,"torch":"1","threads":2}'), /field msPerStep/);
});

test('an interpreter that cannot run is reported, not thrown', () => {
  const v = torchVersion('/nonexistent/python3');
  assert.ok('reason' in v);
  assert.match(v.reason, /cannot run \/nonexistent\/python3/);
});

test('Debian\'s reference BLAS is told apart from OpenBLAS', () => {
  assert.equal(isReferenceBlas('/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0'), true);
  assert.equal(isReferenceBlas('/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3'), false);
  assert.equal(isReferenceBlas('unknown'), false);
  assert.equal(isReferenceBlas(undefined), false);
  const out = parseTorchOutput('{"size":64,"msPerStep":1,"inferImgPerSec":1,"torch":"1.13","threads":2,"blas":"/usr/lib/x86_64-linux-gnu/blas/libblas.so.3"}');
  assert.equal(isReferenceBlas(out.blas), true);
});
