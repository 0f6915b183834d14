/**
 * Debiased linear CKA: CKA with every HSIC replaced by the unbiased estimator of Song et al. 2012, as in
 * Kornblith et al.'s demo `feature_space_linear_cka(debiased=True)` and Nguyen et al. 2021. Unrelated data
 * score near 0 (biased CKA: near p/(n+p)). The value can be slightly negative, and is not clamped.
 */
import { DegenerateInputError } from '../errors.js';
import { type ActivationsInput, toActivations, validateActivations } from './activations.js';
import { type CentredActivations, centreColumns, rowSquaredNorms } from './centre.js';
import type { CkaResult, KernelSums } from './cka-result.js';
import { gramInnerProducts } from './gram-inner-products.js';
import type { LinearCkaOptions } from './linear-cka.js';
import { unbiasedHsic } from './unbiased-hsic.js';

/**
 * Debiased CKA of two activation sets over the same n >= 4 inputs; options as for `linearCka`.
 * @throws as `linearCka`; DegenerateInputError when a side's unbiased self-HSIC is not positive.
 */
export async function debiasedCka(
  a: ActivationsInput,
  b: ActivationsInput,
  options: LinearCkaOptions = {},
): Promise<CkaResult> {
  const raw = [toActivations(a), toActivations(b)] as const;
  validateActivations(...raw);
  const [x, y] = raw.map(centreColumns) as [CentredActivations, CentredActivations];
  const { form, ...sums } = await gramInnerProducts(x, y, options);
  const value = debiasedRatio(unbiasedTerms(sums, rowSquaredNorms(x), rowSquaredNorms(y), x.n), x.n);
  return { value, metric: 'debiased', n: x.n, p: x.p, q: y.p, form };
}

/** The unbiased HSIC of each biased inner product; also the per-batch terms of minibatch CKA. */
export function unbiasedTerms(
  sums: KernelSums,
  diagK: Float64Array,
  diagL: Float64Array,
  n: number,
): KernelSums {
  return {
    kl: unbiasedHsic(sums.kl, diagK, diagL, n),
    kk: unbiasedHsic(sums.kk, diagK, diagK, n),
    ll: unbiasedHsic(sums.ll, diagL, diagL, n),
  };
}

/** kl / sqrt(kk ll) of unbiased HSICs, refusing a non-positive self-HSIC (the square root would be NaN). */
export function debiasedRatio(h: KernelSums, n: number): number {
  if (!(h.kk > 0) || !(h.ll > 0)) {
    const side = h.kk > 0 ? 'B' : 'A';
    throw new DegenerateInputError(
      `the unbiased HSIC of activations ${side} with themselves is ${h.kk > 0 ? h.ll : h.kk} (n=${n}), not ` +
        'positive, so debiased CKA is undefined; use more inputs or linear CKA',
    );
  }
  return h.kl / Math.sqrt(h.kk * h.ll);
}
