/*
 * Winograd F(2x2, 3x3) transforms (Lavin & Gray 2016) for a stride-1 3x3 'valid' convolution of x zero-padded
 * by (top, left) before (and as much after as the output needs), NHWC, channels a multiple of 4:
 *
 *   input:  V_k[t, c] = (B^T d B)_k for the 4x4 patch d of channel c at tile t = (n, ty, tx), rows 2ty - top..+3
 *   (the products M_k = V_k U_k, one matmul per k = 0..15, are XNNPACK's)
 *   output: y[n, 2ty + i, 2tx + j, o] = (A^T m A)_ij for the 4x4 m = M_0..15[t, o], inside the output only
 *
 * with B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1] and A^T = [1 1 1 0; 0 1 -1 -1]. V_k and M_k are 16
 * separate tensors: `table` holds their 16 byte offsets (an int32 tensor), so no pointer array lives here.
 * Tiles of samples n0..n1 only, numbered from n0.
 */
#include "simd.h"

static inline v128_t load_or_zero(const float* p, int ok) { return ok ? wasm_v128_load(p) : wasm_f32x4_splat(0.f); }

EXPORT void winograd_f2x3_input(const float* x, const int* table, int n0, int n1, int height, int width,
                                int channels, int tiles_h, int tiles_w, int top, int left) {
  for (int n = n0; n < n1; n++) {
    for (int ty = 0; ty < tiles_h; ty++) {
      const int r = 2 * ty - top;
      const int r0 = r >= 0 && r < height, r1 = r + 1 >= 0 && r + 1 < height;
      const int r2 = r + 2 >= 0 && r + 2 < height, r3 = r + 3 >= 0 && r + 3 < height;
      for (int tx = 0; tx < tiles_w; tx++) {
        const int q = 2 * tx - left;
        const int q0 = q >= 0 && q < width, q1 = q + 1 >= 0 && q + 1 < width;
        const int q2 = q + 2 >= 0 && q + 2 < width, q3 = q + 3 >= 0 && q + 3 < width;
        const int t = ((n - n0) * tiles_h + ty) * tiles_w + tx;
        const float* base = x + ((n * height + r) * width + q) * channels;
        const int row = width * channels;
        for (int c = 0; c < channels; c += 4) {
          const float* p = base + c;
#define D(a, b) load_or_zero(p + (a) * row + (b) * channels, r##a && q##b)
          /* t = B^T d, column by column: rows d0 - d2, d1 + d2, d2 - d1, d1 - d3 */
#define COLUMN(b)                                                   \
  const v128_t d0##b = D(0, b), d1##b = D(1, b), d2##b = D(2, b), d3##b = D(3, b); \
  const v128_t t0##b = wasm_f32x4_sub(d0##b, d2##b);                \
  const v128_t t1##b = wasm_f32x4_add(d1##b, d2##b);                \
  const v128_t t2##b = wasm_f32x4_sub(d2##b, d1##b);                \
  const v128_t t3##b = wasm_f32x4_sub(d1##b, d3##b);
          COLUMN(0)
          COLUMN(1)
          COLUMN(2)
          COLUMN(3)
          /* v = t B, row by row, stored as V_{4a + b}[t, c] */
#define ROW(a)                                                                              \
  wasm_v128_store((float*)table[4 * (a) + 0] + t * channels + c, wasm_f32x4_sub(t##a##0, t##a##2)); \
  wasm_v128_store((float*)table[4 * (a) + 1] + t * channels + c, wasm_f32x4_add(t##a##1, t##a##2)); \
  wasm_v128_store((float*)table[4 * (a) + 2] + t * channels + c, wasm_f32x4_sub(t##a##2, t##a##1)); \
  wasm_v128_store((float*)table[4 * (a) + 3] + t * channels + c, wasm_f32x4_sub(t##a##1, t##a##3));
          ROW(0)
          ROW(1)
          ROW(2)
          ROW(3)
#undef ROW
#undef COLUMN
#undef D
        }
      }
    }
  }
}

EXPORT void winograd_f2x3_output(const int* table, float* y, int n0, int n1, int out_height, int out_width,
                                 int channels, int tiles_h, int tiles_w) {
  for (int n = n0; n < n1; n++) {
    for (int ty = 0; ty < tiles_h; ty++) {
      const int i0 = 2 * ty;
      const int second_row = i0 + 1 < out_height;
      for (int tx = 0; tx < tiles_w; tx++) {
        const int j0 = 2 * tx;
        const int second_col = j0 + 1 < out_width;
        const int t = ((n - n0) * tiles_h + ty) * tiles_w + tx;
        float* out = y + ((n * out_height + i0) * out_width + j0) * channels;
        const int row = out_width * channels;
        for (int o = 0; o < channels; o += 4) {
#define M(k) wasm_v128_load((const float*)table[k] + t * channels + o)
          /* s = A^T m, column by column: m0 + m1 + m2, m1 - m2 - m3 */
#define COLUMN(b)                                                                        \
  const v128_t m0##b = M(b), m1##b = M(4 + (b)), m2##b = M(8 + (b)), m3##b = M(12 + (b)); \
  const v128_t s0##b = wasm_f32x4_add(wasm_f32x4_add(m0##b, m1##b), m2##b);              \
  const v128_t s1##b = wasm_f32x4_sub(wasm_f32x4_sub(m1##b, m2##b), m3##b);
          COLUMN(0)
          COLUMN(1)
          COLUMN(2)
          COLUMN(3)
          /* y = s A, row by row */
          wasm_v128_store(out + o, wasm_f32x4_add(wasm_f32x4_add(s00, s01), s02));
          if (second_col) wasm_v128_store(out + channels + o, wasm_f32x4_sub(wasm_f32x4_sub(s01, s02), s03));
          if (second_row) {
            wasm_v128_store(out + row + o, wasm_f32x4_add(wasm_f32x4_add(s10, s11), s12));
            if (second_col)
              wasm_v128_store(out + row + channels + o, wasm_f32x4_sub(wasm_f32x4_sub(s11, s12), s13));
          }
#undef COLUMN
#undef M
        }
      }
    }
  }
}
