/**
 * Cosine similarity between descriptor vectors: the all-pairs matrix that identification ranks,
 * and the matched-pair score that says how close each generated face is to its own real face.
 */
import { tf } from '../backend/tf';

/** Rows of descriptors: a tensor [N, D] or N plain rows of length D. */
export type Descriptors = tf.Tensor | ReadonlyArray<ArrayLike<number>>;

/** Shape [N, D] of `x`, validated: rank 2, every row the same length, N ≥ 1 and D ≥ 1. */
function descriptorShape(fn: string, name: string, x: Descriptors): [number, number] {
  if (x instanceof tf.Tensor) {
    if (x.rank !== 2) throw new Error(`${fn}: ${name} has shape [${x.shape}]; expected descriptors [N, D]`);
    const [n, d] = x.shape as [number, number];
    if (n === 0 || d === 0) throw new Error(`${fn}: ${name} has shape [${x.shape}]; expected at least one descriptor of length ≥ 1`);
    return [n, d];
  }
  if (x.length === 0) throw new Error(`${fn}: ${name} has no rows; expected at least one descriptor`);
  const d = x[0].length;
  if (d === 0) throw new Error(`${fn}: ${name} row 0 is empty; expected descriptors of length ≥ 1`);
  x.forEach((row, i) => {
    if (row.length !== d) throw new Error(`${fn}: ${name} row ${i} has length ${row.length} but row 0 has length ${d}; expected equal lengths`);
  });
  return [x.length, d];
}

function asTensor(x: Descriptors, n: number, d: number): tf.Tensor2D {
  if (x instanceof tf.Tensor) return x.toFloat() as tf.Tensor2D;
  const flat = new Float32Array(n * d);
  x.forEach((row, i) => flat.set(Array.from(row), i * d));
  return tf.tensor2d(flat, [n, d]);
}

/** Row norms of `x`, refusing rows that are zero or hold NaN/Infinity. */
function checkedRowNorms(fn: string, name: string, x: tf.Tensor2D): tf.Tensor2D {
  const norms = tf.tidy(() => tf.norm(x, 'euclidean', 1, true)) as tf.Tensor2D;
  const values = norms.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      norms.dispose();
      throw new Error(`${fn}: ${name} row ${i} contains NaN or infinite values`);
    }
    if (v === 0) {
      norms.dispose();
      throw new Error(`${fn}: ${name} row ${i} is a zero vector; cosine similarity is undefined for it`);
    }
  }
  return norms;
}

function unitRows(fn: string, name: string, x: Descriptors, n: number, d: number): tf.Tensor2D {
  return tf.tidy(() => {
    const t = asTensor(x, n, d);
    return tf.div(t, checkedRowNorms(fn, name, t)) as tf.Tensor2D;
  });
}

function checkLengths(fn: string, da: number, db: number): void {
  if (da !== db) {
    throw new Error(`${fn}: a has descriptors of length ${da} but b has length ${db}; expected equal lengths`);
  }
}

/**
 * Cosine similarity of every row of `a` [N, D] with every row of `b` [M, D], as plain rows:
 * `result[i][j] = a_i · b_j / (|a_i| |b_j|)`, in [−1, 1] up to float32 rounding. A zero row, or one
 * holding NaN or ±Infinity, is refused (cosine similarity is undefined there) with its index.
 * Tensors given are not disposed and no tensors are left behind.
 *
 * @example
 * cosineSimilarityMatrix([[1, 0], [1, 1]], [[2, 0], [0, 3], [-1, 0]]);
 * // [[1, 0, -1], [0.7071, 0.7071, -0.7071]]
 */
export function cosineSimilarityMatrix(a: Descriptors, b: Descriptors): number[][] {
  const fn = 'cosineSimilarityMatrix';
  const [n, da] = descriptorShape(fn, 'a', a);
  const [m, db] = descriptorShape(fn, 'b', b);
  checkLengths(fn, da, db);
  const product = tf.tidy(() => tf.matMul(unitRows(fn, 'a', a, n, da), unitRows(fn, 'b', b, m, db), false, true));
  const values = product.dataSync();
  product.dispose();
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(values.subarray(i * m, (i + 1) * m)));
  return rows;
}

/**
 * Cosine similarity of matched rows, `a_i` with `b_i` (e.g. the descriptor of generated face i
 * with that of real face i). Same rules for zero and non-finite rows as
 * {@link cosineSimilarityMatrix}; `a` and `b` must have the same number of rows.
 *
 * @example
 * identityCosine([[1, 0], [1, 1]], [[3, 0], [-1, 0]]);   // [1, -0.7071]
 */
export function identityCosine(a: Descriptors, b: Descriptors): number[] {
  const fn = 'identityCosine';
  const [n, da] = descriptorShape(fn, 'a', a);
  const [m, db] = descriptorShape(fn, 'b', b);
  checkLengths(fn, da, db);
  if (n !== m) throw new Error(`${fn}: a has ${n} rows but b has ${m}; expected matched pairs (equal row counts)`);
  const cosines = tf.tidy(() => tf.sum(tf.mul(unitRows(fn, 'a', a, n, da), unitRows(fn, 'b', b, m, db)), 1));
  const values = Array.from(cosines.dataSync());
  cosines.dispose();
  return values;
}
