/*
 * col2im for Conv2DBackpropInput (NHWC): each row of cols, the products of one output position (n, r, q) with
 * the filter, [kh][kw][c], is added into the input window it came from:
 *   dx[n, r*sh + kh - top, q*sw + kw - left, c] += cols[(n, r, q), (kh, kw, c)]
 * for samples n0..n1 (cols holds rows of those samples only). dx must be zeroed by the caller. Channels run four
 * per SIMD lane group; fewer than four channels run as scalars.
 */
#include "simd.h"

EXPORT void col2im_add(const float* cols, float* dx, int n0, int n1, int height, int width, int channels,
                       int out_height, int out_width, int filter_height, int filter_width, int stride_height,
                       int stride_width, int top, int left) {
  const int k = filter_height * filter_width * channels;
  for (int n = n0; n < n1; n++) {
    for (int r = 0; r < out_height; r++) {
      for (int q = 0; q < out_width; q++) {
        const float* row = cols + (((n - n0) * out_height + r) * out_width + q) * k;
        for (int kh = 0; kh < filter_height; kh++) {
          const int i = r * stride_height + kh - top;
          if (i < 0 || i >= height) continue;
          for (int kw = 0; kw < filter_width; kw++) {
            const int j = q * stride_width + kw - left;
            if (j < 0 || j >= width) continue;
            const float* src = row + (kh * filter_width + kw) * channels;
            float* dst = dx + ((n * height + i) * width + j) * channels;
            int c = 0;
            for (; c + 4 <= channels; c += 4) {
              wasm_v128_store(dst + c, wasm_f32x4_add(wasm_v128_load(dst + c), wasm_v128_load(src + c)));
            }
            for (; c < channels; c++) dst[c] += src[c];
          }
        }
      }
    }
  }
}
