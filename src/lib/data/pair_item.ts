/** One ear→face training pair on disk, and reading it into memory. */
import type { ImagePair } from './augment';
import { DecodeOptions, readImage } from './image_decode';
import { ImageError } from './image_error';
import { splitSideBySide } from './side_by_side';

/** A pair of the index: where its images are and whose they are. */
export interface PairItem {
  /** Stable within the dataset: the aligned file's name, the shared file name, or the manifest row. */
  id: string;
  /** The person both images show; splits group by it. */
  subject: string;
  /** Absolute path of the ear image (for an aligned pair: the side-by-side file). */
  ear: string;
  /** Absolute path of the face image (for an aligned pair: the same file as `ear`). */
  face: string;
  /** True when one file holds ear | face side by side. */
  aligned: boolean;
  /** Further manifest fields of the row (e.g. synthetic identity parameters). */
  extra?: Record<string, unknown>;
}

/**
 * Reads and decodes the two images of a pair (an aligned file is split in halves). Errors are
 * {@link ImageError}s naming the file.
 *
 * @example
 * const { ear, face } = await loadPair(index.items[0]);
 */
export async function loadPair(item: PairItem, options: DecodeOptions = {}): Promise<ImagePair> {
  if (item.aligned) {
    const img = await readImage(item.ear, options);
    if (img.width !== 2 * img.height) {
      throw new ImageError(item.ear, 'wrong-aspect', `${img.width}×${img.height} px; expected an aligned ear|face image twice as wide as high`);
    }
    return splitSideBySide(img, item.ear);
  }
  const [ear, face] = await Promise.all([readImage(item.ear, options), readImage(item.face, options)]);
  return { ear, face };
}
