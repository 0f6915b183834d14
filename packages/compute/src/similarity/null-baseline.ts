/**
 * Permutation null baseline (SPEC §3, §5): the same CKA after shuffling the rows of B, so that A and B no
 * longer describe the same inputs. Its mean is what the metric gives for "no relation" at this n, p, q
 * (for biased linear CKA, near p/(n+p)); a real similarity must stand clear of it. The p-value
 * (1 + #{null >= observed}) / (K + 1) says how clear (src/stats/permutation-null.ts).
 */
import { InvalidArgumentError, throwIfAborted } from '../errors.js';
import { createRng } from '../random.js';
import { featurePermutationNull } from '../stats/feature-path.js';
import { type NullSummary, permutationPValue } from '../stats/permutation-null.js';
import { type ActivationsInput, toActivations, validateActivations } from './activations.js';
import { type CkaOptions, cka } from './cka.js';
import type { CkaMetric } from './cka-result.js';
import { takeRows } from './rows.js';
import { summarise } from './summary.js';

export interface NullBaselineOptions {
  /** The metric and its options, as for `cka`; default linear. */
  cka?: CkaOptions;
  /** Number of shuffles k; default 20. Each costs one CKA (linear and debiased: only the A^T B part). */
  permutations?: number;
  /** Seed of the shuffles (Mulberry32, src/random.ts); default 0. */
  seed?: number;
  signal?: AbortSignal;
}

export interface NullBaseline {
  metric: CkaMetric;
  n: number;
  p: number;
  q: number;
  /** Mean and sample standard deviation (k - 1 denominator; 0 for k = 1) of `values`. */
  mean: number;
  std: number;
  /** The metric on the unshuffled pair. */
  observed: number;
  /** (1 + #{values >= observed}) / (k + 1): one-sided permutation p-value of `observed`. */
  pValue: number;
  /** CKA of A against each shuffle of B's rows, in order. */
  values: number[];
  /** For metrics linear and debiased, both of them under the same shuffles. */
  biased?: NullSummary;
  debiased?: NullSummary;
  permutations: number;
  seed: number;
}

/**
 * CKA of A against k row-shuffles of B, with the p-value of the unshuffled value.
 * @throws InvalidArgumentError when permutations is not a positive integer; as the metric otherwise.
 */
export async function nullBaseline(
  a: ActivationsInput,
  b: ActivationsInput,
  options: NullBaselineOptions = {},
): Promise<NullBaseline> {
  const permutations = options.permutations ?? 20;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(permutations) || permutations < 1) {
    throw new InvalidArgumentError(
      `permutations must be a positive integer, got ${permutations}; the default is 20`,
    );
  }
  const x = toActivations(a);
  const y = toActivations(b);
  validateActivations(x, y);
  const ckaOptions = options.cka ?? {};
  const metric = ckaOptions.metric ?? 'linear';
  const shape = { metric, n: x.n, p: x.p, q: y.p, permutations, seed };
  if (ckaOptions.metric === undefined || metric === 'linear' || metric === 'debiased') {
    // Linear and debiased: one set of shuffles, each costing only <K, L_π> (stats/feature-path.ts).
    const form = 'form' in ckaOptions ? ckaOptions.form : undefined;
    const both = await featurePermutationNull(x, y, { permutations, seed, form, signal: options.signal });
    const chosen = metric === 'debiased' ? 'debiased' : 'biased';
    const { observed, mean, std, pValue } = both[chosen];
    return {
      ...shape,
      mean,
      std,
      observed,
      pValue,
      values: Array.from(both.values[chosen]),
      biased: both.biased,
      debiased: both.debiased,
    };
  }
  const rng = createRng(seed);
  const values: number[] = [];
  for (let s = 0; s < permutations; s++) {
    throwIfAborted(options.signal, 'null baseline');
    values.push(
      (await cka(x, takeRows(y, rng.permutation(y.n)), { ...ckaOptions, signal: options.signal })).value,
    );
  }
  const observed = (await cka(x, y, { ...ckaOptions, signal: options.signal })).value;
  return { ...shape, ...summarise(values), observed, pValue: permutationPValue(observed, values), values };
}
