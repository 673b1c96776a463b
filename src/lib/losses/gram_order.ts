/**
 * A channel order for drawing Gram matrices as heatmaps. In network order the channels of a feature
 * map are arbitrary, so a Gram heatmap looks like noise; grouping channels that fire together turns
 * it into visible blocks, and applying one order to both the target's and the generated face's Gram
 * makes the two heatmaps comparable cell by cell.
 */
import { tf } from '../backend/tf';

/** One Gram matrix: a [C, C] or [1, C, C] tensor, or rows of numbers. */
export type GramInput = tf.Tensor | ReadonlyArray<ReadonlyArray<number>>;

/** A channel order and the matrix with rows and columns in that order. */
export interface OrderedGram {
  /** order[i] = the original channel shown at position i (a permutation of 0..C−1). */
  order: number[];
  /** matrix[i][j] = gram[order[i]][order[j]]. */
  matrix: number[][];
}

/**
 * The Gram matrix as rows of numbers, checked: square, finite, one matrix.
 *
 * @example
 * gramRows(tf.eye(2));   // [[1, 0], [0, 1]]
 */
export function gramRows(gram: GramInput, where = 'gram'): number[][] {
  let rows: number[][];
  if (gram instanceof tf.Tensor) {
    const shape = gram.shape;
    const square = (gram.rank === 2 && shape[0] === shape[1]) || (gram.rank === 3 && shape[0] === 1 && shape[1] === shape[2]);
    if (!square) throw new Error(`${where} has shape [${shape}]; expected one square Gram matrix [C, C] or [1, C, C]`);
    const c = shape[shape.length - 1];
    const flat = gram.dataSync();
    rows = Array.from({ length: c }, (_, i) => Array.from(flat.subarray(i * c, (i + 1) * c)));
  } else if (Array.isArray(gram)) {
    rows = gram.map((row, i) => {
      if (!Array.isArray(row) || row.length !== gram.length) {
        throw new Error(`${where}: row ${i} has ${Array.isArray(row) ? row.length : 'no'} entries; expected ${gram.length} (a square matrix)`);
      }
      return [...row];
    });
  } else {
    throw new Error(`${where} is ${gram === null ? 'null' : typeof gram}; expected a [C, C] tensor or rows of numbers`);
  }
  if (rows.length === 0) throw new Error(`${where} is empty; expected at least one channel`);
  rows.forEach((row, i) =>
    row.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${where}[${i}][${j}] is ${v}; expected a finite number`);
    }),
  );
  return rows;
}

/**
 * Orders channels so that channels which co-activate sit next to each other: average-linkage
 * agglomerative clustering on the distance 1 − cos(c, d), where cos(c, d) = G[c][d] / √(G[c][c]·G[d][d])
 * is the cosine between the two channels' activation patterns (a channel that never fires is at
 * distance 1 from all). The closest pair of clusters is merged first (ties: the pair found first in
 * channel order); a merge lists the cluster with the higher mean self-energy G[c][c] first (ties: the
 * one holding the lower channel), so strong groups come first. Deterministic; O(C³), fine for C ≤ 512.
 *
 * @example
 * // channels 0 and 2 fire together, 1 and 3 together
 * gramChannelOrder([[4, 0, 4, 0], [0, 1, 0, 1], [4, 0, 4, 0], [0, 1, 0, 1]]);   // [0, 2, 1, 3]
 */
export function gramChannelOrder(gram: GramInput): number[] {
  const g = gramRows(gram, 'gramChannelOrder: gram');
  const c = g.length;
  const energy = g.map((row, i) => row[i]);
  const distance = (i: number, j: number): number => {
    if (i === j) return 0;
    if (energy[i] <= 0 || energy[j] <= 0) return 1;
    const cosine = (g[i][j] + g[j][i]) / 2 / Math.sqrt(energy[i] * energy[j]);
    return 1 - Math.max(-1, Math.min(1, cosine));
  };
  // Cluster k lives in slot k until merged into a lower slot.
  const members: number[][] = Array.from({ length: c }, (_, i) => [i]);
  const active: boolean[] = new Array(c).fill(true);
  const d: Float64Array[] = Array.from({ length: c }, (_, i) => Float64Array.from({ length: c }, (_, j) => distance(i, j)));
  const meanEnergy = (list: number[]) => list.reduce((s, k) => s + energy[k], 0) / list.length;
  for (let merges = 0; merges < c - 1; merges++) {
    let best = Infinity;
    let a = -1;
    let b = -1;
    for (let i = 0; i < c; i++) {
      if (!active[i]) continue;
      for (let j = i + 1; j < c; j++) {
        if (active[j] && d[i][j] < best) {
          best = d[i][j];
          a = i;
          b = j;
        }
      }
    }
    const [na, nb] = [members[a].length, members[b].length];
    // Lance–Williams update for average linkage.
    for (let k = 0; k < c; k++) {
      if (!active[k] || k === a || k === b) continue;
      const merged = (na * d[a][k] + nb * d[b][k]) / (na + nb);
      d[a][k] = merged;
      d[k][a] = merged;
    }
    const ea = meanEnergy(members[a]);
    const eb = meanEnergy(members[b]);
    const aFirst = ea > eb || (ea === eb && Math.min(...members[a]) < Math.min(...members[b]));
    members[a] = aFirst ? [...members[a], ...members[b]] : [...members[b], ...members[a]];
    active[b] = false;
  }
  return members[active.indexOf(true)];
}

/**
 * The Gram matrix with rows and columns in `order` (e.g. the order found on the real face's Gram,
 * applied to the generated face's so the two heatmaps line up).
 *
 * @example
 * permuteGram([[1, 2], [3, 4]], [1, 0]);   // [[4, 3], [2, 1]]
 */
export function permuteGram(gram: GramInput, order: readonly number[]): number[][] {
  const g = gramRows(gram, 'permuteGram: gram');
  const c = g.length;
  const seen = new Set<number>();
  for (const k of Array.isArray(order) ? order : []) {
    if (!Number.isInteger(k) || k < 0 || k >= c || seen.has(k)) break;
    seen.add(k);
  }
  if (!Array.isArray(order) || order.length !== c || seen.size !== c) {
    throw new Error(`permuteGram: order ${JSON.stringify(order)} is not a permutation of 0..${c - 1}; expected each channel of the ${c}×${c} matrix once`);
  }
  return order.map((i) => order.map((j) => g[i][j]));
}

/**
 * {@link gramChannelOrder} and the matrix in that order, in one call.
 *
 * @example
 * const { order, matrix } = orderGram(gramMatrix(realMap).slice([0, 0, 0], [1, -1, -1]));
 * // heatmap(matrix); heatmap(permuteGram(fakeGram, order));
 */
export function orderGram(gram: GramInput): OrderedGram {
  const rows = gramRows(gram, 'orderGram: gram');
  const order = gramChannelOrder(rows);
  return { order, matrix: permuteGram(rows, order) };
}
