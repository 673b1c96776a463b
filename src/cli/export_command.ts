/**
 * `ear2face export`: writes a run's generator alone to a small .e2g file (float16 by default) that
 * `ear2face evaluate --model` and `ear2face sample --model` and `loadGenerator` read. The run's
 * config.json and final.json go into the file's meta, so the file says what it is and how it scored.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { initBackend } from '../lib/backend/select';
import { RUN_FILES } from '../lib/runs/run_files';
import { saveGenerator, GENERATOR_FILE_EXTENSION, type GeneratorDtype } from '../lib/train/generator_file';
import type { Trainer } from '../lib/train/trainer';
import { helpText, parseFlags, UsageError, type FlagSpec } from './args';
import { chooseCheckpoint, loadForInference } from './checkpoint_source';

const DTYPES: readonly GeneratorDtype[] = ['float16', 'float32'];

const spec = {
  run: { type: 'string', optional: true, help: 'run folder: export its newest checkpoint' },
  checkpoint: { type: 'string', optional: true, help: 'a checkpoint file (ckpt-<step>.e2f) instead of --run' },
  out: { type: 'string', optional: true, help: `the generator file to write (ends in ${GENERATOR_FILE_EXTENSION})` },
  dtype: { type: 'string', default: 'float16', help: `weight precision: ${DTYPES.join(' or ')}` },
  help: { type: 'boolean', help: 'show this help' },
} satisfies FlagSpec;

const command = 'ear2face export';

export const exportHelp = helpText(
  command,
  "Write a checkpoint's generator alone (weights for inference, its config, and the run's config.json and\n" +
    'final.json as metadata) to a .e2g file, float16 by default: about a quarter of the checkpoint.',
  spec,
  `${command} (--run DIR | --checkpoint FILE) --out FILE${GENERATOR_FILE_EXTENSION} [options]`,
);

/** A JSON file of the run folder, or undefined when it is missing or unreadable (metadata only). */
function runFile(dir: string | null, name: string): unknown {
  if (dir === null) return undefined;
  try {
    return JSON.parse(readFileSync(join(dir, name), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Runs `ear2face export` with `argv` (the arguments after 'export'); returns the exit code.
 *
 * @example
 * await exportCommand(['--run', 'runs/demo', '--out', 'models/demo.e2g']);   // 0
 */
export async function exportCommand(argv: string[]): Promise<number> {
  const f = parseFlags(argv, spec, command);
  if (f.help) {
    console.log(exportHelp);
    return 0;
  }
  if (f.out === undefined || !f.out.endsWith(GENERATOR_FILE_EXTENSION)) {
    throw new UsageError(`${command}: --out must name a file ending in ${GENERATOR_FILE_EXTENSION}, got ${JSON.stringify(f.out ?? null)}`);
  }
  if (!(DTYPES as readonly string[]).includes(f.dtype)) throw new UsageError(`${command}: --dtype must be ${DTYPES.join(' or ')}, got ${JSON.stringify(f.dtype)}`);
  const out = resolve(f.out);
  if (existsSync(out) && statSync(out).isDirectory()) throw new Error(`--out ${f.out}: is a folder; expected a file name ending in ${GENERATOR_FILE_EXTENSION}`);
  const chosen = await chooseCheckpoint(f, command);
  await initBackend({ log: false });
  let trainer: Trainer | null = null;
  try {
    trainer = await loadForInference(chosen.path, null);
    const meta = {
      checkpoint: chosen.path.split(/[\\/]/).pop(),
      run: runFile(chosen.runDir, RUN_FILES.config),
      final: runFile(chosen.runDir, RUN_FILES.final),
    };
    const { path, bytes } = await saveGenerator(trainer, out, { dtype: f.dtype as GeneratorDtype, meta: JSON.parse(JSON.stringify(meta)) });
    console.log(`generator of ${chosen.path} (step ${trainer.stepCount}, ${trainer.config.imageSize}², ngf ${trainer.config.ngf}) → ${path} (${(bytes / 1e6).toFixed(1)} MB, ${f.dtype})`);
    return 0;
  } finally {
    trainer?.dispose();
  }
}
