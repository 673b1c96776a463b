import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { stripNotebook, strippedProblems, listNotebooks, formatNotebook } from './strip-outputs.mjs';
import { notebooksDir } from './jupyter-env.mjs';

const executed = {
  cells: [
    { cell_type: 'markdown', id: 'a', metadata: {}, source: ['# title'] },
    {
      cell_type: 'code',
      id: 'b',
      execution_count: 4,
      metadata: { tags: ['keep'], execution: { 'iopub.status.busy': '2024-01-01T00:00:00Z' }, scrolled: true },
      outputs: [{ output_type: 'stream', name: 'stdout', text: ['2\n'] }],
      source: ['1 + 1'],
    },
  ],
  metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
  nbformat: 4,
  nbformat_minor: 5,
};

test('strippedProblems names every output, execution count and run-time metadata key', () => {
  assert.deepEqual(strippedProblems(executed), [
    'cell 1 has 1 outputs, expected []',
    'cell 1 has execution_count 4, expected null',
    'cell 1 has run metadata execution, scrolled',
  ]);
  assert.deepEqual(strippedProblems({ nbformat: 4 }), ['no "cells" array; expected a Jupyter notebook (nbformat 4)']);
});

test('stripNotebook clears outputs and counts but keeps sources, ids, tags and notebook metadata', () => {
  const stripped = stripNotebook(executed);
  assert.deepEqual(strippedProblems(stripped), []);
  assert.deepEqual(stripped.cells[1], {
    cell_type: 'code',
    id: 'b',
    execution_count: null,
    metadata: { tags: ['keep'] },
    outputs: [],
    source: ['1 + 1'],
  });
  assert.deepEqual(stripped.cells[0], executed.cells[0]);
  assert.deepEqual(stripped.metadata, executed.metadata);
  assert.equal(executed.cells[1].outputs.length, 1, 'the input notebook is left unchanged');
});

test('every notebook in notebooks/ is kept stripped and in Jupyter layout, and runs on tslab', () => {
  for (const file of listNotebooks(notebooksDir)) {
    const text = readFileSync(file, 'utf8');
    const nb = JSON.parse(text);
    assert.deepEqual(strippedProblems(nb), [], `${basename(file)}: run node scripts/notebooks/strip-outputs.mjs`);
    assert.equal(text, formatNotebook(nb), `${basename(file)}: not in Jupyter's JSON layout; run node scripts/notebooks/strip-outputs.mjs`);
    assert.equal(nb.metadata?.kernelspec?.name, 'tslab', `${basename(file)}: kernelspec.name should be "tslab"`);
    assert.match(basename(file), /^\d\d-[a-z0-9-]+\.ipynb$/, 'notebooks are named NN-lower-case-words.ipynb');
  }
});

test("formatNotebook writes nbformat's layout: sorted keys at every level, one-space indent, final newline", () => {
  const text = formatNotebook({ nbformat: 4, cells: [{ source: 'x', cell_type: 'code' }], metadata: { b: 1, a: [{ d: 1, c: 2 }] } });
  assert.equal(
    text,
    '{\n "cells": [\n  {\n   "cell_type": "code",\n   "source": "x"\n  }\n ],\n "metadata": {\n  "a": [\n   {\n    "c": 2,\n    "d": 1\n   }\n  ],\n  "b": 1\n },\n "nbformat": 4\n}\n',
  );
});

test('stripNotebook stores string sources as lines, each keeping its newline, as nbformat writes them', () => {
  const nb = { cells: [
    { cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: 'a\n\nb\n' },
    { cell_type: 'markdown', metadata: {}, source: '' },
  ] };
  const stripped = stripNotebook(nb);
  assert.deepEqual(stripped.cells[0].source, ['a\n', '\n', 'b\n']);
  assert.deepEqual(stripped.cells[1].source, []);
});

test('listNotebooks returns only .ipynb files, sorted', () => {
  const files = listNotebooks(notebooksDir).map((f) => basename(f));
  assert.deepEqual(files, [...files].sort());
  assert.ok(files.every((f) => f.endsWith('.ipynb')));
});
