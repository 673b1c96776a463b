// Notebooks are kept in git without outputs, execution counts or run timings, in nbformat's JSON
// layout, so diffs show only what a person wrote. Rewrites notebooks/*.ipynb (or the given files)
// in place; --check only reports.
//
//   node scripts/notebooks/strip-outputs.mjs [--check] [file.ipynb ...]
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Cell metadata written by running a notebook rather than by its author. */
const runMetadataKeys = ['execution', 'collapsed', 'scrolled', 'ExecuteTime'];

/** nbformat stores multi-line text as a list of lines, each keeping its newline. */
function sourceLines(text) {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

/**
 * Returns a copy of a parsed notebook without outputs, execution counts and run-time cell metadata,
 * sources as lists of lines (as nbformat writes them).
 * @example stripNotebook({ cells: [{ cell_type: 'code', source: '1', outputs: [{}], execution_count: 3, metadata: {} }] })
 *   // → { cells: [{ cell_type: 'code', source: '1', outputs: [], execution_count: null, metadata: {} }] }
 */
export function stripNotebook(nb) {
  const cells = nb.cells.map((cell) => {
    const metadata = { ...cell.metadata };
    for (const key of runMetadataKeys) delete metadata[key];
    const source = typeof cell.source === 'string' ? sourceLines(cell.source) : cell.source;
    if (cell.cell_type !== 'code') return { ...cell, metadata, source };
    return { ...cell, metadata, source, outputs: [], execution_count: null };
  });
  return { ...nb, cells };
}

/**
 * Lists what keeps a parsed notebook from being stripped; empty when it is.
 * @example strippedProblems({ cells: [{ cell_type: 'code', outputs: [], execution_count: 2, metadata: {} }] })
 *   // → ['cell 0 has execution_count 2, expected null']
 */
export function strippedProblems(nb) {
  if (!Array.isArray(nb?.cells)) return ['no "cells" array; expected a Jupyter notebook (nbformat 4)'];
  const problems = [];
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type === 'code') {
      if (!Array.isArray(cell.outputs) || cell.outputs.length > 0) problems.push(`cell ${i} has ${cell.outputs?.length ?? 'no'} outputs, expected []`);
      if (cell.execution_count !== null) problems.push(`cell ${i} has execution_count ${cell.execution_count}, expected null`);
    }
    const runKeys = runMetadataKeys.filter((k) => k in (cell.metadata ?? {}));
    if (runKeys.length > 0) problems.push(`cell ${i} has run metadata ${runKeys.join(', ')}`);
  });
  return problems;
}

/** The notebooks kept in a folder, sorted by name. */
export function listNotebooks(dir) {
  return readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort().map((f) => join(dir, f));
}

/** Jupyter's own layout (nbformat's writer): keys sorted, one-space indent, trailing newline. */
export function formatNotebook(nb) {
  const sorted = (v) =>
    Array.isArray(v) ? v.map(sorted)
      : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])]))
        : v;
  return `${JSON.stringify(sorted(nb), null, 1)}\n`;
}

function main(argv) {
  const check = argv.includes('--check');
  const files = argv.filter((a) => a !== '--check');
  const targets = files.length > 0 ? files : listNotebooks(join(process.cwd(), 'notebooks'));
  let failed = false;
  for (const file of targets) {
    const text = readFileSync(file, 'utf8');
    const nb = JSON.parse(text);
    const formatted = formatNotebook(stripNotebook(nb));
    if (text === formatted) continue;
    if (check) {
      failed = true;
      const problems = strippedProblems(nb);
      console.error(`${relative(process.cwd(), file)}: ${problems.length > 0 ? problems.join('; ') : "not in Jupyter's JSON layout"}`);
    } else {
      writeFileSync(file, formatted);
      console.log(`stripped ${relative(process.cwd(), file)}`);
    }
  }
  if (failed) {
    console.error('strip-outputs: run `node scripts/notebooks/strip-outputs.mjs` to strip them');
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
