/**
 * Adam (`tf.train.adam`) over a fixed, ordered list of named variables, with its slots under stable
 * names for checkpoints (`<prefix>/m/<weight>`, `<prefix>/v/<weight>`), a per-step learning rate,
 * and an exact undo of one update.
 *
 * tfjs's Adam keeps its moment slots by position in the gradient list and names them after the
 * engine's variable names, which differ between runs; passing the gradients always in this class's
 * order makes position i mean weight i, so slots can be saved and restored by weight name.
 */
import { tf } from '../backend/tf';
import { alias } from './snapshot';

interface SlotVariable {
  originalName: string;
  variable: tf.Variable;
}

/**
 * Fields of tfjs-core 4.22's AdamOptimizer that its public API does not expose: the learning rate
 * (set per step by the schedule), the running β powers (saved so a resumed run is bit-exact instead
 * of recomputing them with `pow`) and the slots (for undoing an update).
 */
interface AdamInternals {
  learningRate: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: SlotVariable[];
  accumulatedSecondMoment: SlotVariable[];
  iterations_: number;
}

export interface AdamSettings {
  lr: number;
  beta1: number;
  beta2: number;
}

/** A tensor's name and shape, as listed in a checkpoint. */
export interface StateEntry {
  name: string;
  shape: number[];
}

/** The optimizer state at one moment, for {@link NamedAdam.undo}. */
export interface AdamUndo {
  iterations: number;
  accBeta1: tf.Tensor;
  accBeta2: tf.Tensor;
  /** Null when the slots did not exist yet. */
  m: tf.Tensor[] | null;
  v: tf.Tensor[] | null;
}

/** An optimizer loaded from saved state, not yet in use. */
export interface PreparedAdam {
  readonly optimizer: tf.AdamOptimizer;
  dispose(): void;
}

export class NamedAdam {
  private optimizer: tf.AdamOptimizer;

  /**
   * @example
   * const adam = new NamedAdam('generator/adam', [['w', w]], { lr: 2e-4, beta1: 0.5, beta2: 0.999 });
   * adam.apply(tf.variableGrads(loss, [w]).grads, 2e-4);
   */
  constructor(
    readonly prefix: string,
    readonly variables: ReadonlyArray<readonly [string, tf.Variable]>,
    private readonly settings: AdamSettings,
  ) {
    this.optimizer = this.makeOptimizer();
  }

  /** Updates applied so far. */
  get iterations(): number {
    return this.optimizer.iterations;
  }

  /** One Adam update at rate `lr` from gradients keyed by engine variable name (as `tf.variableGrads` returns them). */
  apply(grads: tf.NamedTensorMap, lr: number): void {
    this.internals().learningRate = lr;
    const list = this.variables.map(([, v]) => ({ name: v.name, tensor: grads[v.name] as tf.Tensor }));
    this.optimizer.applyGradients(list);
  }

  /** Names and shapes of the state tensors, in checkpoint order. */
  layout(): StateEntry[] {
    const entries: StateEntry[] = [];
    for (const slot of ['m', 'v']) {
      for (const [name, v] of this.variables) entries.push({ name: `${this.prefix}/${slot}/${name}`, shape: [...v.shape] });
    }
    entries.push({ name: `${this.prefix}/accBeta1`, shape: [] }, { name: `${this.prefix}/accBeta2`, shape: [] });
    return entries;
  }

  /**
   * The state tensors by layout name (via `getWeights`), as new tensors the caller disposes; slots
   * that Adam has not created yet are its initial zeros.
   */
  async exportState(): Promise<{ iterations: number; tensors: Map<string, tf.Tensor> }> {
    const weights = await this.optimizer.getWeights();
    const [iter, ...slots] = weights;
    const iterations = (await iter.tensor.data())[0];
    iter.tensor.dispose();
    const n = this.variables.length;
    if (slots.length !== 0 && slots.length !== 2 * n) {
      throw new Error(`${this.prefix}: Adam holds ${slots.length} slots; expected 0 or ${2 * n} (m and v for ${n} weights)`);
    }
    const tensors = new Map<string, tf.Tensor>();
    this.variables.forEach(([name, v], i) => {
      tensors.set(`${this.prefix}/m/${name}`, slots.length ? alias(slots[i].tensor) : tf.zeros(v.shape));
      tensors.set(`${this.prefix}/v/${name}`, slots.length ? alias(slots[n + i].tensor) : tf.zeros(v.shape));
    });
    const internals = this.internals();
    tensors.set(`${this.prefix}/accBeta1`, alias(internals.accBeta1));
    tensors.set(`${this.prefix}/accBeta2`, alias(internals.accBeta2));
    return { iterations, tensors };
  }

  /**
   * Builds a fresh optimizer holding `tensors` (by layout name, already checked against
   * {@link layout}) via `setWeights`; nothing changes until {@link commitImport}. The caller still
   * owns `tensors`.
   */
  async prepareImport(iterations: number, tensors: ReadonlyMap<string, tf.Tensor>): Promise<PreparedAdam> {
    const get = (name: string): tf.Tensor => {
      const t = tensors.get(name);
      if (t === undefined) throw new Error(`${this.prefix}: state tensor "${name}" is missing`);
      return t;
    };
    const fresh = this.makeOptimizer();
    const iter = tf.scalar(iterations, 'int32');
    try {
      const values = [{ name: 'iter', tensor: iter as tf.Tensor }];
      for (const slot of ['m', 'v']) {
        for (const [name, v] of this.variables) values.push({ name: `${v.name}/${slot}`, tensor: get(`${this.prefix}/${slot}/${name}`) });
      }
      await fresh.setWeights(values);
      const internals = fresh as unknown as AdamInternals;
      internals.accBeta1.assign(get(`${this.prefix}/accBeta1`));
      internals.accBeta2.assign(get(`${this.prefix}/accBeta2`));
    } catch (e) {
      fresh.dispose();
      throw e;
    } finally {
      iter.dispose();
    }
    return { optimizer: fresh, dispose: () => fresh.dispose() };
  }

  /** Swaps in a prepared optimizer and disposes the old one. */
  commitImport(prepared: PreparedAdam): void {
    this.optimizer.dispose();
    this.optimizer = prepared.optimizer;
  }

  /** Remembers the current state (without copying) so one update can be undone. */
  capture(): AdamUndo {
    const s = this.internals();
    const has = s.accumulatedFirstMoment.length > 0;
    return {
      iterations: this.optimizer.iterations,
      accBeta1: alias(s.accBeta1),
      accBeta2: alias(s.accBeta2),
      m: has ? s.accumulatedFirstMoment.map((slot) => alias(slot.variable)) : null,
      v: has ? s.accumulatedSecondMoment.map((slot) => alias(slot.variable)) : null,
    };
  }

  /** Puts the optimizer back to the state `capture` saw. */
  undo(saved: AdamUndo): void {
    const s = this.internals();
    s.iterations_ = saved.iterations;
    s.accBeta1.assign(saved.accBeta1);
    s.accBeta2.assign(saved.accBeta2);
    if (saved.m === null || saved.v === null) {
      tf.dispose([...s.accumulatedFirstMoment, ...s.accumulatedSecondMoment].map((slot) => slot.variable));
      s.accumulatedFirstMoment = [];
      s.accumulatedSecondMoment = [];
      return;
    }
    saved.m.forEach((t, i) => s.accumulatedFirstMoment[i].variable.assign(t));
    saved.v.forEach((t, i) => s.accumulatedSecondMoment[i].variable.assign(t));
  }

  /** Frees what `capture` held. */
  release(saved: AdamUndo): void {
    tf.dispose([saved.accBeta1, saved.accBeta2, ...(saved.m ?? []), ...(saved.v ?? [])]);
  }

  dispose(): void {
    this.optimizer.dispose();
  }

  private makeOptimizer(): tf.AdamOptimizer {
    return tf.train.adam(this.settings.lr, this.settings.beta1, this.settings.beta2);
  }

  private internals(): AdamInternals {
    return this.optimizer as unknown as AdamInternals;
  }
}
