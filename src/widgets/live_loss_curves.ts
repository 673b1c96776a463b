/** Loss curves that update in place while a trainer runs. */
import type { StepRecord } from '../lib/train/trainer';
import { type LiveDisplay, liveDisplay } from './display';
import { formatDuration } from './duration';
import { formatValue } from './figure_summary';
import { escapeHtml } from './html_escape';
import { type LossCurveOptions, lossCurvesFigure } from './loss_curves';
import type { LossRuns } from './loss_series';
import { lossSummaryTable } from './loss_summary';
import { figureHtml, uniqueId } from './plotly_html';
import { type Clock, systemClock, Throttle } from './throttle';

/** Options of {@link LiveLossCurves}; the curve options are those of lossCurvesFigure (slider off by default). */
export interface LiveLossCurvesOptions extends LossCurveOptions {
  /** Steps the run will take, for the progress line and ETA. */
  totalSteps?: number;
  /** At most this many redraws a second (default 5); the final state always shows on flush()/close(). */
  maxUpdatesPerSecond?: number;
  /** Where updates go; default a new liveDisplay() (tslab output, or text lines outside a notebook). */
  display?: LiveDisplay;
  /** Time source for throttling and ETA (tests). */
  clock?: Clock;
}

/** Anything that reports finished steps, e.g. a Trainer. */
export interface StepSource {
  onStep(listener: (record: StepRecord) => void): () => void;
}

interface Progress {
  run: string;
  step: number;
  firstStep: number;
  firstAt: number;
  lastAt: number;
}

/**
 * Live loss curves in one notebook output: each pushed step record is added to its run and the
 * output is redrawn in place (one graph div, `Plotly.react`), at most `maxUpdatesPerSecond`
 * times a second, under a progress line (step / total, steps per second, ETA).
 *
 * @example
 * const live = new LiveLossCurves({ totalSteps: 2000 });
 * const detach = live.attach(trainer, 'baseline');
 * for (let i = 0; i < 2000; i++) trainer.step(await loader.next());
 * detach();   // stops listening and draws the final state
 */
export class LiveLossCurves {
  private readonly history: Record<string, StepRecord[]> = {};
  private readonly throttle: Throttle;
  private readonly clock: Clock;
  private readonly updateKey = uniqueId('ear2face-live-loss');
  private readonly detachers = new Set<() => void>();
  private output: LiveDisplay | undefined;
  private progress: Progress | undefined;
  private closed = false;
  private renderCount = 0;
  /** Whether the output shows the current state marked final (nothing pushed since flush). */
  private finalShown = false;

  constructor(private readonly options: LiveLossCurvesOptions = {}) {
    if (options === null || typeof options !== 'object') throw new Error(`LiveLossCurves: options is ${options === null ? 'null' : typeof options}; expected an object`);
    const rate = options.maxUpdatesPerSecond ?? 5;
    if (typeof rate !== 'number' || !(rate > 0) || !Number.isFinite(rate)) {
      throw new Error(`LiveLossCurves: maxUpdatesPerSecond is ${rate}; expected a finite number > 0`);
    }
    const total = options.totalSteps;
    if (total !== undefined && (!Number.isInteger(total) || total < 1)) {
      throw new Error(`LiveLossCurves: totalSteps is ${total}; expected a positive integer or undefined`);
    }
    // Fail on bad curve options now, not at the first redraw inside a training loop.
    lossCurvesFigure({}, options);
    this.clock = options.clock ?? systemClock;
    this.output = options.display;
    this.throttle = new Throttle(() => this.show(false), 1000 / rate, this.clock);
  }

  /**
   * How many times the output was redrawn.
   *
   * @example
   * live.renders;   // e.g. 5 after a second of fast steps
   */
  get renders(): number {
    return this.renderCount;
  }

  /**
   * The records so far, by run (copies of the lists).
   *
   * @example
   * show(lossCurvesFigure(live.runs, { smoothing: 0.9 }));
   */
  get runs(): LossRuns {
    return Object.fromEntries(Object.entries(this.history).map(([run, records]) => [run, [...records]]));
  }

  /**
   * Pushes every step `source` (e.g. a Trainer) reports into run `runName`; returns a function
   * that stops listening and draws the final state.
   *
   * @example
   * const detach = live.attach(trainer, 'style ×10');
   */
  attach(source: StepSource, runName = 'run'): () => void {
    if (source === null || typeof source !== 'object' || typeof source.onStep !== 'function') {
      throw new Error(`LiveLossCurves.attach: source is ${source === null ? 'null' : typeof source}; expected a Trainer or { onStep(listener) }`);
    }
    this.assertOpen('attach');
    const off = source.onStep((record) => this.push(record, runName));
    let attached = true;
    const detach = () => {
      if (!attached) return;
      attached = false;
      off();
      this.detachers.delete(detach);
      this.flush();
    };
    this.detachers.add(detach);
    return detach;
  }

  /**
   * Adds one step record to run `runName` and asks for a redraw (throttled).
   *
   * @example
   * live.push(trainer.step(batch), 'baseline');
   */
  push(record: StepRecord, runName = 'run'): void {
    this.assertOpen('push');
    if (record === null || typeof record !== 'object' || typeof record.step !== 'number' || record.terms === null || typeof record.terms !== 'object') {
      throw new Error(`LiveLossCurves.push: record is ${JSON.stringify(record)}; expected a StepRecord { step, lr, terms, ms }`);
    }
    if (typeof runName !== 'string' || runName === '') throw new Error(`LiveLossCurves.push: runName is ${JSON.stringify(runName)}; expected a non-empty string`);
    (this.history[runName] ??= []).push(record);
    this.finalShown = false;
    const now = this.clock.now();
    if (!this.progress || this.progress.run !== runName) {
      this.progress = { run: runName, step: record.step, firstStep: record.step, firstAt: now, lastAt: now };
    } else {
      this.progress.step = record.step;
      this.progress.lastAt = now;
    }
    this.throttle.request();
  }

  /**
   * The progress line: run, step / total with percent, steps per second and ETA (from the wall
   * time between the first and latest pushes of the current run).
   *
   * @example
   * live.progressLine();   // 'baseline · step 120 / 1000 (12.0%) · 8.3 steps/s · ETA 1m 46s'
   */
  progressLine(): string {
    const p = this.progress;
    if (!p) return 'no steps yet';
    const total = this.options.totalSteps;
    const parts = [p.run, total ? `step ${p.step} / ${total} (${((100 * p.step) / total).toFixed(1)}%)` : `step ${p.step}`];
    const seconds = (p.lastAt - p.firstAt) / 1000;
    if (p.step > p.firstStep && seconds > 0) {
      const rate = (p.step - p.firstStep) / seconds;
      parts.push(`${rate >= 10 ? rate.toFixed(0) : rate.toPrecision(2)} steps/s`);
      if (total && total > p.step) parts.push(`ETA ${formatDuration((total - p.step) / rate)}`);
    }
    if (total && p.step >= total) parts.push('done');
    return parts.join(' · ');
  }

  /**
   * The current output as HTML: the progress line and the curves (plotly.js not included).
   *
   * @example
   * writeFileSync('curves.html', live.html());
   */
  html(): string {
    const runs = this.history;
    const figure = lossCurvesFigure(runs, { smoothingSlider: false, ...this.options });
    return (
      `<div class="ear2face-live-loss">` +
      `<div class="ear2face-progress" style="font:13px monospace;margin:4px 0">${escapeHtml(this.progressLine())}</div>` +
      figureHtml(figure, { includePlotly: 'never', fallbackHtml: lossSummaryTable(runs), updateKey: this.updateKey }) +
      `</div>`
    );
  }

  /**
   * Redraws now, ignoring the throttle; returns the HTML shown.
   *
   * @example
   * live.render();
   */
  render(): string {
    this.throttle.cancel();
    return this.show(false);
  }

  /**
   * Draws the current state now as final (unless already shown so), bypassing the throttle.
   *
   * @example
   * for (const batch of batches) live.push(trainer.step(batch));
   * live.flush();
   */
  flush(): void {
    if (this.finalShown) return;
    this.throttle.cancel();
    this.show(true);
  }

  /**
   * Stops every attach(), draws the final state; later pushes throw.
   *
   * @example
   * live.close();
   */
  close(): void {
    if (this.closed) return;
    for (const detach of [...this.detachers]) detach();
    this.flush();
    this.closed = true;
  }

  private show(final: boolean): string {
    const html = this.html();
    this.output ??= liveDisplay();
    this.output.update(html, { summary: this.summaryLine(), final });
    this.renderCount++;
    this.finalShown = final;
    return html;
  }

  private summaryLine(): string {
    const p = this.progress;
    if (!p) return 'loss curves: no steps yet';
    const records = this.history[p.run];
    const last = records[records.length - 1];
    const terms = Object.entries(last.terms)
      .filter(([t]) => t.endsWith('/total'))
      .map(([t, v]) => `${t} ${formatValue(v)}`);
    return [this.progressLine(), ...terms].join(' · ');
  }

  private assertOpen(what: string): void {
    if (this.closed) throw new Error(`LiveLossCurves.${what}: called after close(); expected a new LiveLossCurves`);
  }
}
