#!/usr/bin/env bash
# Builds SimLab's SIMD kernels (src/kernels/simd/*.c) into one WebAssembly module and writes it, base64, with the
# hash of its sources, to src/kernels/simd/simd-binary.ts (committed: building needs clang and wasm-ld, running
# does not). simd-binary.test.ts fails when the sources change without a rebuild.
#
# Needs clang >= 14 and wasm-ld (Debian: apt-get install clang-14 lld-14). Run from packages/compute.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=src/kernels/simd
CLANG=${CLANG:-$(command -v clang-14 || command -v clang)}
OBJDUMP=${OBJDUMP:-$(command -v llvm-objdump-14 || command -v llvm-objdump || echo /usr/lib/llvm-14/bin/llvm-objdump)}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
# -nostdlib/-fno-builtin: no libc; -mbulk-memory: memset/memcpy become memory.fill/copy instructions.
"$CLANG" --target=wasm32 -O3 -msimd128 -mbulk-memory -nostdlib -fno-builtin -Wall -Werror \
  -Wl,--no-entry -Wl,--import-memory -Wl,--export-dynamic -Wl,--strip-all \
  -o "$OUT/simd.wasm" "$SRC"/*.c
# The module shares the TF.js heap: it must not write a data segment or use a stack in it.
if "$OBJDUMP" -h "$OUT/simd.wasm" | grep -qw DATA; then
  echo "build-simd-kernels: the module has a data segment (static data); kernels must hold no globals" >&2
  exit 1
fi
if "$OBJDUMP" -d "$OUT/simd.wasm" | grep -q 'global\.'; then
  echo "build-simd-kernels: a kernel uses the stack pointer (an array or address-taken local); remove it" >&2
  exit 1
fi
node scripts/write-simd-binary.mjs "$OUT/simd.wasm" "$SRC"
