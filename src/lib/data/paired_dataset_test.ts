import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DatasetItemError, ItemProblem } from './dataset_error';
import { loadPairIndex, PairIndexOptions } from './paired_dataset';
import { rgbToPngBytes } from './png_writer';
import { encodeWithJimp, patternRgb, tempFolder } from './test_images';

const tmp = tempFolder('dataset');
after(() => tmp.remove());
let counter = 0;

/** A fresh dataset folder with the given files: a [w, h] pair writes a PNG, a string/Buffer writes bytes. */
function dataset(files: Record<string, readonly [number, number] | string | Buffer>): string {
  const root = join(tmp.dir, `ds${counter++}`);
  mkdirSync(root, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), typeof content === 'string' || Buffer.isBuffer(content) ? content : rgbToPngBytes(patternRgb(content[0], content[1])));
  }
  return root;
}

const manifest = (pairs: unknown[], extra: object = {}) => JSON.stringify({ format: 'ear2face-pairs', version: 1, pairs, ...extra });

/** Strict: rejects naming `item` and `problem`; lenient: the same item skipped, warned and counted. */
async function badItem(root: string, problem: ItemProblem, item: RegExp, reason: RegExp, options: PairIndexOptions = {}): Promise<void> {
  await assert.rejects(loadPairIndex(root, options), (e: unknown) => {
    assert.ok(e instanceof DatasetItemError, String(e));
    assert.equal(e.problem, problem, e.message);
    assert.match(e.item, item);
    assert.match(e.detail, reason);
    return true;
  });
  const warnings: string[] = [];
  const index = await loadPairIndex(root, { ...options, strict: false, onWarning: (m) => warnings.push(m) });
  assert.equal(index.summary.skipped.length, 1, JSON.stringify(index.summary));
  assert.equal(index.summary.total, index.summary.used + 1);
  assert.equal(index.items.length, index.summary.used);
  const s = index.summary.skipped[0];
  assert.equal(s.problem, problem);
  assert.match(s.item, item);
  assert.match(s.reason, reason);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /^skipped /);
}

test('an aligned folder: one item per image, subject before the first _, or by a pattern', async () => {
  const root = dataset({ 's1_0.png': [32, 16], 's1_1.png': [32, 16], 's2_0.png': [32, 16], 'notes.txt': 'ignored' });
  const index = await loadPairIndex(root);
  assert.equal(index.format, 'aligned');
  assert.deepEqual(index.items.map((i) => [i.id, i.subject, i.aligned]), [['s1_0.png', 's1', true], ['s1_1.png', 's1', true], ['s2_0.png', 's2', true]]);
  assert.equal(index.items[0].ear, index.items[0].face);
  assert.deepEqual(index.subjects, ['s1', 's2']);
  assert.deepEqual(index.summary, { total: 3, used: 3, skipped: [] });
  const byPattern = await loadPairIndex(root, { subjectPattern: /^s(\d)/ });
  assert.deepEqual(byPattern.subjects, ['1', '2']);
});

test('ears/ + faces/ folders pair files by name, across extensions', async () => {
  const root = dataset({ 'ears/a_1.png': [20, 20], 'faces/a_1.png': [24, 24], 'ears/b_1.png': [20, 20] });
  writeFileSync(join(root, 'faces/b_1.jpg'), await encodeWithJimp(patternRgb(20, 20), 'image/jpeg'));
  const index = await loadPairIndex(root);
  assert.equal(index.format, 'folders');
  assert.deepEqual(index.items.map((i) => [i.id, i.subject, i.ear.slice(root.length), i.face.slice(root.length)]), [
    ['a_1', 'a', '/ears/a_1.png', '/faces/a_1.png'],
    ['b_1', 'b', '/ears/b_1.png', '/faces/b_1.jpg'],
  ]);
});

test('a JSON manifest keeps extra fields, imageSize and split; a CSV manifest reads the same', async () => {
  const files = { 'e/1.png': [16, 16], 'f/1.png': [16, 16], 'e/2.png': [16, 16], 'f/2.png': [16, 16] } as const;
  const root = dataset({
    ...files,
    'manifest.json': manifest([{ ear: 'e/1.png', face: 'f/1.png', subject: 'p1', params: { skin: 0.5 } }, { ear: 'e/2.png', face: 'f/2.png', subject: 7 }], {
      imageSize: 16,
      split: { heldOutSubjects: ['7'], seed: 3, fraction: 0.5 },
    }),
  });
  const index = await loadPairIndex(root);
  assert.equal(index.format, 'manifest');
  assert.deepEqual(index.items.map((i) => [i.id, i.subject, i.extra]), [['pairs[0]', 'p1', { params: { skin: 0.5 } }], ['pairs[1]', '7', undefined]]);
  assert.equal(index.imageSize, 16);
  assert.deepEqual(index.split, { heldOutSubjects: ['7'], seed: 3, fraction: 0.5 });
  const csvRoot = dataset({ ...files, 'pairs.csv': 'subject,ear,face,note\r\np1,e/1.png,f/1.png,"a, quoted note"\n\np2,e/2.png,f/2.png,\n' });
  const csv = await loadPairIndex(join(csvRoot, 'pairs.csv'));
  assert.deepEqual(csv.items.map((i) => [i.id, i.subject, i.face.slice(csvRoot.length), i.extra]), [
    ['line 2', 'p1', '/f/1.png', { note: 'a, quoted note' }],
    ['line 4', 'p2', '/f/2.png', { note: '' }],
  ]);
});

test('bad image files: zero bytes, text named .png, truncated, corrupt (found by check "decode")', async () => {
  const ok = { 'a_0.png': [32, 16], 'a_1.png': [32, 16] } as const;
  await badItem(dataset({ ...ok, 'b_0.png': '' }), 'empty', /b_0\.png$/, /^zero-byte file/);
  await badItem(dataset({ ...ok, 'b_0.png': 'this is a text file' }), 'not-an-image', /b_0\.png$/, /^not an image: starts with text "this is a text f…"/);
  const png = rgbToPngBytes(patternRgb(32, 16));
  await badItem(dataset({ ...ok, 'b_0.png': png.subarray(0, 70) }), 'truncated', /b_0\.png$/, /^truncated PNG: chunk IDAT at byte 33/);
  const corrupt = Buffer.from(png);
  for (let i = 45; i < corrupt.length - 16; i += 2) corrupt[i] ^= 0xa5;
  const root = dataset({ ...ok, 'b_0.png': corrupt });
  assert.equal((await loadPairIndex(root)).items.length, 3); // the header is sound
  await badItem(root, 'corrupt', /b_0\.png$/, /^corrupt or truncated PNG data \(the decoder says/, { check: 'decode' });
});

test('wrong aspect (aligned) and tiny images are refused; the size rule follows imageSize and maxUpscale', async () => {
  const ok = { 'a_0.png': [64, 32], 'a_1.png': [64, 32] } as const;
  await badItem(dataset({ ...ok, 'b_0.png': [40, 32] }), 'wrong-aspect', /b_0\.png$/, /^40×32 px; expected an aligned ear\|face image twice as wide as high \(64×32\)$/);
  await badItem(dataset({ ...ok, 'b_0.png': [24, 12] }), 'too-small', /b_0\.png$/, /^each half is 12×12 px; expected at least 16 px a side \(option minSide\)$/);
  // 32 px halves: fine up to 128 (4×), too small for 256 unless maxUpscale allows 8×.
  const root = dataset({ 'ears/a_0.png': [64, 64], 'faces/a_0.png': [64, 64], 'ears/b_0.png': [64, 64], 'faces/b_0.png': [32, 40] });
  assert.equal((await loadPairIndex(root, { imageSize: 128 })).items.length, 2);
  await badItem(root, 'too-small', /ears\/b_0\.png$/, /faces\/b_0\.png: 32×40 px, too small for imageSize 256: expected at least 64 px a side \(at most 4× enlargement, option maxUpscale\)$/, { imageSize: 256 });
  assert.equal((await loadPairIndex(root, { imageSize: 256, maxUpscale: 8 })).items.length, 2);
});

test('a folder pair with a missing partner, and duplicate names, are named', async () => {
  const ok = { 'ears/a_0.png': [16, 16], 'faces/a_0.png': [16, 16] } as const;
  await badItem(dataset({ ...ok, 'ears/b_0.png': [16, 16] }), 'missing-partner', /ears\/b_0\.png$/, /^no face image named "b_0"\.\* in faces\/ for this ear$/);
  await badItem(dataset({ ...ok, 'faces/c_0.png': [16, 16] }), 'missing-partner', /faces\/c_0\.png$/, /^no ear image named "c_0"/);
  await badItem(dataset({ ...ok, 'ears/d_0.png': [16, 16], 'ears/d_0.jpg': 'x', 'faces/d_0.png': [16, 16] }), 'bad-field', /ears\/d_0\.jpg$/, /ears\/d_0\.jpg and ears\/d_0\.png share the name "d_0"/);
});

test('a file name without a subject is named with the pattern', async () => {
  await badItem(dataset({ 'a_0.png': [32, 16], 'noSubject.png': [32, 16] }), 'no-subject', /noSubject\.png$/, /^file name "noSubject" does not match subjectPattern \/\^\(\[\^_\]\+\)_\//);
});

test('manifest rows: a missing column, an unknown subject type, a non-object row', async () => {
  const files = { 'e.png': [16, 16], 'f.png': [16, 16] } as const;
  const good = { ear: 'e.png', face: 'f.png', subject: 's1' };
  await badItem(dataset({ ...files, 'manifest.json': manifest([good, { ear: 'e.png', subject: 's2' }]) }), 'missing-field', /^manifest\.json pairs\[1\]$/, /^no "face" field; expected a path relative to the manifest's folder$/);
  await badItem(dataset({ ...files, 'manifest.json': manifest([good, { ear: 'e.png', face: 'f.png', subject: { id: 2 } }]) }), 'bad-field', /^manifest\.json pairs\[1\]$/, /^"subject" is object \{"id":2\}; expected a string \(or an integer\)$/);
  await badItem(dataset({ ...files, 'manifest.json': manifest([good, { ear: 'e.png', face: 'f.png', subject: true }]) }), 'bad-field', /pairs\[1\]$/, /"subject" is boolean true/);
  await badItem(dataset({ ...files, 'manifest.json': manifest([good, 'e.png']) }), 'bad-field', /pairs\[1\]$/, /^got "e\.png"; expected an object/);
  await badItem(dataset({ ...files, 'manifest.csv': 'ear,face,subject\ne.png,f.png,s1\ne.png,f.png\n' }), 'missing-field', /^manifest\.csv line 3$/, /^no "subject" field/);
  await badItem(dataset({ ...files, 'manifest.csv': 'ear,face,subject\ne.png,f.png,s1\ne.png,f.png,s2,extra\n' }), 'bad-field', /^manifest\.csv line 3$/, /4 fields but the header has 3/);
  // A bad image named by a manifest row: the row, then the file.
  await badItem(dataset({ ...files, 'z.png': '', 'manifest.json': manifest([good, { ...good, face: 'z.png' }]) }), 'empty', /^manifest\.json pairs\[1\]$/, /z\.png: zero-byte file/);
});

test('paths outside the dataset folder are refused: .., absolute, a symlink leading out', async () => {
  const outside = join(tmp.dir, 'outside.png');
  writeFileSync(outside, rgbToPngBytes(patternRgb(16, 16)));
  const files = { 'e.png': [16, 16], 'f.png': [16, 16] } as const;
  const good = { ear: 'e.png', face: 'f.png', subject: 's1' };
  await badItem(dataset({ ...files, 'manifest.json': manifest([good, { ...good, ear: '../outside.png' }]) }), 'outside-dataset', /pairs\[1\]$/, /^path "\.\.\/outside\.png" leads outside the dataset folder /);
  await badItem(dataset({ ...files, 'manifest.json': manifest([good, { ...good, face: 'sub/../../outside.png' }]) }), 'outside-dataset', /pairs\[1\]$/, /leads outside/);
  await badItem(dataset({ ...files, 'manifest.json': manifest([good, { ...good, ear: outside }]) }), 'outside-dataset', /pairs\[1\]$/, /is absolute; expected a path relative to the dataset folder/);
  const linked = dataset({ ...files, 'manifest.json': manifest([good, { ...good, ear: 'link.png' }]) });
  symlinkSync(outside, join(linked, 'link.png'));
  await badItem(linked, 'outside-dataset', /pairs\[1\]$/, /^path "link\.png" is a link to .*outside\.png, outside the dataset folder/);
  // The same for a scanned folder, and a link inside the folder is fine.
  const scanned = dataset({ 'a_0.png': [32, 16] });
  symlinkSync(outside, join(scanned, 'b_0.png'));
  symlinkSync(join(scanned, 'a_0.png'), join(scanned, 'c_0.png'));
  await badItem(scanned, 'outside-dataset', /b_0\.png$/, /is a link to/);
  await badItem(dataset({ ...files, 'manifest.json': manifest([good, { ...good, ear: 'missing.png' }]) }), 'not-found', /pairs\[1\]$/, /^path "missing\.png": no such file in /);
});

test('problems with the dataset as a whole always throw, lenient or not', async () => {
  const lenient = { strict: false, onWarning: () => {} };
  await assert.rejects(loadPairIndex(dataset({ 'manifest.json': '{ "pairs": [' }), lenient), /manifest\.json: not valid JSON/);
  await assert.rejects(loadPairIndex(dataset({ 'manifest.json': '{"format":"other","pairs":[]}' })), /manifest\.json: "format" is "other"; expected "ear2face-pairs"/);
  await assert.rejects(loadPairIndex(dataset({ 'manifest.json': '{"format":"ear2face-pairs","version":2,"pairs":[]}' })), /"version" is 2; this library reads version 1/);
  await assert.rejects(loadPairIndex(dataset({ 'manifest.json': manifest([], { split: { heldOutSubjects: 'x' } }) })), /"split\.heldOutSubjects" is "x"; expected an array of subject strings/);
  await assert.rejects(loadPairIndex(dataset({ 'manifest.csv': 'ear,face\na,b\n' })), /manifest\.csv: the header "ear,face" has no "subject" column; expected ear,face,subject/);
  await assert.rejects(loadPairIndex(dataset({ 'a.txt': 'x' })), /no dataset found; expected manifest\.json, manifest\.csv, ears\/ \+ faces\/ folders, or aligned ear\|face images/);
  await assert.rejects(loadPairIndex(join(tmp.dir, 'nope')), /nope: no such dataset folder or manifest file/);
  await assert.rejects(loadPairIndex(dataset({ 'a_0.png': '' }), lenient), /no usable pairs \(1 listed; the first skipped: .*a_0\.png: zero-byte file/);
  await assert.rejects(loadPairIndex(dataset({ 'a_0.png': [32, 16] }), { minSide: 0 }), /minSide: got 0; expected a positive integer/);
});
