/*
 * Gradient of a 2x2, stride-2, unpadded max pool (NHWC): each dy entry goes to the first element of its window,
 * in row-major order, equal to the pooled maximum y; the window's other elements get 0. Rows and columns past
 * the last full window (odd sizes) are left as the caller set them (zero).
 */
#include "simd.h"

EXPORT void max_pool_2x2_grad(const float* x, const float* y, const float* dy, float* dx, int batch,
                              int height, int width, int channels, int out_height, int out_width) {
  const int row = width * channels;
  for (int b = 0; b < batch; b++) {
    for (int r = 0; r < out_height; r++) {
      for (int q = 0; q < out_width; q++) {
        const int o = ((b * out_height + r) * out_width + q) * channels;
        const int p00 = ((b * height + 2 * r) * width + 2 * q) * channels;
        const int p01 = p00 + channels;
        const int p10 = p00 + row;
        const int p11 = p10 + channels;
        int c = 0;
        for (; c + 4 <= channels; c += 4) {
          const v128_t m = wasm_v128_load(y + o + c);
          const v128_t d = wasm_v128_load(dy + o + c);
          const v128_t e0 = wasm_f32x4_eq(wasm_v128_load(x + p00 + c), m);
          const v128_t e1 = wasm_v128_andnot(wasm_f32x4_eq(wasm_v128_load(x + p01 + c), m), e0);
          const v128_t taken = wasm_v128_or(e0, e1);
          const v128_t e2 = wasm_v128_andnot(wasm_f32x4_eq(wasm_v128_load(x + p10 + c), m), taken);
          const v128_t e3 = wasm_v128_not(wasm_v128_or(taken, e2));
          wasm_v128_store(dx + p00 + c, wasm_v128_and(d, e0));
          wasm_v128_store(dx + p01 + c, wasm_v128_and(d, e1));
          wasm_v128_store(dx + p10 + c, wasm_v128_and(d, e2));
          wasm_v128_store(dx + p11 + c, wasm_v128_and(d, e3));
        }
        for (; c < channels; c++) {
          const float m = y[o + c], d = dy[o + c];
          const int e0 = x[p00 + c] == m;
          const int e1 = !e0 && x[p01 + c] == m;
          const int e2 = !e0 && !e1 && x[p10 + c] == m;
          dx[p00 + c] = e0 ? d : 0.f;
          dx[p01 + c] = e1 ? d : 0.f;
          dx[p10 + c] = e2 ? d : 0.f;
          dx[p11 + c] = e0 || e1 || e2 ? 0.f : d;
        }
      }
    }
  }
}
