/**
 * Test helper: run folders and sweep folders written by hand in a temporary folder, shaped as
 * run_files.ts and sweep_files.ts describe (no training involved).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRgb, writePng } from '../data/image_io';
import { SWEEP_FILES, trialName, type ParamValue, type SweepTrial } from '../sweep/sweep_files';
import { RUN_FILES, sampleFileName, type FinalMetrics, type RunFailure, type StepMetrics } from './run_files';
import { resolveRunSpec, type RunSpec } from './run_spec';

/** A fresh empty folder under the system's temporary folder. */
export function tempFolder(prefix = 'e2f-runs-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Final metrics with the given summary values (others filled with plausible numbers). */
export function finalFixture(step: number, summary: Partial<FinalMetrics['summary']> = {}): FinalMetrics {
  return {
    step,
    trainSeconds: 12.5,
    evaluatedOn: 'held-out',
    summary: {
      pairs: 5, identities: 5, psnr: 12, ssim: 0.3,
      pixelRank1: 0.2, pixelRank5: 1, pixelRank10: 1, chanceRank1: 0.2, chanceRank5: 1, chanceRank10: 1,
      identityCosine: 0.5, rank1: 0.2, rank5: 1, rank10: 1,
      ...summary,
    },
    lastTerms: { 'g/total': 1 },
  };
}

/** `steps` metrics lines whose terms fall as a / step + offset. */
export function metricsFixture(steps: number, offset = 0): StepMetrics[] {
  return Array.from({ length: steps }, (_, i) => {
    const step = i + 1;
    return { step, lr: 2e-4, ms: 100, 'd/total': 1.4 - offset / 10, 'g/adv': 0.7, 'g/l1': 0.5 / step + offset, 'g/total': 10 / step + offset };
  });
}

/** What {@link writeRunFixture} puts in a run folder. */
export interface RunFixture {
  spec?: Partial<RunSpec>;
  metrics?: StepMetrics[];
  /** Raw text appended to metrics.jsonl after `metrics` (to cut a line off, say). */
  metricsTail?: string;
  final?: FinalMetrics;
  /** Steps that get a sample grid PNG (a 2 × 3-cell grid of flat colours). */
  samples?: number[];
  failure?: RunFailure;
  /** run.lock content. */
  lock?: unknown;
}

/** Writes a run folder at `dir` (created) with what `fixture` lists. */
export async function writeRunFixture(dir: string, fixture: RunFixture): Promise<string> {
  mkdirSync(dir, { recursive: true });
  if (fixture.spec) writeFileSync(join(dir, RUN_FILES.config), JSON.stringify(resolveRunSpec(fixture.spec), null, 2));
  if (fixture.metrics || fixture.metricsTail) {
    const lines = (fixture.metrics ?? []).map((m) => `${JSON.stringify(m)}\n`).join('');
    writeFileSync(join(dir, RUN_FILES.metrics), lines + (fixture.metricsTail ?? ''));
  }
  if (fixture.final) writeFileSync(join(dir, RUN_FILES.final), JSON.stringify(fixture.final));
  if (fixture.failure) writeFileSync(join(dir, RUN_FILES.failure), JSON.stringify(fixture.failure));
  if (fixture.lock !== undefined) writeFileSync(join(dir, RUN_FILES.lock), JSON.stringify(fixture.lock));
  for (const step of fixture.samples ?? []) {
    const shade = (step % 7) / 3.5 - 1;
    await writePng(createRgb(12, 8, [shade, -shade, 0.5]), join(dir, sampleFileName(step)));
  }
  return dir;
}

/** One trial of {@link writeSweepFixture}: its params and what its run folder holds (null: no folder yet). */
export interface TrialFixture {
  params: Record<string, ParamValue>;
  run: RunFixture | null;
}

/**
 * Writes a sweep folder at `dir`: sweep.json, trials.json (names trial-000, …) and each trial's
 * trial.json plus run folder.
 */
export async function writeSweepFixture(dir: string, trials: TrialFixture[], sweepSpec: unknown = { base: { steps: 3 }, grid: {} }): Promise<SweepTrial[]> {
  mkdirSync(join(dir, SWEEP_FILES.trialsDir), { recursive: true });
  const planned = trials.map((t, index) => ({ index, name: trialName(index), params: t.params }));
  writeFileSync(join(dir, SWEEP_FILES.spec), JSON.stringify(sweepSpec));
  writeFileSync(join(dir, SWEEP_FILES.trials), JSON.stringify(planned, null, 2));
  for (const [i, t] of trials.entries()) {
    if (t.run === null) continue;
    const trialDir = join(dir, SWEEP_FILES.trialsDir, planned[i].name);
    await writeRunFixture(trialDir, t.run);
    writeFileSync(join(trialDir, SWEEP_FILES.trialSpec), JSON.stringify(resolveRunSpec(t.run.spec ?? { steps: 3 })));
  }
  return planned;
}
