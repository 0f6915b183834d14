/*
 * Layer normalisation over the last axis (rows of `channels` values), SimLab's LayerNorm (models/layer-norm.ts):
 *   mean = sum(x) / C, var = sum((x - mean)^2) / C (biased), xhat = (x - mean) / sqrt(var + eps),
 *   y = xhat * gamma + beta,
 * and its input gradient for fixed gamma: with g = dy * gamma,
 *   dx = (g - mean(g) - xhat * mean(g * xhat)) / sqrt(var + eps).
 * Sums run in four float32 lanes, then across them.
 */
#include "simd.h"

static float lane_sum(v128_t v) {
  return (wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1)) +
         (wasm_f32x4_extract_lane(v, 2) + wasm_f32x4_extract_lane(v, 3));
}

static float row_mean(const float* x, int channels) {
  v128_t s = wasm_f32x4_splat(0.f);
  int c = 0;
  for (; c + 4 <= channels; c += 4) s = wasm_f32x4_add(s, wasm_v128_load(x + c));
  float total = lane_sum(s);
  for (; c < channels; c++) total += x[c];
  return total / (float)channels;
}

/* 1 / sqrt(var + eps) of a row around its mean. */
static float row_rstd(const float* x, float mean, int channels, float eps) {
  const v128_t m = wasm_f32x4_splat(mean);
  v128_t s = wasm_f32x4_splat(0.f);
  int c = 0;
  for (; c + 4 <= channels; c += 4) {
    const v128_t d = wasm_f32x4_sub(wasm_v128_load(x + c), m);
    s = wasm_f32x4_add(s, wasm_f32x4_mul(d, d));
  }
  float total = lane_sum(s);
  for (; c < channels; c++) total += (x[c] - mean) * (x[c] - mean);
  return 1.f / __builtin_sqrtf(total / (float)channels + eps);
}

EXPORT void layer_norm(const float* x, const float* gamma, const float* beta, float* out, int rows,
                       int channels, float eps) {
  for (int r = 0; r < rows; r++) {
    const float* xr = x + r * channels;
    float* o = out + r * channels;
    const float mean = row_mean(xr, channels);
    const float rstd = row_rstd(xr, mean, channels, eps);
    const v128_t m = wasm_f32x4_splat(mean), s = wasm_f32x4_splat(rstd);
    int c = 0;
    for (; c + 4 <= channels; c += 4) {
      const v128_t xhat = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + c), m), s);
      wasm_v128_store(o + c, wasm_f32x4_add(wasm_f32x4_mul(xhat, wasm_v128_load(gamma + c)),
                                            wasm_v128_load(beta + c)));
    }
    for (; c < channels; c++) o[c] = (xr[c] - mean) * rstd * gamma[c] + beta[c];
  }
}

EXPORT void layer_norm_grad(const float* x, const float* gamma, const float* dy, float* dx, int rows,
                            int channels, float eps) {
  for (int r = 0; r < rows; r++) {
    const float* xr = x + r * channels;
    const float* dr = dy + r * channels;
    float* o = dx + r * channels;
    const float mean = row_mean(xr, channels);
    const float rstd = row_rstd(xr, mean, channels, eps);
    const v128_t m = wasm_f32x4_splat(mean), s = wasm_f32x4_splat(rstd);
    v128_t sg = wasm_f32x4_splat(0.f), sgx = wasm_f32x4_splat(0.f);
    int c = 0;
    for (; c + 4 <= channels; c += 4) {
      const v128_t g = wasm_f32x4_mul(wasm_v128_load(dr + c), wasm_v128_load(gamma + c));
      const v128_t xhat = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + c), m), s);
      sg = wasm_f32x4_add(sg, g);
      sgx = wasm_f32x4_add(sgx, wasm_f32x4_mul(g, xhat));
    }
    float mg = lane_sum(sg), mgx = lane_sum(sgx);
    for (int k = c; k < channels; k++) {
      const float g = dr[k] * gamma[k];
      mg += g;
      mgx += g * (xr[k] - mean) * rstd;
    }
    mg /= (float)channels;
    mgx /= (float)channels;
    const v128_t vmg = wasm_f32x4_splat(mg), vmgx = wasm_f32x4_splat(mgx);
    for (c = 0; c + 4 <= channels; c += 4) {
      const v128_t g = wasm_f32x4_mul(wasm_v128_load(dr + c), wasm_v128_load(gamma + c));
      const v128_t xhat = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + c), m), s);
      const v128_t inner = wasm_f32x4_sub(wasm_f32x4_sub(g, vmg), wasm_f32x4_mul(xhat, vmgx));
      wasm_v128_store(o + c, wasm_f32x4_mul(inner, s));
    }
    for (; c < channels; c++) {
      const float xhat = (xr[c] - mean) * rstd;
      o[c] = (dr[c] * gamma[c] - mg - xhat * mgx) * rstd;
    }
  }
}
