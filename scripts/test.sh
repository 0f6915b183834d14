#!/usr/bin/env bash
# The whole test suite from a fresh clone: install, lint, type-check, build, unit and end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
# onnxruntime-node (dev dependency: tests check the ONNX importer against it) ships its CPU binaries; its
# install script would only fetch CUDA parts from outside the npm registry, which fails offline.
ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund --loglevel=error
npx biome check .
npx turbo run build check --output-logs=errors-only
npx turbo run test --concurrency=1 --continue --output-logs=full
