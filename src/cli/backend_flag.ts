/** The `--backend` option every training or generating command takes. */
import { parseBackendChoice, type BackendChoice } from '../lib/backend/select';
import { UsageError, type FlagSpec } from './args';

export const BACKEND_FLAG = {
  backend: { type: 'string', default: 'auto', help: 'auto, node-gpu, node, wasm or cpu' },
} satisfies FlagSpec;

/**
 * The engine `--backend` asks for; undefined for `auto`, which leaves room for the
 * EAR2FACE_BACKEND environment variable. An unknown name is a usage error (exit 2).
 *
 * @example
 * backendFromFlag('wasm', 'ear2face train');   // 'wasm'
 * backendFromFlag('tpu', 'ear2face train');    // UsageError: ear2face train: --backend: …
 */
export function backendFromFlag(value: string, command: string): BackendChoice | undefined {
  try {
    return value === 'auto' ? undefined : parseBackendChoice(value, '--backend');
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message}`);
  }
}
