/**
 * The probe × gallery score matrix that identification and verification read, with the subject of
 * each probe and each gallery item: `similarity[i][j]` scores probe i (e.g. a generated face)
 * against gallery item j (e.g. a real face); higher means more alike.
 */

/** A subject identifier as in the dataset manifest (compared with ===). */
export type SubjectId = string | number;

/** Probe rows of gallery scores. */
export type ScoreMatrix = ReadonlyArray<ArrayLike<number>>;

/**
 * Throws unless `similarity` has one row per probe and one column per gallery item, at least one of
 * each, and only finite scores; messages name the function, the argument and the sizes.
 *
 * @example
 * checkScoreMatrix('identify', [[0.9, 0.1]], ['s1'], ['s1', 's2']);   // passes
 * checkScoreMatrix('identify', [[0.9]], ['s1'], ['s1', 's2']);
 * // Error: identify: similarity row 0 has 1 columns but gallerySubjects has 2 entries; expected one column per gallery item
 */
export function checkScoreMatrix(
  fn: string,
  similarity: ScoreMatrix,
  probeSubjects: readonly SubjectId[],
  gallerySubjects: readonly SubjectId[],
): void {
  if (probeSubjects.length === 0) throw new Error(`${fn}: probeSubjects is empty; expected at least one probe`);
  if (gallerySubjects.length === 0) throw new Error(`${fn}: gallerySubjects is empty; expected at least one gallery item`);
  if (similarity.length !== probeSubjects.length) {
    throw new Error(
      `${fn}: similarity has ${similarity.length} rows but probeSubjects has ${probeSubjects.length} entries; expected one row per probe`,
    );
  }
  similarity.forEach((row, i) => {
    if (row.length !== gallerySubjects.length) {
      throw new Error(
        `${fn}: similarity row ${i} has ${row.length} columns but gallerySubjects has ${gallerySubjects.length} entries; expected one column per gallery item`,
      );
    }
    for (let j = 0; j < row.length; j++) {
      if (!Number.isFinite(row[j])) throw new Error(`${fn}: similarity[${i}][${j}] is ${row[j]}; expected finite scores`);
    }
  });
}
