/**
 * Lazy batches for training and evaluation: files are decoded on demand, a few batches ahead
 * (a bounded queue), so memory stays flat however large the dataset. Training order is shuffled
 * each epoch from the seed and augmented (pix2pix jitter); evaluation is in order, resized only.
 *
 * Prefetched batches wait as plain arrays: a tensor exists only once a batch is handed out, and
 * the consumer owns it (dispose it after the step). close() — or leaving a for-await loop —
 * stops decoding and drops what was prefetched.
 */
import { tf } from '../backend/tf';
import { Rng } from '../util/rng';
import { augmentPair, preparePair } from './augment';
import type { LoadSummary, WarningSink } from './dataset_error';
import type { DecodeOptions } from './image_decode';
import { ImageError } from './image_error';
import { loadPair, PairItem } from './pair_item';
import { mixSeed, shuffled } from './shuffle';

export interface LoaderOptions {
  /** Side of the square images handed out. */
  imageSize: number;
  /** 'train': shuffled each epoch, augmented, endless by default. 'eval': in order, resized only, one pass. */
  mode: 'train' | 'eval';
  /** Pairs per batch (default 1, as pix2pix trains). */
  batchSize?: number;
  /** Seeds the epoch orders and the jitter (default 0). */
  seed?: number;
  /** Passes over the items (default: endless for 'train', 1 for 'eval'). */
  epochs?: number;
  /** Batches decoded ahead of the consumer (default 2). */
  prefetch?: number;
  /** pix2pix jitter (default: on for 'train'). */
  augment?: boolean;
  /** Shuffle each epoch (default: on for 'train'). */
  shuffle?: boolean;
  /** Leave out an epoch's last, smaller batch (default false). */
  dropLast?: boolean;
  /** Throw at the first file that fails to decode (default true); false: skip it, warn once, count it. */
  strict?: boolean;
  /** Receives one line per skipped item in lenient mode (default: console.warn). */
  onWarning?: WarningSink;
  /** Transparency background and size limits for decoding. */
  decode?: DecodeOptions;
}

/** One batch: NHWC float32 in [-1, 1]; the consumer owns (and disposes) the tensors. */
export interface LoadedBatch {
  ear: tf.Tensor4D;
  face: tf.Tensor4D;
  subjects: string[];
  items: PairItem[];
  /** 0-based epoch the batch belongs to. */
  epoch: number;
  /** 0-based number of the batch since the loader started. */
  index: number;
}

/** Counters for checking that memory stays bounded. */
export interface LoaderStats {
  /** Pairs decoded so far. */
  decodedPairs: number;
  /** Decoded pairs held by the loader now (being prepared or waiting in the queue). */
  livePairs: number;
  /** The most ever held at once: at most (prefetch + 1) · batchSize. */
  maxLivePairs: number;
  /** Batches handed out. */
  batches: number;
}

/** A batch waiting in the queue, as plain arrays. */
interface PendingBatch {
  ear: Float32Array;
  face: Float32Array;
  items: PairItem[];
  epoch: number;
}

interface Settings {
  imageSize: number;
  batchSize: number;
  seed: number;
  epochs: number;
  prefetch: number;
  augment: boolean;
  shuffle: boolean;
  dropLast: boolean;
  strict: boolean;
}

function settingsFrom(items: readonly PairItem[], o: LoaderOptions): Settings {
  if (!Array.isArray(items) || items.length === 0) throw new Error('PairLoader: items is empty; expected at least one pair (see loadPairIndex)');
  if (o?.mode !== 'train' && o?.mode !== 'eval') throw new Error(`PairLoader: mode ${JSON.stringify(o?.mode)}; expected 'train' or 'eval'`);
  const train = o.mode === 'train';
  const s: Settings = {
    imageSize: o.imageSize,
    batchSize: o.batchSize ?? 1,
    seed: o.seed ?? 0,
    epochs: o.epochs ?? (train ? Infinity : 1),
    prefetch: o.prefetch ?? 2,
    augment: o.augment ?? train,
    shuffle: o.shuffle ?? train,
    dropLast: o.dropLast ?? false,
    strict: o.strict ?? true,
  };
  for (const key of ['imageSize', 'batchSize', 'prefetch'] as const) {
    if (!Number.isInteger(s[key]) || s[key] < 1) throw new Error(`PairLoader: ${key} ${s[key]}; expected a positive integer`);
  }
  if (!(s.epochs === Infinity || (Number.isInteger(s.epochs) && s.epochs >= 1))) throw new Error(`PairLoader: epochs ${s.epochs}; expected a positive integer or Infinity`);
  if (!Number.isFinite(s.seed)) throw new Error(`PairLoader: seed ${s.seed}; expected a finite number`);
  return s;
}

/**
 * An async iterator over batches of pairs. See {@link LoaderOptions}.
 *
 * @example
 * const loader = new PairLoader(split.train, { imageSize: 256, mode: 'train', seed: 1 });
 * for await (const batch of loader) {
 *   trainer.step(batch);
 *   tf.dispose([batch.ear, batch.face]);
 *   if (trainer.stepCount >= 1000) break;   // leaving the loop closes the loader
 * }
 */
export class PairLoader implements AsyncIterableIterator<LoadedBatch> {
  /** Items skipped in lenient mode (each once), and how many items there are. */
  readonly summary: LoadSummary;
  private readonly items: readonly PairItem[];
  private readonly s: Settings;
  private readonly decode: DecodeOptions;
  private readonly warn: WarningSink;
  private readonly bad = new Set<PairItem>();
  private readonly queue: PendingBatch[] = [];
  private readonly counters: LoaderStats = { decodedPairs: 0, livePairs: 0, maxLivePairs: 0, batches: 0 };
  private producer: Promise<void> | null = null;
  private failure: unknown = null;
  private finished = false;
  private closed = false;
  private consumerWaiters: (() => void)[] = [];
  private producerWake: (() => void) | null = null;

  constructor(items: readonly PairItem[], options: LoaderOptions) {
    this.s = settingsFrom(items, options);
    this.items = items.slice();
    this.decode = options.decode ?? {};
    this.warn = options.onWarning ?? ((m: string) => console.warn(m));
    this.summary = { total: items.length, used: items.length, skipped: [] };
  }

  /** Batches per epoch while no item has been skipped. */
  get batchesPerEpoch(): number {
    const n = this.items.length / this.s.batchSize;
    return this.s.dropLast ? Math.floor(n) : Math.ceil(n);
  }

  get stats(): LoaderStats {
    return { ...this.counters };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /**
   * The next batch; done after the last epoch or close(). A decoding failure (strict mode) is
   * thrown here, after the batches prepared before it, and ends the iteration.
   */
  async next(): Promise<IteratorResult<LoadedBatch>> {
    if (this.closed) return { value: undefined, done: true };
    this.producer ??= this.produce();
    for (;;) {
      const pending = this.queue.shift();
      if (pending !== undefined) {
        this.wakeProducer();
        return { value: this.handOut(pending), done: false };
      }
      if (this.failure !== null) {
        const e = this.failure;
        this.failure = null;
        await this.close();
        throw e;
      }
      if (this.finished) return { value: undefined, done: true };
      await new Promise<void>((resolve) => this.consumerWaiters.push(resolve));
    }
  }

  /** Called when a for-await loop is left early: closes the loader. */
  async return(): Promise<IteratorResult<LoadedBatch>> {
    await this.close();
    return { value: undefined, done: true };
  }

  /** Stops decoding, drops prefetched batches, and waits until the loader is idle. */
  async close(): Promise<void> {
    this.closed = true;
    for (const b of this.queue.splice(0)) this.counters.livePairs -= b.items.length;
    this.wakeProducer();
    this.wakeConsumer();
    await this.producer?.catch(() => {});
  }

  private handOut(b: PendingBatch): LoadedBatch {
    const n = b.items.length;
    const size = this.s.imageSize;
    this.counters.livePairs -= n;
    const index = this.counters.batches++;
    return {
      ear: tf.tensor4d(b.ear, [n, size, size, 3]),
      face: tf.tensor4d(b.face, [n, size, size, 3]),
      subjects: b.items.map((i) => i.subject),
      items: b.items,
      epoch: b.epoch,
      index,
    };
  }

  private wakeConsumer(): void {
    for (const wake of this.consumerWaiters.splice(0)) wake();
  }

  private wakeProducer(): void {
    const wake = this.producerWake;
    this.producerWake = null;
    wake?.();
  }

  /** Decodes one item; null when it is skipped (lenient mode). */
  private async decodeItem(item: PairItem) {
    if (this.bad.has(item)) return null;
    try {
      return await loadPair(item, this.decode);
    } catch (e) {
      if (this.s.strict || !(e instanceof ImageError)) throw e;
      this.bad.add(item);
      this.summary.skipped.push({ item: item.id, problem: e.problem, reason: e.message });
      this.summary.used = this.items.length - this.bad.size;
      this.warn(`skipped pair ${item.id}: ${e.message}`);
      return null;
    }
  }

  private async produce(): Promise<void> {
    const { imageSize: size, batchSize, seed } = this.s;
    const pixels = size * size * 3;
    let building: PendingBatch | null = null;
    try {
      for (let epoch = 0; epoch < this.s.epochs && !this.closed; epoch++) {
        const order = this.s.shuffle ? shuffled(this.items, new Rng(mixSeed(seed, epoch))) : this.items;
        let used = 0;
        for (let pos = 0; pos < order.length; pos++) {
          const pair = await this.decodeItem(order[pos]);
          if (this.closed) return;
          if (pair === null) continue;
          used++;
          this.counters.decodedPairs++;
          building ??= { ear: new Float32Array(batchSize * pixels), face: new Float32Array(batchSize * pixels), items: [], epoch };
          this.counters.livePairs++;
          this.counters.maxLivePairs = Math.max(this.counters.maxLivePairs, this.counters.livePairs);
          // The jitter depends on (seed, epoch, position) only, so skipped items do not shift it.
          const ready = this.s.augment ? augmentPair(pair, size, new Rng(mixSeed(seed, epoch, pos, 1))) : preparePair(pair, size);
          const slot = building.items.length;
          building.ear.set(ready.ear.data, slot * pixels);
          building.face.set(ready.face.data, slot * pixels);
          building.items.push(order[pos]);
          if (building.items.length === batchSize) {
            const full: PendingBatch = building;
            building = null;
            if (!(await this.enqueue(full))) return;
          }
        }
        if (used === 0) throw new Error(`PairLoader: none of the ${order.length} pairs could be decoded (all skipped); see loader.summary`);
        if (building !== null) {
          const partial: PendingBatch = building;
          building = null;
          const n = partial.items.length;
          if (this.s.dropLast) this.counters.livePairs -= n;
          else if (!(await this.enqueue({ ...partial, ear: partial.ear.subarray(0, n * pixels), face: partial.face.subarray(0, n * pixels) }))) return;
        }
      }
    } catch (e) {
      this.failure = e;
    } finally {
      if (building !== null) this.counters.livePairs -= (building as PendingBatch).items.length;
      this.finished = true;
      this.wakeConsumer();
    }
  }

  /** Waits for room in the queue, then adds the batch; false when the loader closed meanwhile. */
  private async enqueue(batch: PendingBatch): Promise<boolean> {
    while (this.queue.length >= this.s.prefetch && !this.closed) {
      await new Promise<void>((resolve) => (this.producerWake = resolve));
    }
    if (this.closed) {
      this.counters.livePairs -= batch.items.length;
      return false;
    }
    this.queue.push(batch);
    this.wakeConsumer();
    return true;
  }
}

/**
 * A loader over `items` (see {@link PairLoader}).
 *
 * @example
 * const evalBatches = createPairLoader(split.test, { imageSize: 256, mode: 'eval', batchSize: 8 });
 */
export function createPairLoader(items: readonly PairItem[], options: LoaderOptions): PairLoader {
  return new PairLoader(items, options);
}
