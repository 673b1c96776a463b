// Runs every notebooks/*.ipynb headlessly with real Jupyter and the tslab kernel, exports each to
// HTML and checks it in headless Chromium (no page errors, every plot drawn), then writes the
// executed notebooks, HTML, screenshots and summary.json to test-artifacts/notebooks/.
//
//   node scripts/notebooks/run-notebooks.mjs [name-substring ...]
//
// Environment: EAR2FACE_NOTEBOOK_OUT (output folder), EAR2FACE_NOTEBOOK_TIMEOUT (seconds a cell
// may take, default 1800), EAR2FACE_JUPYTER_PYTHON (default /usr/bin/python3), EAR2FACE_CHROMIUM.
import { mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, basename, relative, resolve } from 'node:path';
import { repoRoot, notebooksDir, preflightProblems, ensurePackageLink, privateKernelEnv } from './jupyter-env.mjs';
import { executeNotebook, exportHtml, inspectExecuted } from './execute.mjs';
import { launchBrowser, checkPage } from './browser-check.mjs';
import { listNotebooks, strippedProblems } from './strip-outputs.mjs';

const started = performance.now();
const outDir = resolve(process.env.EAR2FACE_NOTEBOOK_OUT ?? join(repoRoot, 'test-artifacts/notebooks'));
const cellTimeoutSeconds = Number(process.env.EAR2FACE_NOTEBOOK_TIMEOUT ?? 1800);
const filters = process.argv.slice(2);
const show = (p) => relative(process.cwd(), p) || '.';

function fail(lines) {
  for (const line of [].concat(lines)) console.error(`run-notebooks: ${line}`);
  process.exit(1);
}

if (!Number.isFinite(cellTimeoutSeconds) || cellTimeoutSeconds <= 0) {
  fail(`EAR2FACE_NOTEBOOK_TIMEOUT is ${process.env.EAR2FACE_NOTEBOOK_TIMEOUT}; expected a positive number of seconds`);
}

const all = listNotebooks(notebooksDir);
const notebooks = all.filter((f) => filters.length === 0 || filters.some((s) => basename(f).includes(s)));
if (notebooks.length === 0) {
  if (filters.length > 0) fail(`no notebook in ${show(notebooksDir)} matches ${filters.join(', ')}`);
  console.log(`run-notebooks: no notebooks in ${show(notebooksDir)}; nothing to run`);
  process.exit(0);
}

const unstripped = notebooks.flatMap((f) => strippedProblems(JSON.parse(readFileSync(f, 'utf8'))).map((p) => `${show(f)}: ${p}`));
if (unstripped.length > 0) fail([...unstripped, 'notebooks are kept without outputs; run `node scripts/notebooks/strip-outputs.mjs`']);

const problems = preflightProblems();
if (problems.length > 0) fail(problems);
ensurePackageLink();
mkdirSync(outDir, { recursive: true });
const env = privateKernelEnv(join(outDir, 'jupyter'));

const results = [];
let browser;
for (const source of notebooks) {
  const name = basename(source, '.ipynb');
  const result = { name, ok: false, seconds: null, errors: [], notes: [] };
  results.push(result);
  console.log(`run-notebooks: ${name}: executing…`);
  const run = await executeNotebook(source, outDir, { env, cellTimeoutSeconds });
  result.seconds = round(run.seconds);
  if (!run.ok) {
    result.errors.push(`execution failed:\n${run.error}`);
    console.log(`run-notebooks: ${name}: FAILED after ${result.seconds} s; partial notebook ${show(join(outDir, `${name}.ipynb`))}\n${indent(run.error)}`);
    continue;
  }
  const executed = join(outDir, `${name}.ipynb`);
  const inspected = inspectExecuted(executed);
  result.errors.push(...inspected.errors.map((e) => `error output in ${e}`));
  result.stderr = inspected.stderr;
  const cellTotal = inspected.cellSeconds.reduce((s, c) => s + c.seconds, 0);
  result.cellSeconds = round(cellTotal);
  // What the cells did not use: Python and nbconvert start-up, kernel start-up, shutdown.
  result.startupSeconds = round(run.seconds - cellTotal);
  result.slowestCells = [...inspected.cellSeconds].sort((a, b) => b.seconds - a.seconds).slice(0, 3)
    .map((c) => ({ cell: c.cell, seconds: round(c.seconds) }));

  const html = await exportHtml(executed, outDir, env);
  result.htmlSeconds = round(html.seconds);
  if (!html.ok) {
    result.errors.push(`HTML export failed:\n${html.error}`);
    console.log(`run-notebooks: ${name}: HTML export FAILED\n${indent(html.error)}`);
    continue;
  }
  result.htmlBytes = statSync(html.html).size;

  const browserStart = performance.now();
  browser ??= await launchBrowser();
  const screenshot = join(outDir, `${name}.png`);
  const page = await checkPage(browser, html.html, screenshot);
  result.browserSeconds = round((performance.now() - browserStart) / 1000);
  result.errors.push(...page.errors);
  result.notes.push(...page.notes);
  result.plots = { expected: inspected.plots, found: page.plots.found, rendered: page.plots.rendered };
  if (page.plots.found !== inspected.plots) {
    result.errors.push(`the notebook's outputs hold ${inspected.plots} plot divs but the exported page shows ${page.plots.found}`);
  }
  result.ok = result.errors.length === 0;
  const status = result.ok ? 'ok' : 'FAILED';
  console.log(
    `run-notebooks: ${name}: ${status} — executed in ${result.seconds} s (cells ${result.cellSeconds} s, ` +
      `start-up ${result.startupSeconds} s), plots ${result.plots.rendered}/${result.plots.found} drawn, ` +
      `screenshot ${show(screenshot)}`,
  );
  for (const e of result.errors) console.log(indent(e));
  for (const n of result.notes) console.log(indent(`note: ${n}`));
}
await browser?.close();

const totalSeconds = (performance.now() - started) / 1000;
const executionSeconds = results.reduce((s, r) => s + (r.seconds ?? 0), 0);
const summary = {
  totalSeconds: round(totalSeconds),
  // Time outside notebook execution: checks, HTML export, the browser, screenshots.
  harnessSeconds: round(totalSeconds - executionSeconds),
  cellTimeoutSeconds,
  notebooks: results,
};
writeFileSync(join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
const failed = results.filter((r) => !r.ok);
console.log(`run-notebooks: ${results.length - failed.length}/${results.length} notebooks passed in ${summary.totalSeconds} s ` +
    `(${summary.harnessSeconds} s outside execution); summary ${show(join(outDir, 'summary.json'))}`);
if (failed.length > 0) fail(`failed: ${failed.map((r) => r.name).join(', ')}`);

function round(x) {
  return Math.round(x * 10) / 10;
}

function indent(text) {
  return text.split('\n').map((l) => `    ${l}`).join('\n');
}
