/* dx = dy where y > 0, else 0: the gradient through a ReLU from its output y (as dy * step(y)). */
#include "simd.h"

EXPORT void relu_mask(const float* dy, const float* y, float* dx, int n) {
  const v128_t zero = wasm_f32x4_splat(0.f);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t keep = wasm_f32x4_gt(wasm_v128_load(y + i), zero);
    wasm_v128_store(dx + i, wasm_v128_and(wasm_v128_load(dy + i), keep));
  }
  for (; i < n; i++) dx[i] = y[i] > 0.f ? dy[i] : 0.f;
}
