/**
 * Linear CKA (Kornblith et al., ICML 2019; SPEC §3):
 *
 *     CKA(A, B) = ||A^T B||_F^2 / (||A^T A||_F ||B^T B||_F)     A [n, p], B [n, q], columns centred
 *
 * equal to HSIC(K, L) / sqrt(HSIC(K, K) HSIC(L, L)) for K = AA^T, L = BB^T. Biased: on unrelated data it
 * sits near p/(n+p), so read it beside `debiasedCka` and `nullBaseline`.
 */
import { DegenerateInputError } from '../errors.js';
import { type ActivationsInput, toActivations, validateActivations } from './activations.js';
import type { CkaResult, KernelSums } from './cka-result.js';
import { centredInnerProducts, type FormOptions } from './gram-inner-products.js';

/**
 * `form`: 'auto' (default) multiplies p x q feature products when p + q is small next to n, n x n Gram
 * blocks otherwise; `signal` cancels between block products; `pool` shares large products among worker
 * threads (same value).
 */
export type LinearCkaOptions = FormOptions;

/**
 * Linear CKA of two activation sets over the same n inputs. Columns are centred in float64, the products
 * run in float32 on the TF.js backend and their squares are summed in float64; with a pool, large products
 * (and the centring before them) run on its worker threads.
 * @throws ShapeMismatchError, DegenerateInputError, NonFiniteError (see `validateActivations`);
 *   CancelledError when `signal` fires.
 */
export async function linearCka(
  a: ActivationsInput,
  b: ActivationsInput,
  options: LinearCkaOptions = {},
): Promise<CkaResult> {
  const x = toActivations(a);
  const y = toActivations(b);
  validateActivations(x, y);
  const { form, ...sums } = await centredInnerProducts(x, y, options);
  return { value: linearValue(sums), metric: 'linear', n: x.n, p: x.p, q: y.p, form };
}

/**
 * kl / sqrt(kk ll), clamped to [0, 1] (float32 rounding can carry CKA(X, X) a few 1e-8 past 1).
 * @throws DegenerateInputError when a norm is 0 although validation passed: float32 under- or overflow.
 */
export function linearValue({ kl, kk, ll }: KernelSums): number {
  if (!(kk > 0 && ll > 0)) {
    throw new DegenerateInputError(
      `||A^T A||^2 = ${kk} and ||B^T B||^2 = ${ll} after centring: the activations under- or overflow float32 ` +
        '(keep |values| between about 1e-18 and 1e17); rescale them, CKA does not depend on scale',
    );
  }
  return Math.min(1, Math.max(0, kl / Math.sqrt(kk * ll)));
}
