/** What every CKA computation returns: the value and what it was computed on (SPEC §3: n and p travel with it). */

/** The CKA family: linear (biased HSIC), debiased (unbiased HSIC), rbf (Gaussian kernel), minibatch. */
export type CkaMetric = 'linear' | 'debiased' | 'rbf' | 'minibatch';

/** Which side of the feature/Gram duality was multiplied out (same value, very different cost). */
export type CkaForm = 'feature' | 'gram';

/**
 * The three inner products every linear-kernel CKA divides: <K, L>, ||K||_F^2, ||L||_F^2 (biased), or the
 * unbiased HSIC estimates in their place.
 */
export interface KernelSums {
  kl: number;
  kk: number;
  ll: number;
}

export interface CkaResult {
  value: number;
  metric: CkaMetric;
  /** Inputs (rows) compared. */
  n: number;
  /** Units of A. */
  p: number;
  /** Units of B. */
  q: number;
  form: CkaForm;
}
