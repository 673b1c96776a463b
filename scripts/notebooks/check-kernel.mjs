// Checks that the registered "tslab" kernel starts from notebooks/ and resolves the built library
// by its package name, by running one cell through Jupyter's own notebook client (nbclient).
//
//   node scripts/notebooks/check-kernel.mjs [--python=/usr/bin/python3]
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const pythonArg = process.argv.find((a) => a.startsWith('--python='));
const python = pythonArg ? pythonArg.slice('--python='.length) : process.env.EAR2FACE_JUPYTER_PYTHON ?? '/usr/bin/python3';

const cell = "import { initBackend } from 'ear2face';\nconsole.log('ear2face resolves:', typeof initBackend);";
// Runs the cell with the kernel's working directory set to notebooks/, as Jupyter does for a notebook there.
const driver = `
import json, sys, time
import nbformat
from nbclient import NotebookClient
nb = nbformat.v4.new_notebook()
nb.cells.append(nbformat.v4.new_code_cell(sys.argv[2]))
start = time.time()
NotebookClient(nb, kernel_name='tslab', timeout=120, resources={'metadata': {'path': sys.argv[1]}}).execute()
outputs = nb.cells[0].outputs
print(json.dumps({'seconds': time.time() - start, 'outputs': outputs}))
`;

const r = spawnSync(python, ['-c', driver, join(root, 'notebooks'), cell], { encoding: 'utf8' });
if (r.status !== 0) {
  console.error(`check-kernel: the tslab kernel failed to run a cell from notebooks/ (exit ${r.status})`);
  console.error((r.stderr || r.error?.message || '').trim().split('\n').slice(-25).join('\n'));
  process.exit(1);
}
const result = JSON.parse(r.stdout.trim().split('\n').pop());
const text = result.outputs.map((o) => o.text ?? '').join('');
if (!text.includes('ear2face resolves: function')) {
  console.error(`check-kernel: expected the cell to print "ear2face resolves: function"; got outputs ${JSON.stringify(result.outputs)}`);
  process.exit(1);
}
console.log(`check-kernel: tslab kernel ok — started and imported 'ear2face' from notebooks/ in ${result.seconds.toFixed(1)} s`);
