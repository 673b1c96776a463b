/**
 * The sweep dashboard: a whole sweep folder on one page, built from disk alone. Parallel
 * coordinates (parameters → final metrics), the trials that did not finish and why, overlaid loss
 * curves, the newest sample grid of a chosen trial, and a table of every trial with the best
 * value of each metric marked.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readSweepFolder, type SweepRecord, type SweepTrialRecord } from '../lib/runs/read_sweep';
import { activeDisplayBackend } from './display';
import { formatValue } from './figure_summary';
import { escapeHtml } from './html_escape';
import { chooseColorMetric, parallelCoordinatesFigure, plottedTrials } from './parallel_coordinates';
import { figureHtml } from './plotly_html';
import { pngSize } from './sample_grid';
import { metricLabel, metricValue, trialLabel } from './sweep_dashboard_metrics';
import { recordedTerms, sweepLossCurvesFigure } from './sweep_dashboard_losses';
import { sweepSummaryTable, unfinishedTrialsTable } from './sweep_dashboard_table';
import { trialPickerHtml, type PickerChoice } from './trial_picker';

/** Options of {@link sweepDashboardHtml} and {@link showSweepDashboard}. */
export interface SweepDashboardOptions {
  /** Final metric colouring the parallel-coordinates lines (a dropdown changes it in the page); default 'rank1', or 'ssim' without descriptors. */
  colorBy?: string;
  /** Loss term of the overlaid curves shown first (a dropdown changes it); default 'g/total'. */
  term?: string;
  /** Trial whose sample grid shows first; default the best by `colorBy`, else the first with samples. */
  trial?: string;
}

/** The options checked against the sweep, defaults filled in. */
interface ResolvedOptions {
  colorBy: string;
  term: string | undefined;
  trial: string | undefined;
}

const MAX_WARNINGS_SHOWN = 12;

function resolveOptions(sweep: SweepRecord, options: SweepDashboardOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') throw new Error(`sweep dashboard: options is ${JSON.stringify(options)}; expected { colorBy?, term?, trial? }`);
  for (const key of ['colorBy', 'term', 'trial'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'string') throw new Error(`sweep dashboard: options.${key} is ${JSON.stringify(options[key])}; expected a string`);
  }
  const finished = plottedTrials(sweep);
  const colorBy = finished.length > 0 ? chooseColorMetric(finished, options.colorBy) : options.colorBy ?? 'rank1';
  if (options.trial !== undefined && !sweep.trials.some((t) => t.name === options.trial)) {
    throw new Error(`sweep dashboard: trial is ${JSON.stringify(options.trial)}; expected one of ${sweep.trials.map((t) => t.name).join(', ')}`);
  }
  let term = options.term;
  if (term === undefined) {
    const recorded = recordedTerms(sweep.trials);
    term = recorded.includes('g/total') ? 'g/total' : recorded[0];
  }
  return { colorBy, term, trial: options.trial };
}

function section(title: string, body: string): string {
  return `<div style="font:bold 14px sans-serif;margin:18px 0 4px">${escapeHtml(title)}</div>${body}`;
}

function note(text: string): string {
  return `<p style="color:#666;font:13px sans-serif;margin:4px 0">${escapeHtml(text)}</p>`;
}

function header(sweep: SweepRecord): string {
  const counts = new Map<string, number>();
  for (const t of sweep.trials) counts.set(t.run.state, (counts.get(t.run.state) ?? 0) + 1);
  const states = [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
  const line = `${sweep.trials.length} trial${sweep.trials.length === 1 ? '' : 's'}${states ? `: ${states}` : ''} · ${sweep.dir}`;
  return `<div style="font:bold 16px sans-serif">sweep ${escapeHtml(basename(sweep.dir))}</div><div style="color:#555;font:13px sans-serif">${escapeHtml(line)}</div>`;
}

function warningsBox(warnings: readonly string[]): string {
  if (warnings.length === 0) return '';
  const items = warnings.slice(0, MAX_WARNINGS_SHOWN).map((w) => `<li>${escapeHtml(w)}</li>`);
  if (warnings.length > MAX_WARNINGS_SHOWN) items.push(`<li>… ${warnings.length - MAX_WARNINGS_SHOWN} more</li>`);
  return `<div class="ear2face-sweep-warnings" style="background:#fff6e0;border:1px solid #e8c66a;padding:4px 8px;margin:8px 0;font:12px sans-serif">skipped damaged files:<ul style="margin:2px 0">${items.join('')}</ul></div>`;
}

/** The newest sample grid of each trial that has one; unreadable files go to `problems`. */
function sampleChoices(sweep: SweepRecord, problems: string[]): PickerChoice[] {
  const choices: PickerChoice[] = [];
  for (const t of sweep.trials) {
    const newest = t.run.samples.at(-1);
    if (!newest) continue;
    try {
      const png = readFileSync(newest.path);
      pngSize(png, newest.path);
      choices.push({ value: t.name, label: trialLabel(t), caption: `${trialLabel(t)} · ${t.run.state} · step ${newest.step}`, png });
    } catch (e) {
      problems.push(`${t.name}: ${(e as Error).message}`);
    }
  }
  return choices;
}

/** The trial shown first: the wanted one if it has samples, else the best finished by `colorBy`, else the first. */
function firstChoice(sweep: SweepRecord, choices: readonly PickerChoice[], resolved: ResolvedOptions): string {
  const has = (name: string) => choices.some((c) => c.value === name);
  if (resolved.trial && has(resolved.trial)) return resolved.trial;
  let best: SweepTrialRecord | null = null;
  for (const t of plottedTrials(sweep)) {
    const v = metricValue(t, resolved.colorBy);
    if (v !== null && has(t.name) && (best === null || v > (metricValue(best, resolved.colorBy) as number))) best = t;
  }
  return best?.name ?? choices[0].value;
}

function samplesSection(sweep: SweepRecord, resolved: ResolvedOptions): string {
  const problems: string[] = [];
  const choices = sampleChoices(sweep, problems);
  const issues = problems.map((p) => note(`sample grid not shown: ${p}`)).join('');
  if (choices.length === 0) return note('No trial has written a sample grid yet.') + issues;
  const selected = firstChoice(sweep, choices, resolved);
  const missing = resolved.trial && resolved.trial !== selected ? note(`${resolved.trial} has no sample grid yet; showing ${selected}.`) : '';
  const without = sweep.trials.filter((t) => !choices.some((c) => c.value === t.name)).map((t) => t.name);
  const absent = without.length ? note(`No sample grid yet: ${without.join(', ')}.`) : '';
  return missing + trialPickerHtml(choices, { selected, title: 'newest sample grid: ear | generated | real (held-out people)' }) + absent + issues;
}

/**
 * The dashboard of a sweep read with `readSweepFolder`, as one `text/html` string for a notebook
 * output. Plots carry the class `ear2face-plot`; plotly.js rides along in the first figure when
 * this session has not sent it yet. Every name, parameter and message is escaped. Throws for an
 * option naming a metric, term or trial the sweep does not have (the message lists the choices).
 *
 * @example
 * const sweep = await readSweepFolder('runs/loss-weights');
 * tslab.display.html(sweepDashboardHtml(sweep, { colorBy: 'ssim', term: 'g/l1' }));
 */
export function sweepDashboardHtml(sweep: SweepRecord, options: SweepDashboardOptions = {}): string {
  if (sweep === null || typeof sweep !== 'object' || !Array.isArray(sweep.trials)) {
    throw new Error(`sweepDashboardHtml: sweep is ${sweep === null ? 'null' : typeof sweep}; expected what readSweepFolder returns`);
  }
  const resolved = resolveOptions(sweep, options);
  const parts = [header(sweep), warningsBox(sweep.warnings)];

  const parcoords = parallelCoordinatesFigure(sweep, { colorBy: resolved.colorBy });
  const plotted = plottedTrials(sweep).length;
  const parcoordsHtml = parcoords
    ? note('One line per finished trial, coloured by the metric in the dropdown. Drag along an axis to highlight a range; drag an axis title to move it.') +
      figureHtml(parcoords, { fallbackHtml: note(`Parallel coordinates of ${plotted} finished trials (needs scripts); the table at the bottom lists the same numbers.`) })
    : note('No trial has finished yet: the plot appears once a trial writes final.json.');
  parts.push(section('Parameters → final metrics', parcoordsHtml + unfinishedTrialsTable(sweep)));

  const losses = sweepLossCurvesFigure(sweep, resolved.term);
  parts.push(section('Loss curves', losses ? figureHtml(losses) : note('No trial has recorded a step yet.')));
  parts.push(section('Samples', samplesSection(sweep, resolved)));
  parts.push(section('All trials', sweepSummaryTable(sweep)));
  return `<div class="ear2face-sweep" style="font:13px sans-serif;max-width:1100px">${parts.join('')}</div>`;
}

/**
 * One line of plain text about the sweep: trial counts by state and the best trial by `colorBy`.
 *
 * @example
 * sweepSummaryText(sweep);   // 'sweep loss-weights: 4 trials (4 done); best Rank-1 0.4: trial-002 (λ feature 100, λ style 0)'
 */
export function sweepSummaryText(sweep: SweepRecord, options: SweepDashboardOptions = {}): string {
  const { colorBy } = resolveOptions(sweep, options);
  const counts = new Map<string, number>();
  for (const t of sweep.trials) counts.set(t.run.state, (counts.get(t.run.state) ?? 0) + 1);
  const states = [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
  let best: SweepTrialRecord | null = null;
  for (const t of plottedTrials(sweep)) {
    const v = metricValue(t, colorBy);
    if (v !== null && (best === null || v > (metricValue(best, colorBy) as number))) best = t;
  }
  const head = `sweep ${basename(sweep.dir)}: ${sweep.trials.length} trial${sweep.trials.length === 1 ? '' : 's'}${states ? ` (${states})` : ''}`;
  return best ? `${head}; best ${metricLabel(colorBy)} ${formatValue(metricValue(best, colorBy))}: ${trialLabel(best)}` : head;
}

/**
 * Reads the sweep folder (or takes a record from `readSweepFolder`) and shows its dashboard: in a
 * tslab notebook as one rich output, elsewhere as one line of text (see {@link sweepSummaryText}).
 *
 * @example
 * await showSweepDashboard('runs/loss-weights', { colorBy: 'ssim' });
 */
export async function showSweepDashboard(dirOrRecord: string | SweepRecord, options: SweepDashboardOptions = {}): Promise<void> {
  const sweep = typeof dirOrRecord === 'string' ? await readSweepFolder(dirOrRecord) : dirOrRecord;
  const summary = sweepSummaryText(sweep, options);
  const backend = activeDisplayBackend();
  backend.display.show(backend.rich ? sweepDashboardHtml(sweep, options) : '', summary);
}
