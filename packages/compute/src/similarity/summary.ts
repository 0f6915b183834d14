/** Small statistics over the values of repeated CKA runs (null baselines, bootstrap resamples). */

/** Mean and sample standard deviation (k - 1 denominator; 0 for a single value). */
export function summarise(values: readonly number[]): { mean: number; std: number } {
  const k = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / k;
  const ss = values.reduce((s, v) => s + (v - mean) * (v - mean), 0);
  return { mean, std: k > 1 ? Math.sqrt(ss / (k - 1)) : 0 };
}

/** numpy's default ('linear') quantile of sorted values, q in [0, 1]. */
export function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
