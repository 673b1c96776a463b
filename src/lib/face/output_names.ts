/** Checking the output names asked of a feature extractor. */
import { DESCRIPTOR, POOLED } from './extractor';

/**
 * Throws if any requested name is not one of `layerNames`, 'pooled' or 'descriptor', naming it
 * and the known names.
 *
 * @example
 * checkOutputNames('face-recognition-resnet', ['conv64', 'pooled'], ['conv32', 'conv64']);   // ok
 * checkOutputNames('face-recognition-resnet', ['conv65'], ['conv32', 'conv64']);             // throws
 */
export function checkOutputNames(extractor: string, requested: readonly string[], layerNames: readonly string[]): void {
  if (!Array.isArray(requested)) throw new Error(`${extractor}: outputs is ${JSON.stringify(requested)}; expected an array of output names`);
  const known = [...layerNames, POOLED, DESCRIPTOR];
  for (const name of requested) {
    if (!known.includes(name)) {
      throw new Error(`${extractor}: unknown output ${JSON.stringify(name)}; expected one of ${known.join(', ')}`);
    }
  }
}
