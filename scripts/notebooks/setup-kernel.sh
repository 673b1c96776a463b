#!/usr/bin/env bash
# Registers this checkout's tslab as the "tslab" (TypeScript) Jupyter kernel and makes the built
# library importable from notebooks as `ear2face`. Safe to rerun. Extra arguments go to
# `tslab install` (e.g. --user). Pass --no-check to skip running a two-cell check notebook.
#
#   bash scripts/notebooks/setup-kernel.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"

# Debian's Jupyter lives in the system interpreter; another `python3` may come first on PATH.
python="${EAR2FACE_JUPYTER_PYTHON:-/usr/bin/python3}"
check=1
install_args=()
for arg in "$@"; do
  if [ "$arg" = "--no-check" ]; then check=0; else install_args+=("$arg"); fi
done

tslab="$root/node_modules/.bin/tslab"
if [ ! -x "$tslab" ]; then
  echo "setup-kernel: $tslab not found; run 'npm ci' first (tslab is a devDependency)" >&2
  exit 1
fi
if ! "$python" -c 'import jupyter_client, IPython' 2>/dev/null; then
  echo "setup-kernel: $python cannot import jupyter_client and IPython; on Debian/Ubuntu run" >&2
  echo "  apt-get install --no-install-recommends jupyter-nbconvert python3-nbclient python3-ipykernel" >&2
  exit 1
fi

# The kernel spec names the absolute path, so Jupyter finds tslab without a global install.
"$tslab" install --python="$python" --binary="$tslab" ${install_args[@]+"${install_args[@]}"}

# Notebooks import the built library by its package name, resolved through node_modules.
link="$root/node_modules/ear2face"
if [ -L "$link" ] || [ -e "$link" ]; then
  if [ "$(cd "$link" && pwd -P)" != "$(pwd -P)" ]; then
    echo "setup-kernel: $link exists but is not this checkout; remove it and rerun" >&2
    exit 1
  fi
else
  ln -s .. "$link"
  echo "setup-kernel: linked node_modules/ear2face -> $root"
fi

if [ ! -f "$root/dist/index.js" ]; then
  echo "setup-kernel: kernel registered; run 'npm run build' before opening the notebooks (dist/index.js is missing)"
elif [ "$check" = 1 ]; then
  node "$root/scripts/notebooks/check-kernel.mjs" --python="$python"
fi
