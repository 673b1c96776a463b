#!/usr/bin/env bash
# Sets up a fresh clone and runs the main job: a short Ear2Face training run on the committed
# synthetic sample that writes a checkpoint, metrics.jsonl and a PNG sample grid to runs/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules/@tensorflow/tfjs-core ] || npm ci --no-audit --no-fund
npm run demo
