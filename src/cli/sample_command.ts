/**
 * `ear2face sample`: faces from ear pictures with a trained checkpoint — one ear file or a folder
 * of them; writes `<ear name>-face.png` for each and grid.png (ear | generated).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { tf } from '../lib/backend/tf';
import { initBackend } from '../lib/backend/select';
import { backendFromFlag, BACKEND_FLAG } from './backend_flag';
import { composeGrid, IMAGE_EXTENSIONS, ImageError, readImage, rgbToTensor, tensorToRgb, writePng, type RgbImage } from '../lib/data/image_io';
import { resizeRgb } from '../lib/data/resize';
import { helpText, parseFlags, UsageError, type FlagSpec } from './args';
import { GENERATOR_FLAGS, chooseCheckpoint, loadInferenceGenerator, type InferenceGenerator } from './checkpoint_source';

const spec = {
  ...GENERATOR_FLAGS,
  input: { type: 'string', optional: true, help: `an ear image, or a folder of them (${IMAGE_EXTENSIONS.join(' ')})` },
  out: { type: 'string', optional: true, help: 'folder for <ear name>-face.png files and grid.png (created if needed)' },
  'noise-seed': { type: 'number', default: 0, help: "seed of the generator's dropout noise: another seed, another face" },
  ...BACKEND_FLAG,
  help: { type: 'boolean', help: 'show this help' },
} satisfies FlagSpec;

const command = 'ear2face sample';

export const sampleHelp = helpText(
  command,
  'Generate a face for each ear picture with a trained checkpoint. Each ear is resized to the size the\n' +
    'checkpoint was trained at; writes <ear name>-face.png per ear and grid.png (ear | generated).',
  spec,
  `${command} (--run DIR | --checkpoint FILE | --model FILE) --input PATH --out DIR [options]`,
);

/** The ear files named by `--input`: the file itself, or the image files of the folder, sorted. */
function earFiles(input: string): string[] {
  const path = resolve(input);
  if (!existsSync(path)) throw new Error(`--input ${input}: no such file or folder; expected an ear image or a folder of them`);
  if (!statSync(path).isDirectory()) return [path];
  const files = readdirSync(path)
    .filter((name) => (IMAGE_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase()))
    .sort()
    .map((name) => join(path, name));
  if (files.length === 0) throw new Error(`--input ${input}: no images in this folder; expected files ending in ${IMAGE_EXTENSIONS.join(', ')}`);
  return files;
}

/** `<stem>-face.png`, or `<file name>-face.png` when another ear already has that stem (ear.png and ear.jpg). */
function outputName(file: string, used: Set<string>): string {
  const stem = basename(file, extname(file));
  const name = used.has(stem) ? basename(file) : stem;
  used.add(name);
  return `${name}-face.png`;
}

/**
 * Runs `ear2face sample` with `argv` (the arguments after 'sample'); returns the exit code: 0 when
 * every ear gave a face (or some did, the others skipped with a warning), 1 when none did.
 *
 * @example
 * await sampleCommand(['--run', 'runs/demo', '--input', 'my-ears/', '--out', 'faces/']);   // 0
 */
export async function sampleCommand(argv: string[]): Promise<number> {
  const f = parseFlags(argv, spec, command);
  if (f.help) {
    console.log(sampleHelp);
    return 0;
  }
  if (f.input === undefined) throw new UsageError(`${command}: option --input is required (an ear image or a folder of them)`);
  if (f.out === undefined || f.out === '') throw new UsageError(`${command}: option --out is required (the folder for the generated faces)`);
  if (!Number.isInteger(f['noise-seed']) || f['noise-seed'] < 0) throw new UsageError(`${command}: --noise-seed must be a whole number ≥ 0, got ${f['noise-seed']}`);
  const backend = backendFromFlag(f.backend, command);
  const chosen = await chooseCheckpoint(f, command);
  const out = resolve(f.out);
  if (existsSync(out) && !statSync(out).isDirectory()) throw new Error(`--out ${f.out}: is a file; expected a folder for the generated faces`);
  const files = earFiles(f.input);
  const single = files.length === 1 && !statSync(resolve(f.input)).isDirectory();

  await initBackend({ backend, log: true });
  let trainer: InferenceGenerator | null = null;
  try {
    trainer = await loadInferenceGenerator(chosen);
    const size = trainer.config.imageSize;
    console.log(`checkpoint: ${chosen.path} (step ${trainer.step}, ${size}²); noise seed ${f['noise-seed']}`);
    const rows: RgbImage[][] = [];
    const used = new Set<string>();
    let failed = 0;
    for (const file of files) {
      let ear: RgbImage;
      try {
        ear = resizeRgb(await readImage(file), size, size);
      } catch (e) {
        // One bad picture in a folder does not stop the others.
        if (!(e instanceof ImageError) || single) throw e;
        console.error(`warning: skipped ${e.message}`);
        failed++;
        continue;
      }
      const generator = trainer.generator;
      const generated = tf.tidy(() => generator.apply(tf.expandDims(rgbToTensor(ear), 0) as tf.Tensor4D, { training: false, noiseSeed: f['noise-seed'] }));
      const face = tensorToRgb(generated);
      generated.dispose();
      const path = join(out, outputName(file, used));
      await writePng(face, path);
      console.log(`${file} → ${path}`);
      rows.push([ear, face]);
    }
    if (rows.length === 0) throw new Error(`none of the ${files.length} images in --input ${f.input} could be read (see the warnings above)`);
    const grid = join(out, 'grid.png');
    await writePng(composeGrid(rows), grid);
    console.log(`${rows.length} faces${failed > 0 ? ` (${failed} image${failed === 1 ? '' : 's'} skipped)` : ''}; grid (ear | generated): ${grid}`);
    return 0;
  } finally {
    trainer?.dispose();
  }
}
