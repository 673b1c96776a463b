/** Bad dataset items: the error strict mode throws, and what lenient mode reports instead. */
import type { ImageProblem } from './image_error';

/** What can be wrong with one item (a pair, a file, a manifest row). */
export type ItemProblem =
  | ImageProblem
  | 'outside-dataset'
  | 'missing-partner'
  | 'missing-field'
  | 'bad-field'
  | 'no-subject';

/**
 * One bad dataset item. The message is `<item>: <what is wrong>`, where the item is a file path
 * or a manifest row (`manifest.json pairs[3]`, `manifest.csv line 5`).
 *
 * @example
 * try { await loadPairIndex('data/pairs'); }
 * catch (e) { if (e instanceof DatasetItemError) console.log(e.item, e.problem); }
 */
export class DatasetItemError extends Error {
  constructor(
    readonly item: string,
    readonly problem: ItemProblem,
    readonly detail: string,
  ) {
    super(`${item}: ${detail}`);
    this.name = 'DatasetItemError';
  }
}

/** An item left out in lenient mode, and why. */
export interface SkippedItem {
  item: string;
  problem: ItemProblem;
  reason: string;
}

/** How many items a dataset listed, how many are used, and which were skipped. */
export interface LoadSummary {
  total: number;
  used: number;
  skipped: SkippedItem[];
}

/** Receives one line per skipped item in lenient mode. */
export type WarningSink = (message: string) => void;
