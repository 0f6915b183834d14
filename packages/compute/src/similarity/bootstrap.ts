/**
 * Per-cell interval of a CKA value for callers that ask by the historical name (`bootstrapCka`, CLI
 * `--bootstrap K`). It is NOT a bootstrap any more: resampling inputs with replacement pairs a duplicated input
 * with itself and inflates CKA (debiased CKA of two independent 64 x 64 arrays: -0.002 with a "95%" interval of
 * [0.45, 0.61]; SPEC §5, issue 9). The interval is the grouped jackknife of src/stats/ (never pairs an input
 * with itself), with measured coverage (docs/statistics.md): the debiased interval covers the population CKA,
 * the linear (biased) one the expected biased CKA at this n, p, q. New code should call `cellStatistics`.
 */
import { InvalidArgumentError } from '../errors.js';
import { cellStatistics } from '../stats/cell-statistics.js';
import { INTERVAL_METHOD } from '../stats/jackknife.js';
import type { ActivationsInput } from './activations.js';
import type { CkaOptions } from './cka.js';
import type { CkaMetric } from './cka-result.js';

export interface BootstrapOptions {
  /** The metric, as for `cka`: 'linear' (default) or 'debiased'; other metrics have no interval. */
  cka?: CkaOptions;
  /** Jackknife groups G (the historical name); default 20, capped at n (delete-one). */
  resamples?: number;
  /** Coverage of the interval, in (0, 1); default 0.95. */
  confidence?: number;
  /** Seed of the permutation that deals inputs to groups (Mulberry32, src/random.ts); default 0. */
  seed?: number;
  signal?: AbortSignal;
}

export interface BootstrapInterval {
  /** How the interval was made: always 'grouped-jackknife'. */
  method: typeof INTERVAL_METHOD;
  metric: CkaMetric;
  n: number;
  p: number;
  q: number;
  /** CKA on all n inputs. */
  estimate: number;
  /** estimate ± t_{G-1} x jackknife standard error. */
  lower: number;
  upper: number;
  standardError: number;
  confidence: number;
  /** CKA with each group left out, in group order. */
  values: number[];
  /** G actually used (the requested count capped at n). */
  resamples: number;
  seed: number;
}

/**
 * Grouped-jackknife interval of linear or debiased CKA(A, B).
 * @throws InvalidArgumentError for resamples < 2, a confidence outside (0, 1), or a metric other than linear
 *   and debiased; as the metric otherwise.
 */
export async function bootstrapCka(
  a: ActivationsInput,
  b: ActivationsInput,
  options: BootstrapOptions = {},
): Promise<BootstrapInterval> {
  const resamples = options.resamples ?? 20;
  const metric = options.cka?.metric ?? 'linear';
  if (!Number.isInteger(resamples) || resamples < 2) {
    throw new InvalidArgumentError(
      `resamples (jackknife groups) must be an integer >= 2, got ${resamples}; e.g. 20`,
    );
  }
  if (metric !== 'linear' && metric !== 'debiased') {
    throw new InvalidArgumentError(
      `intervals are offered for linear and debiased CKA only (their coverage is measured, docs/statistics.md), ` +
        `not ${metric}; use metric linear or debiased`,
    );
  }
  const cell = await cellStatistics(a, b, {
    intervalGroups: resamples,
    level: options.confidence ?? 0.95,
    seed: options.seed ?? 0,
    signal: options.signal,
  });
  const chosen = metric === 'debiased' ? cell.debiased : cell.biased;
  const interval = chosen.interval!;
  return {
    method: INTERVAL_METHOD,
    metric,
    n: cell.n,
    p: cell.p,
    q: cell.q,
    estimate: chosen.value,
    lower: interval.lower,
    upper: interval.upper,
    standardError: interval.standardError,
    confidence: interval.level,
    values: chosen.replicates!,
    resamples: interval.groups,
    seed: cell.seed,
  };
}
