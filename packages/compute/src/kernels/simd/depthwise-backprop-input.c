/*
 * Input gradient of a depthwise convolution (channel multiplier 1, NHWC, filter [kh, kw, c]) with any stride
 * and padding: dx[n, i, j, c] = sum over taps with (i + top - kh) and (j + left - kw) divisible by the stride
 * of dy[n, (i + top - kh) / s, (j + left - kw) / s, c] * w[kh, kw, c]. Gathered per output pixel, four
 * channels per SIMD lane group, so every dx value is written once.
 */
#include "simd.h"

EXPORT void depthwise_backprop_input(const float* dy, const float* w, float* dx, int batch, int height,
                                     int width, int channels, int out_height, int out_width, int filter_height,
                                     int filter_width, int stride, int top, int left) {
  for (int n = 0; n < batch; n++) {
    for (int i = 0; i < height; i++) {
      for (int j = 0; j < width; j++) {
        float* o = dx + ((n * height + i) * width + j) * channels;
        int c = 0;
        for (; c + 4 <= channels; c += 4) {
          v128_t acc = wasm_f32x4_splat(0.f);
          for (int kh = 0; kh < filter_height; kh++) {
            const int rs = i + top - kh;
            if (rs < 0 || rs % stride) continue;
            const int r = rs / stride;
            if (r >= out_height) continue;
            for (int kw = 0; kw < filter_width; kw++) {
              const int qs = j + left - kw;
              if (qs < 0 || qs % stride) continue;
              const int q = qs / stride;
              if (q >= out_width) continue;
              const v128_t d = wasm_v128_load(dy + ((n * out_height + r) * out_width + q) * channels + c);
              const v128_t k = wasm_v128_load(w + (kh * filter_width + kw) * channels + c);
              acc = wasm_f32x4_add(acc, wasm_f32x4_mul(d, k));
            }
          }
          wasm_v128_store(o + c, acc);
        }
        for (; c < channels; c++) {
          float acc = 0.f;
          for (int kh = 0; kh < filter_height; kh++) {
            const int rs = i + top - kh;
            if (rs < 0 || rs % stride) continue;
            const int r = rs / stride;
            if (r >= out_height) continue;
            for (int kw = 0; kw < filter_width; kw++) {
              const int qs = j + left - kw;
              if (qs < 0 || qs % stride) continue;
              const int q = qs / stride;
              if (q >= out_width) continue;
              acc += dy[((n * out_height + r) * out_width + q) * channels + c] *
                     w[(kh * filter_width + kw) * channels + c];
            }
          }
          o[c] = acc;
        }
      }
    }
  }
}
