/**
 * One entry point for the CKA family: `cka(a, b, { metric })` dispatches to linear (default), debiased,
 * rbf or minibatch CKA. Every result carries its metric, n, p and q (SPEC §3).
 */
import { InvalidArgumentError } from '../errors.js';
import type { ActivationsInput } from './activations.js';
import type { CkaMetric, CkaResult } from './cka-result.js';
import { debiasedCka } from './debiased-cka.js';
import { type LinearCkaOptions, linearCka } from './linear-cka.js';
import { type MinibatchCkaRunOptions, minibatchCka } from './minibatch-cka.js';
import { type RbfCkaOptions, rbfCka } from './rbf-cka.js';

export type CkaOptions =
  | ({ metric?: 'linear' } & LinearCkaOptions)
  | ({ metric: 'debiased' } & LinearCkaOptions)
  | ({ metric: 'rbf' } & RbfCkaOptions)
  | ({ metric: 'minibatch' } & MinibatchCkaRunOptions);

export const CKA_METRICS: readonly CkaMetric[] = ['linear', 'debiased', 'rbf', 'minibatch'];

/**
 * CKA of two activation sets over the same inputs with the chosen metric and its options.
 * @throws InvalidArgumentError for an unknown metric; otherwise what the metric throws.
 */
export function cka(a: ActivationsInput, b: ActivationsInput, options: CkaOptions = {}): Promise<CkaResult> {
  switch (options.metric) {
    case undefined:
    case 'linear':
      return linearCka(a, b, options);
    case 'debiased':
      return debiasedCka(a, b, options);
    case 'rbf':
      return rbfCka(a, b, options);
    case 'minibatch':
      return minibatchCka(a, b, options);
    default: {
      const metric: unknown = (options as { metric: unknown }).metric;
      throw new InvalidArgumentError(
        `unknown CKA metric ${JSON.stringify(metric)}; use one of ${CKA_METRICS.join(', ')}`,
      );
    }
  }
}
