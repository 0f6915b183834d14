/*
 * y[r, c] = x[r, c] * scale[c] (+ shift[c]) over rows of `channels` values: batch norm in inference mode and
 * its input gradient (dy * scale). A multiply then an add, each rounded to float32, as TF.js's two ops.
 */
#include "simd.h"

EXPORT void channel_affine(const float* x, const float* scale, const float* shift, float* out, int rows,
                           int channels, int has_shift) {
  for (int r = 0; r < rows; r++) {
    const float* xr = x + r * channels;
    float* o = out + r * channels;
    int c = 0;
    for (; c + 4 <= channels; c += 4) {
      v128_t v = wasm_f32x4_mul(wasm_v128_load(xr + c), wasm_v128_load(scale + c));
      if (has_shift) v = wasm_f32x4_add(v, wasm_v128_load(shift + c));
      wasm_v128_store(o + c, v);
    }
    for (; c < channels; c++) {
      float v = xr[c] * scale[c];
      if (has_shift) v += shift[c];
      o[c] = v;
    }
  }
}
