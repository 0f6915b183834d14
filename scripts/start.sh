#!/usr/bin/env bash
# `npm start`: install, build, then run the SimLab server (embedded PGlite database under ./data, in-process
# worker, shipped zoo registered) and the dashboard. On a first start it launches the quick study.
set -euo pipefail
cd "$(dirname "$0")/.."
SERVER_PORT="${PORT:-4000}"
DASHBOARD_PORT="${DASHBOARD_PORT:-3000}"
export SIMLAB_DATA_DIR="${SIMLAB_DATA_DIR:-$PWD/data}"

SIMLAB_SKIP_CHROMIUM=1 bash scripts/system-deps.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "simlab: installing dependencies (npm ci)"
  # onnxruntime-node (dev dependency: tests check the ONNX importer against it) ships its CPU binaries; its
  # install script would only fetch CUDA parts from outside the npm registry, which fails offline.
  ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund --loglevel=error
fi
echo "simlab: building"
npx turbo run build --output-logs=errors-only

mkdir -p "$SIMLAB_DATA_DIR"
token_file="$SIMLAB_DATA_DIR/runner-token"
if [ ! -s "$token_file" ]; then
  # PGlite admits one process at a time: create the dashboard's runner token before the server opens it.
  (umask 077; node apps/server/dist/cli/token.js create --role runner --name "dashboard (npm start)" > "$token_file")
fi
token="$(cat "$token_file")"

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

PORT="$SERVER_PORT" node apps/server/dist/main.js &
pids+=($!)
graphql="http://127.0.0.1:$SERVER_PORT/graphql"
for _ in $(seq 1 120); do
  curl -fs -o /dev/null -H 'content-type: application/json' --data '{"query":"{ __typename }"}' "$graphql" && break
  sleep 1
done

(cd apps/dashboard && SIMLAB_GRAPHQL_URL="$graphql" SIMLAB_DASHBOARD_TOKEN="$token" \
  npx next start --hostname 127.0.0.1 --port "$DASHBOARD_PORT") &
pids+=($!)

node scripts/first-study.mjs "$graphql" "$token" || echo "simlab: could not start the quick study (see above)"
echo
echo "  SimLab dashboard:  http://127.0.0.1:$DASHBOARD_PORT"
echo "  GraphQL API:       $graphql"
echo "  data:              $SIMLAB_DATA_DIR"
echo "  Ctrl-C stops both."
wait -n "${pids[@]}"
