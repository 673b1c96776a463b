// Executes a notebook with Jupyter's notebook client (what `jupyter nbconvert --execute` runs) and
// exports the result to HTML with nbconvert, reporting the failing cell when a cell fails.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { python } from './jupyter-env.mjs';

const driver = fileURLToPath(new URL('./execute_notebook.py', import.meta.url));

/** Runs `python args` and resolves to { code, stdout, stderr }. */
function runPython(args, env) {
  return new Promise((resolve) => {
    const child = spawn(python, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) => resolve({ code: -1, stdout, stderr: `${stderr}\n${e.message}` }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const lastLines = (text, n) => text.trimEnd().split('\n').slice(-n).join('\n');

/** A readable report of the failing cell: which one, its source, what it printed. */
export function cellErrorReport(failure) {
  const where = failure.cell === null ? 'before the first cell ran' : `cell ${failure.cell} (counting from 0)`;
  const parts = [`${where}: ${failure.error}`];
  if (failure.source) parts.push(`--- cell source ---\n${failure.source}`);
  if (failure.outputs) parts.push(`--- cell output ---\n${lastLines(failure.outputs, 60)}`);
  return parts.join('\n');
}

/**
 * Executes `source` with the "tslab" kernel (working directory: the notebook's own folder) and
 * writes `<outDir>/<name>.ipynb`, also when a cell fails.
 * Resolves to { ok, seconds, error? } — error holds the failing cell's report.
 */
export async function executeNotebook(source, outDir, { env, cellTimeoutSeconds }) {
  const target = join(outDir, `${basename(source, '.ipynb')}.ipynb`);
  const start = performance.now();
  const run = await runPython([driver, source, target, 'tslab', String(cellTimeoutSeconds)], env);
  const seconds = (performance.now() - start) / 1000;
  let result;
  try {
    result = JSON.parse(run.stdout.trim().split('\n').pop());
  } catch {
    return { ok: false, seconds, error: `the notebook client exited with ${run.code}:\n${lastLines(run.stderr, 40)}` };
  }
  if (!result.ok) return { ok: false, seconds, error: cellErrorReport(result) };
  return { ok: true, seconds };
}

/** Exports an executed notebook to HTML (nbconvert's default "lab" template, outputs not sanitised). */
export async function exportHtml(executed, outDir, env) {
  const start = performance.now();
  const run = await runPython(['-m', 'nbconvert', '--to', 'html', '--HTMLExporter.sanitize_html=False', '--output-dir', outDir, executed], env);
  const seconds = (performance.now() - start) / 1000;
  if (run.code !== 0) return { ok: false, seconds, error: lastLines(run.stderr, 40) };
  return { ok: true, seconds, html: join(outDir, `${basename(executed, '.ipynb')}.html`) };
}

const plotClass = /class\s*=\s*["'][^"']*\bear2face-plot\b/g;

/**
 * Reads an executed notebook: error outputs (execution stops at the first, so at most one),, stderr text, the number of plot divs its HTML outputs carry and per-cell times.
 */
export function inspectExecuted(path) {
  const nb = JSON.parse(readFileSync(path, 'utf8'));
  const errors = [];
  const stderr = [];
  const cellSeconds = [];
  let plots = 0;
  nb.cells.forEach((cell, index) => {
    if (cell.cell_type !== 'code') return;
    const timing = cell.metadata?.execution ?? {};
    // tslab sends no execute_input message, so a cell's time is from busy to idle.
    const t0 = Date.parse(timing['iopub.status.busy']);
    const t1 = Date.parse(timing['iopub.status.idle']);
    if (Number.isFinite(t0) && Number.isFinite(t1)) cellSeconds.push({ cell: index, seconds: (t1 - t0) / 1000 });
    for (const out of cell.outputs ?? []) {
      if (out.output_type === 'error') errors.push(`cell ${index}: ${out.ename}: ${out.evalue}`);
      if (out.output_type === 'stream' && out.name === 'stderr') {
        stderr.push(`cell ${index}: ${[].concat(out.text).join('').trim().split('\n')[0]}`);
      }
      const html = out.data?.['text/html'];
      if (html !== undefined) plots += ([].concat(html).join('').match(plotClass) ?? []).length;
    }
  });
  return { errors, stderr, plots, cellSeconds };
}
