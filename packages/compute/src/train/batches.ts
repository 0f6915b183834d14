/** Seeded minibatch order for training: one fresh permutation per epoch from one generator. */
import { InvalidArgumentError } from '../errors.js';
import type { Rng } from '../random.js';

/**
 * Splits a permutation of 0..count-1 drawn from `rng` into batches of `batchSize` (the last may be smaller).
 * Calling it once per epoch with the same generator gives a reproducible sequence of epochs.
 */
export function shuffledBatches(count: number, batchSize: number, rng: Rng): Int32Array[] {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new InvalidArgumentError(`batchSize ${batchSize} must be an integer >= 1`);
  }
  const order = rng.permutation(count);
  const batches: Int32Array[] = [];
  for (let start = 0; start < count; start += batchSize)
    batches.push(order.subarray(start, start + batchSize));
  return batches;
}
