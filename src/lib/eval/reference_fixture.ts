/** Reads the scikit-image reference values committed in fixtures/ssim_reference.json. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImageRecipe } from './reference_images';

export interface ReferenceCase {
  name: string;
  height: number;
  width: number;
  channels: number;
  a: ImageRecipe;
  b: ImageRecipe;
  ssim: number;
  psnr: number;
}

export interface ReferenceFixture {
  producedBy: string;
  library: string;
  cases: ReferenceCase[];
}

/**
 * The reference cases, read from the source tree (tests run from dist/, the JSON stays in src/).
 *
 * @example
 * loadReferenceFixture().cases[0].ssim;   // 0.8329563187101847
 */
export function loadReferenceFixture(): ReferenceFixture {
  const path = join(__dirname, '../../../src/lib/eval/fixtures/ssim_reference.json');
  return JSON.parse(readFileSync(path, 'utf8')) as ReferenceFixture;
}
