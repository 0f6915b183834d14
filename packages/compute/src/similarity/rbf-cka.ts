/**
 * RBF CKA (Kornblith et al. 2019, §4 and their demo): CKA with Gaussian kernels, Gram form only, so its cost
 * and memory grow with n^2 (two n x n float64 matrices: n = 5000 needs 400 MB). Use it for n up to a few
 * thousand; for more inputs use linear or minibatch CKA.
 */
import { InvalidArgumentError, throwIfAborted } from '../errors.js';
import { type ActivationsInput, toActivations, validateActivations } from './activations.js';
import { innerProduct, sumOfSquares } from './blocks.js';
import { centreColumns } from './centre.js';
import type { CkaResult } from './cka-result.js';
import { centreGram, rbfGram } from './rbf-gram.js';

export interface RbfCkaOptions {
  /** sigma as a fraction of the median pairwise distance; default 0.5, the demo's reference setting. */
  threshold?: number;
  /** Unbiased HSIC (Song et al. 2012) instead of the biased one; default false. */
  debiased?: boolean;
  signal?: AbortSignal;
}

export interface RbfCkaResult extends CkaResult {
  metric: 'rbf';
  threshold: number;
  debiased: boolean;
  /** The kernel widths used for A and B. */
  sigmaA: number;
  sigmaB: number;
}

/**
 * RBF CKA of two activation sets over the same n inputs.
 * @throws InvalidArgumentError for a threshold that is not a positive finite number; as `linearCka`
 *   otherwise; DegenerateInputError via validation when a side is constant.
 */
export async function rbfCka(
  a: ActivationsInput,
  b: ActivationsInput,
  options: RbfCkaOptions = {},
): Promise<RbfCkaResult> {
  const threshold = options.threshold ?? 0.5;
  const debiased = options.debiased ?? false;
  if (!(threshold > 0) || !Number.isFinite(threshold)) {
    throw new InvalidArgumentError(
      `RBF threshold must be a positive number, got ${threshold}; the default is 0.5`,
    );
  }
  const x = toActivations(a);
  const y = toActivations(b);
  validateActivations(x, y);
  const n = x.n;
  const k = await rbfGram(centreColumns(x), threshold);
  throwIfAborted(options.signal, 'RBF CKA');
  const l = await rbfGram(centreColumns(y), threshold);
  const kc = centreGram(k.gram, n, debiased);
  const lc = centreGram(l.gram, n, debiased);
  const value = innerProduct(kc, lc) / Math.sqrt(sumOfSquares(kc) * sumOfSquares(lc));
  return {
    value,
    metric: 'rbf',
    n,
    p: x.p,
    q: y.p,
    form: 'gram',
    threshold,
    debiased,
    sigmaA: k.sigma,
    sigmaB: l.sigma,
  };
}
