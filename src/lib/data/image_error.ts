/**
 * The one error type for a bad image file: it names the file and says what is wrong, in words and
 * as a machine-readable `problem` (for lenient-mode summaries and tests).
 */

/** What can be wrong with an image file. */
export type ImageProblem =
  | 'not-found'
  | 'unreadable'
  | 'empty'
  | 'not-an-image'
  | 'unsupported-format'
  | 'truncated'
  | 'corrupt'
  | 'too-large'
  | 'too-small'
  | 'wrong-aspect';

/**
 * A bad image file. The message is `<file>: <what is wrong>`.
 *
 * @example
 * try { await readImage('ears/0001.png'); }
 * catch (e) { if (e instanceof ImageError && e.problem === 'empty') console.log(e.message); }
 * // ears/0001.png: zero-byte file; expected a PNG, JPEG, BMP, TIFF or GIF image
 */
export class ImageError extends Error {
  constructor(
    /** The file (or the name given for in-memory bytes). */
    readonly file: string,
    readonly problem: ImageProblem,
    /** What is wrong, without the file name. */
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'ImageError';
  }
}
