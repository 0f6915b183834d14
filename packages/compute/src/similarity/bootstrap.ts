/**
 * Bootstrap confidence interval for a CKA value (SPEC §5: per-cell intervals): resample the n inputs with
 * replacement (the same rows on both sides), recompute the CKA, and take the percentile interval of the
 * resampled values (Efron's percentile method).
 */
import { InvalidArgumentError, throwIfAborted } from '../errors.js';
import { createRng } from '../random.js';
import { type ActivationsInput, toActivations, validateActivations } from './activations.js';
import { type CkaOptions, cka } from './cka.js';
import type { CkaMetric } from './cka-result.js';
import { takeRows } from './rows.js';
import { quantile } from './summary.js';

export interface BootstrapOptions {
  /** The metric and its options, as for `cka`; default linear. */
  cka?: CkaOptions;
  /** Number of resamples; default 200. Each costs one full CKA. */
  resamples?: number;
  /** Coverage of the interval, in (0, 1); default 0.95. */
  confidence?: number;
  /** Seed of the resampling (Mulberry32, src/random.ts); default 0. */
  seed?: number;
  signal?: AbortSignal;
}

export interface BootstrapInterval {
  metric: CkaMetric;
  n: number;
  p: number;
  q: number;
  /** CKA on all n inputs. */
  estimate: number;
  /** Percentile interval: the (1 - confidence)/2 and (1 + confidence)/2 quantiles of `values`. */
  lower: number;
  upper: number;
  confidence: number;
  /** CKA of each resample, in order. */
  values: number[];
  resamples: number;
  seed: number;
}

/**
 * Percentile bootstrap interval of CKA(A, B) over resampled inputs.
 * @throws InvalidArgumentError for resamples < 2 or a confidence outside (0, 1); as the metric otherwise.
 */
export async function bootstrapCka(
  a: ActivationsInput,
  b: ActivationsInput,
  options: BootstrapOptions = {},
): Promise<BootstrapInterval> {
  const resamples = options.resamples ?? 200;
  const confidence = options.confidence ?? 0.95;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(resamples) || resamples < 2) {
    throw new InvalidArgumentError(`resamples must be an integer >= 2, got ${resamples}; the default is 200`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new InvalidArgumentError(`confidence must lie in (0, 1), got ${confidence}; e.g. 0.95`);
  }
  const x = toActivations(a);
  const y = toActivations(b);
  validateActivations(x, y);
  const metricOptions = { ...options.cka, signal: options.signal };
  const full = await cka(x, y, metricOptions);
  const rng = createRng(seed);
  const values: number[] = [];
  for (let r = 0; r < resamples; r++) {
    throwIfAborted(options.signal, 'bootstrap');
    const rows = Int32Array.from({ length: x.n }, () => rng.int(x.n));
    values.push((await cka(takeRows(x, rows), takeRows(y, rows), metricOptions)).value);
  }
  const sorted = [...values].sort((u, v) => u - v);
  const tail = (1 - confidence) / 2;
  return {
    metric: full.metric,
    n: x.n,
    p: x.p,
    q: y.p,
    estimate: full.value,
    lower: quantile(sorted, tail),
    upper: quantile(sorted, 1 - tail),
    confidence,
    values,
    resamples,
    seed,
  };
}
