/**
 * The cell statistics for n too large to hold n x n Grams (n > GRAM_MAX_INPUTS): CKA values through the
 * feature/Gram inner products of similarity/gram-inner-products.ts, each leave-one-group-out replicate
 * recomputed from the kept rows (G CKAs), and each shuffle of B costing one A^T(PB) product (as
 * similarity/null-baseline.ts always did). Same results as the Gram path, to float32 rounding.
 */
import { throwIfAborted } from '../errors.js';
import { createRng } from '../random.js';
import type { Activations } from '../similarity/activations.js';
import { centreColumns, rowSquaredNorms } from '../similarity/centre.js';
import type { KernelSums } from '../similarity/cka-result.js';
import { debiasedRatio, unbiasedTerms } from '../similarity/debiased-cka.js';
import { type FormOptions, gramInnerProducts } from '../similarity/gram-inner-products.js';
import { linearValue } from '../similarity/linear-cka.js';
import { takeRows } from '../similarity/rows.js';
import type { InputGroups } from './input-groups.js';
import type { CkaPair, LeaveGroupOutCka } from './leave-group-out.js';
import { type PermutationNull, type PermutationNullOptions, summariseNull } from './permutation-null.js';

/** Biased and debiased CKA from one pass of inner products over (uncentred) activations. */
export async function featureCkaPair(
  x: Activations,
  y: Activations,
  options: FormOptions = {},
): Promise<CkaPair> {
  const a = centreColumns(x);
  const b = centreColumns(y);
  const { form: _form, ...sums } = await gramInnerProducts(a, b, options);
  return bothValues(sums, rowSquaredNorms(a), rowSquaredNorms(b), x.n);
}

/** Biased and debiased CKA on all inputs and with each group left out, recomputed from the kept rows. */
export async function featureLeaveGroupOut(
  x: Activations,
  y: Activations,
  groups: InputGroups,
  options: FormOptions = {},
): Promise<LeaveGroupOutCka> {
  const full = await featureCkaPair(x, y, options);
  const biased = new Float64Array(groups.count);
  const debiased = new Float64Array(groups.count);
  for (let e = 0; e < groups.count; e++) {
    throwIfAborted(options.signal, 'jackknife');
    const kept: number[] = [];
    for (let i = 0; i < groups.n; i++) if (groups.groupOf[i] !== e) kept.push(i);
    const v = await featureCkaPair(takeRows(x, kept), takeRows(y, kept), options);
    biased[e] = v.biased;
    debiased[e] = v.debiased;
  }
  return { full, replicates: { biased, debiased } };
}

/**
 * Biased and debiased CKA under K seeded row shuffles of B (the shuffles of `gramPermutationNull`), each
 * costing only <K, L_π>: B's column means, ||B^T B|| and ||A^T A|| do not change under a shuffle.
 */
export async function featurePermutationNull(
  x: Activations,
  y: Activations,
  options: PermutationNullOptions & FormOptions,
): Promise<PermutationNull> {
  const seed = options.seed ?? 0;
  const a = centreColumns(x);
  const b = centreColumns(y);
  const { kk, ll, form } = await gramInnerProducts(a, b, options);
  const diagK = rowSquaredNorms(a);
  const shuffled = async (order: ArrayLike<number>): Promise<CkaPair> => {
    const pb = takeRows(b, order);
    const { kl } = await gramInnerProducts(a, pb, { ...options, form }, 'cross');
    return bothValues({ kl, kk, ll }, diagK, rowSquaredNorms(pb), x.n);
  };
  const observed = await shuffled(Int32Array.from({ length: x.n }, (_, i) => i));
  const rng = createRng(seed);
  const biased = new Float64Array(options.permutations);
  const debiased = new Float64Array(options.permutations);
  for (let s = 0; s < options.permutations; s++) {
    throwIfAborted(options.signal, 'permutation null');
    const v = await shuffled(rng.permutation(x.n));
    biased[s] = v.biased;
    debiased[s] = v.debiased;
  }
  return {
    biased: summariseNull(observed.biased, biased),
    debiased: summariseNull(observed.debiased, debiased),
    values: { biased, debiased },
    seed,
  };
}

function bothValues(sums: KernelSums, diagK: Float64Array, diagL: Float64Array, n: number): CkaPair {
  return {
    biased: linearValue(sums),
    debiased: debiasedRatio(unbiasedTerms(sums, diagK, diagL, n), n),
  };
}
