/*
 * GELU(x) = x Phi(x) and its derivative Phi(x) + x phi(x), with Phi the standard normal CDF and phi its
 * density. Phi(x) = erfc(-x / sqrt 2) / 2 through the Chebyshev erfc of Numerical Recipes (erfcc: fractional
 * error below 1.2e-7 everywhere, so the tails keep their relative precision), with exp computed here.
 */
#include "simd.h"

/* exp(x) for float32: x = k ln 2 + r, |r| <= ln 2 / 2, e^r by its degree-7 Taylor polynomial (error < 1e-8). */
static v128_t exp_f32x4(v128_t x) {
  x = wasm_f32x4_min(wasm_f32x4_max(x, wasm_f32x4_splat(-87.0f)), wasm_f32x4_splat(88.0f));
  const v128_t k = wasm_f32x4_nearest(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504088896341f)));
  v128_t r = wasm_f32x4_sub(x, wasm_f32x4_mul(k, wasm_f32x4_splat(0.693359375f)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(k, wasm_f32x4_splat(-2.12194440e-4f)));
  v128_t p = wasm_f32x4_splat(1.f / 5040.f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.f / 720.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.f / 120.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.f / 24.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.f / 6.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(0.5f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.f));
  const v128_t scale = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(k), wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(p, scale);
}

/* Phi(x) and phi(x) for four values. */
static void normal_cdf_pdf(v128_t x, v128_t* cdf, v128_t* pdf) {
  const v128_t z = wasm_f32x4_mul(x, wasm_f32x4_splat(-0.70710678118654752f)); /* Phi(x) = erfc(z) / 2 */
  const v128_t az = wasm_f32x4_abs(z);
  const v128_t t = wasm_f32x4_div(wasm_f32x4_splat(1.f), wasm_f32x4_add(wasm_f32x4_splat(1.f),
                                                                          wasm_f32x4_mul(wasm_f32x4_splat(0.5f), az)));
  v128_t p = wasm_f32x4_splat(0.17087277f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, t), wasm_f32x4_splat(-0.82215223f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, t), wasm_f32x4_splat(1.48851587f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, t), wasm_f32x4_splat(-1.13520398f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, t), wasm_f32x4_splat(0.27886807f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, t), wasm_f32x4_splat(-0.18628806f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, t), wasm_f32x4_splat(0.09678418f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, t), wasm_f32x4_splat(0.37409196f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, t), wasm_f32x4_splat(1.00002368f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, t), wasm_f32x4_splat(-1.26551223f));
  const v128_t z2 = wasm_f32x4_mul(z, z);
  const v128_t tail = wasm_f32x4_mul(t, exp_f32x4(wasm_f32x4_sub(p, z2))); /* erfc(|z|) */
  const v128_t negative = wasm_f32x4_lt(z, wasm_f32x4_splat(0.f));
  const v128_t erfc = wasm_v128_bitselect(wasm_f32x4_sub(wasm_f32x4_splat(2.f), tail), tail, negative);
  *cdf = wasm_f32x4_mul(erfc, wasm_f32x4_splat(0.5f));
  *pdf = wasm_f32x4_mul(exp_f32x4(wasm_f32x4_neg(z2)), wasm_f32x4_splat(0.39894228040143268f)); /* z^2 = x^2/2 */
}

/* Loads up to four values (the tail of an array is padded with zeros). */
static v128_t load_partial(const float* p, int count) {
  if (count >= 4) return wasm_v128_load(p);
  v128_t v = wasm_f32x4_splat(0.f);
  if (count > 0) v = wasm_f32x4_replace_lane(v, 0, p[0]);
  if (count > 1) v = wasm_f32x4_replace_lane(v, 1, p[1]);
  if (count > 2) v = wasm_f32x4_replace_lane(v, 2, p[2]);
  return v;
}

static void store_partial(float* p, v128_t v, int count) {
  if (count >= 4) {
    wasm_v128_store(p, v);
    return;
  }
  if (count > 0) p[0] = wasm_f32x4_extract_lane(v, 0);
  if (count > 1) p[1] = wasm_f32x4_extract_lane(v, 1);
  if (count > 2) p[2] = wasm_f32x4_extract_lane(v, 2);
}

EXPORT void gelu(const float* x, float* out, int n) {
  for (int i = 0; i < n; i += 4) {
    const v128_t v = load_partial(x + i, n - i);
    v128_t cdf, pdf;
    normal_cdf_pdf(v, &cdf, &pdf);
    store_partial(out + i, wasm_f32x4_mul(v, cdf), n - i);
  }
}

EXPORT void gelu_grad(const float* x, const float* dy, float* dx, int n) {
  for (int i = 0; i < n; i += 4) {
    const v128_t v = load_partial(x + i, n - i);
    v128_t cdf, pdf;
    normal_cdf_pdf(v, &cdf, &pdf);
    const v128_t slope = wasm_f32x4_add(cdf, wasm_f32x4_mul(v, pdf));
    store_partial(dx + i, wasm_f32x4_mul(load_partial(dy + i, n - i), slope), n - i);
  }
}
