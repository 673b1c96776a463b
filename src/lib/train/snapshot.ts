/**
 * Cheap, exact snapshots of variables for undoing a step. tfjs variables are never updated in place:
 * `assign` points a variable at a new buffer. A reshape to the same shape shares the old buffer
 * (cpu and wasm only bump its reference count), so holding one keeps the old values alive without
 * copying them.
 */
import { tf } from '../backend/tf';

/**
 * A tensor that shares `t`'s current values (no copy on cpu and wasm). Dispose it when done.
 *
 * @example
 * const before = alias(v);
 * v.assign(tf.zerosLike(v));   // `before` still holds the old values
 */
export function alias(t: tf.Tensor): tf.Tensor {
  return tf.reshape(t, t.shape);
}

/** The values some variables hold now, restorable with {@link restoreVariables}. */
export interface VariableSnapshot {
  readonly pairs: ReadonlyArray<readonly [tf.Variable, tf.Tensor]>;
}

/**
 * Remembers the current values of `variables`.
 *
 * @example
 * const snap = snapshotVariables([v]);
 * v.assign(tf.zeros(v.shape));
 * restoreVariables(snap);   // v holds its old values again
 * releaseSnapshot(snap);
 */
export function snapshotVariables(variables: Iterable<tf.Variable>): VariableSnapshot {
  return { pairs: [...variables].map((v) => [v, alias(v)] as const) };
}

/** Puts every variable of `snapshot` back to the remembered values. */
export function restoreVariables(snapshot: VariableSnapshot): void {
  for (const [v, saved] of snapshot.pairs) v.assign(saved);
}

/** Frees the remembered values. */
export function releaseSnapshot(snapshot: VariableSnapshot): void {
  for (const [, saved] of snapshot.pairs) saved.dispose();
}
