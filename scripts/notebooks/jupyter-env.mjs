// Where Jupyter, tslab and Chromium are, and a private kernel spec so a notebook run tests this
// checkout's tslab whatever kernel is registered globally.
import { existsSync, mkdirSync, writeFileSync, symlinkSync, lstatSync, realpathSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = realpathSync(join(dirname(fileURLToPath(import.meta.url)), '../..'));
export const notebooksDir = join(repoRoot, 'notebooks');
/** Debian's Jupyter lives in the system interpreter; another `python3` may come first on PATH. */
export const python = process.env.EAR2FACE_JUPYTER_PYTHON ?? '/usr/bin/python3';
export const chromium = process.env.EAR2FACE_CHROMIUM ?? '/usr/bin/chromium';

const aptHint =
  'on Debian/Ubuntu: apt-get install --no-install-recommends jupyter-nbconvert python3-nbclient python3-ipykernel libjs-requirejs chromium ' +
  '(or run .ci/run, which installs them)';

/** Returns a list of problems that stop notebooks from running here; empty when all is in place. */
export function preflightProblems() {
  const problems = [];
  const py = spawnSync(python, ['-c', 'import nbconvert, nbclient, jupyter_client'], { encoding: 'utf8' });
  if (py.status !== 0) problems.push(`${python} cannot import nbconvert, nbclient and jupyter_client; ${aptHint}`);
  if (!existsSync(chromium)) problems.push(`no Chromium at ${chromium} (set EAR2FACE_CHROMIUM to another binary); ${aptHint}`);
  for (const pkg of ['tslab', 'playwright-core']) {
    if (!existsSync(join(repoRoot, 'node_modules', pkg, 'package.json'))) {
      problems.push(`node_modules/${pkg} is missing; run 'npm ci' (it is a devDependency)`);
    }
  }
  if (!existsSync(join(repoRoot, 'dist/index.js'))) problems.push("dist/index.js is missing; run 'npm run build'");
  return problems;
}

/** Makes `import ... from 'ear2face'` resolve from notebooks/ to this checkout (node_modules/ear2face -> ..). */
export function ensurePackageLink() {
  const link = join(repoRoot, 'node_modules/ear2face');
  let exists = false;
  try {
    lstatSync(link);
    exists = true;
  } catch {
    // missing: created below
  }
  if (!exists) symlinkSync('..', link);
  if (realpathSync(link) !== repoRoot) {
    throw new Error(`node_modules/ear2face resolves to ${realpathSync(link)}, expected this checkout ${repoRoot}; remove it and rerun`);
  }
}

/**
 * Writes a "tslab" kernel spec under `<dir>/kernels/tslab` that starts this checkout's tslab with the
 * Node running this script, and returns the environment that makes Jupyter use it first.
 */
export function privateKernelEnv(dir) {
  const specDir = join(dir, 'kernels/tslab');
  mkdirSync(specDir, { recursive: true });
  const tslabBin = join(repoRoot, 'node_modules/tslab/bin/tslab');
  const spec = {
    argv: [process.execPath, tslabBin, 'kernel', '--config-path', '{connection_file}'],
    display_name: 'TypeScript',
    language: 'typescript',
  };
  writeFileSync(join(specDir, 'kernel.json'), JSON.stringify(spec, null, 1));
  const runtime = join(dir, 'runtime');
  mkdirSync(runtime, { recursive: true });
  // JUPYTER_PATH comes before the user and system kernel folders; connection files stay out of $HOME.
  const jupyterPath = process.env.JUPYTER_PATH ? `${dir}:${process.env.JUPYTER_PATH}` : dir;
  return { ...process.env, JUPYTER_PATH: jupyterPath, JUPYTER_RUNTIME_DIR: runtime };
}
