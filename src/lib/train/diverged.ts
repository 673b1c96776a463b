/** The error a training step throws when a loss term or a gradient is NaN or infinite. */
export class TrainingDivergedError extends Error {
  /**
   * @param term the first non-finite record key, e.g. 'g/l1' or 'd/gradients'
   * @param step the 1-based number of the step that was refused
   * @param value the offending value (NaN, Infinity or -Infinity)
   *
   * @example
   * throw new TrainingDivergedError('g/l1', 12, NaN);
   * // TrainingDivergedError: training diverged at step 12: g/l1 is NaN; the step was not applied …
   */
  constructor(
    readonly term: string,
    readonly step: number,
    readonly value: number,
  ) {
    super(
      `training diverged at step ${step}: ${term} is ${value}; the step was not applied ` +
        `(weights, optimizer state and noise generator are as before it)`,
    );
    this.name = 'TrainingDivergedError';
  }
}
