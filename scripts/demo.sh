#!/usr/bin/env bash
# Sets up a fresh clone and runs the main job: first the shipped reference generator on the
# committed sample's people (none of whom it was trained on) — its scores and a grid at once —
# then a short Ear2Face training run on the sample that writes a checkpoint, metrics.jsonl, a PNG
# sample grid and final.json to runs/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules/@tensorflow/tfjs-core ] || npm ci --no-audit --no-fund
npm run build
node dist/cli/main.js evaluate --model models/ear2face-synthetic-64.e2g --data data/synthetic-sample --split all \
  --grid runs/demo/shipped-model-grid.png --json runs/demo/shipped-model-eval.json
node dist/cli/main.js train --steps 800 --size 64 --ngf 16 --ndf 16 --out runs/demo
