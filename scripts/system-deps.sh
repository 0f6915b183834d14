#!/usr/bin/env bash
# Installs the Debian packages SimLab uses when they are missing: Fashion-MNIST (IDX files under
# /usr/share/datasets/fashion-mnist), Chromium for the dashboard's browser tests, and requests + numpy for
# Debian's /usr/bin/python3, which runs the Python examples in tests/server/examples.test.ts.
# Needs root (or passwordless sudo); otherwise it says what to install and carries on (the examples test then
# fails, saying what is missing).
set -euo pipefail
missing=()
[ -d /usr/share/datasets/fashion-mnist ] || missing+=(dataset-fashion-mnist)
if [ "${SIMLAB_SKIP_CHROMIUM:-0}" != 1 ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
fi
if ! { [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import requests, numpy' 2>/dev/null; }; then
  missing+=(python3 python3-requests python3-numpy)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo"; else
  echo "simlab: please install the Debian packages: ${missing[*]} (apt-get install ${missing[*]})" >&2
  exit 0
fi
echo "simlab: installing Debian packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
