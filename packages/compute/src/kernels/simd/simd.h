/*
 * Shared by SimLab's SIMD kernels (build: scripts/build-simd-kernels.sh). The module imports the TF.js WASM
 * backend's memory and works on its tensors in place, so it must own no memory itself: no globals, no static
 * data, no arrays on the stack (the build checks that the module touches neither a data segment nor the stack
 * pointer). Pointers are byte offsets into that memory.
 */
#ifndef SIMLAB_SIMD_H
#define SIMLAB_SIMD_H
#include <wasm_simd128.h>

#define EXPORT __attribute__((visibility("default")))

#endif
