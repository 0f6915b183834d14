/**
 * Gaussian-kernel Gram matrices for RBF CKA, ported from Kornblith et al.'s demo (`gram_rbf`, `center_gram`):
 *
 *     K_ij = exp(-||x_i - x_j||^2 / (2 sigma^2)),   sigma^2 = threshold^2 * median_ij ||x_i - x_j||^2
 *
 * Provenance note: as in the demo, the median runs over the full n x n matrix of squared distances, its n
 * zeros on the diagonal included (numpy's median of an even count averages the middle two). The SPEC §3
 * reference value 0.65483 depends on that choice.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DegenerateInputError } from '../errors.js';
import { readBack } from './blocks.js';
import type { CentredActivations } from './centre.js';

/** ||x_i - x_j||^2 from the dot products of centred rows (distances do not change under centring). [n, n] */
export async function squaredDistances(x: CentredActivations): Promise<Float64Array> {
  const { n, p } = x;
  const dots = await readBack(
    tf.tidy(() => {
      const rows = tf.tensor2d(x.data, [n, p]);
      return tf.matMul(rows, tf.transpose(rows)); // [n, n]; one transpose, then an untransposed product
    }),
  );
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      // Rounding can leave tiny negatives for near-identical rows; the diagonal is exactly 0.
      d[i * n + j] = i === j ? 0 : Math.max(0, dots[i * n + i]! + dots[j * n + j]! - 2 * dots[i * n + j]!);
    }
  }
  return d;
}

/** numpy's median: the middle value, or the mean of the middle two for an even count. */
export function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The RBF Gram matrix with sigma^2 = threshold^2 * median squared distance; returns it with sigma. */
export async function rbfGram(
  x: CentredActivations,
  threshold: number,
): Promise<{ gram: Float64Array; sigma: number }> {
  const d = await squaredDistances(x);
  const med = median(d);
  if (!(med > 0)) {
    throw new DegenerateInputError(
      `the median squared distance between the ${x.n} inputs' activations is ${med} (most rows identical), ` +
        'so the RBF kernel width would be 0; deduplicate the inputs or use linear CKA',
    );
  }
  const sigma2 = threshold * threshold * med;
  for (let k = 0; k < d.length; k++) d[k] = Math.exp(-d[k]! / (2 * sigma2));
  return { gram: d, sigma: Math.sqrt(sigma2) };
}

/**
 * Centres a Gram matrix in place: HKH (biased), or Kornblith et al.'s `center_gram(unbiased=True)`, whose
 * Frobenius inner products are n(n-3) times the unbiased HSIC of Song et al. 2012. [n, n]
 */
export function centreGram(k: Float64Array, n: number, unbiased: boolean): Float64Array {
  if (unbiased) for (let i = 0; i < n; i++) k[i * n + i] = 0;
  const means = new Float64Array(n); // column means (K is symmetric, so row means too)
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) means[j]! += k[i * n + j]!;
  let total = 0;
  for (let j = 0; j < n; j++) {
    means[j]! /= unbiased ? n - 2 : n;
    total += means[j]!;
  }
  const shift = unbiased ? total / (2 * (n - 1)) : total / (2 * n);
  for (let j = 0; j < n; j++) means[j]! -= shift;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) k[i * n + j]! -= means[i]! + means[j]!;
  if (unbiased) for (let i = 0; i < n; i++) k[i * n + i] = 0;
  return k;
}
