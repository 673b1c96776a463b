/**
 * Ctrl-C (SIGINT) and SIGTERM as an AbortSignal: the first one asks a long command to stop at the
 * next safe point (after the training step in progress, with a checkpoint); a second one quits at
 * once, after `onForce` (e.g. releasing a lock).
 */

export interface StopRequest {
  /** Aborted at the first signal. */
  readonly signal: AbortSignal;
  /** The signal received, or null. */
  readonly received: NodeJS.Signals | null;
  /** The conventional exit code for the signal received: 130 for SIGINT, 143 for SIGTERM. */
  exitCode(): number;
  /** Stops listening. */
  dispose(): void;
}

/**
 * Listens for SIGINT and SIGTERM until `dispose()`.
 *
 * @example
 * const stop = listenForStop({ onForce: () => lock.release() });
 * await trainSteps(trainer, loader, { until, signal: stop.signal, stopOnInterrupt: false });
 * if (stop.received) return stop.exitCode();
 */
export function listenForStop(options: { onForce?: () => void; log?: (line: string) => void } = {}): StopRequest {
  const { onForce, log = (line: string) => process.stderr.write(`${line}\n`) } = options;
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  const exitCode = () => (received === 'SIGTERM' ? 143 : 130);
  const handler = (sig: NodeJS.Signals): void => {
    if (received !== null) {
      log(`\n${sig} again: quitting now`);
      onForce?.();
      process.exit(exitCode());
    }
    received = sig;
    log(`\n${sig}: stopping after the step in progress and saving a checkpoint (Ctrl-C again quits at once)`);
    controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    exitCode,
    dispose() {
      process.removeListener('SIGINT', handler);
      process.removeListener('SIGTERM', handler);
    },
  };
}
