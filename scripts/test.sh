#!/usr/bin/env bash
# The whole test suite from a fresh clone: install, lint, type-check, build, unit and end-to-end tests.
# Ends with one plain line over every workspace: `N passed, N failed` (scripts/test-summary.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund --loglevel=error  # onnxruntime-node: CPU binaries ship in the package; its install script would fetch CUDA parts (offline: fails)
npx biome check .
npx turbo run build check --output-logs=errors-only
# Each workspace's vitest writes a JSON report beside its usual output (path relative to the workspace).
export SIMLAB_TEST_REPORT=node_modules/.vitest-report.json
node scripts/test-summary.mjs --clean
status=0
npx turbo run test --concurrency=1 --continue --output-logs=full -- \
  --reporter=default --reporter=json "--outputFile.json=$SIMLAB_TEST_REPORT" || status=$?
node scripts/test-summary.mjs || status=$((status == 0 ? 1 : status))
exit "$status"
