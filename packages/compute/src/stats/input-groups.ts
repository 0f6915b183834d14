/**
 * A seeded split of n inputs into G groups for the delete-a-group jackknife (docs/statistics.md). Every cell of
 * a matrix that compares the same n inputs must use the same groups, so that replicate g of a mean over cells
 * is the mean of the cells' replicates g (headline intervals, src/stats/headline.ts).
 */
import { InvalidArgumentError } from '../errors.js';
import { createRng } from '../random.js';

/** Fewest inputs a leave-one-group-out sample may keep: the unbiased HSIC divides by m(m - 3). */
export const MIN_KEPT_INPUTS = 4;

export interface InputGroups {
  /** Inputs split. */
  n: number;
  /** Groups G, 2 <= G <= n; sizes differ by at most one. */
  count: number;
  /** Seed of the permutation that dealt inputs to groups (Mulberry32, src/random.ts). */
  seed: number;
  /** groupOf[i] is the group of input i, in [0, G). [n] */
  groupOf: Int32Array;
  /** sizes[g] is the number of inputs in group g. [G] */
  sizes: Int32Array;
}

/**
 * Deals the inputs of a seeded permutation of 0..n-1 to G groups in turn (input perm[k] goes to group k mod G).
 * G = n is the delete-one jackknife.
 * @throws InvalidArgumentError when G is not an integer in [2, n], or when leaving a group out would keep
 *   fewer than 4 inputs.
 */
export function createInputGroups(n: number, count: number, seed = 0): InputGroups {
  if (!Number.isInteger(n) || n < MIN_KEPT_INPUTS + 1) {
    throw new InvalidArgumentError(`jackknife groups need n >= ${MIN_KEPT_INPUTS + 1} inputs, got ${n}`);
  }
  if (!Number.isInteger(count) || count < 2 || count > n) {
    throw new InvalidArgumentError(
      `jackknife group count must be an integer in [2, n = ${n}], got ${count}; e.g. 20, or n for delete-one`,
    );
  }
  const largest = Math.ceil(n / count);
  if (n - largest < MIN_KEPT_INPUTS) {
    throw new InvalidArgumentError(
      `${count} groups of n = ${n} inputs leave ${n - largest} inputs when a group of ${largest} is left out; ` +
        `at least ${MIN_KEPT_INPUTS} must remain, so use more groups`,
    );
  }
  const order = createRng(seed).permutation(n);
  const groupOf = new Int32Array(n);
  const sizes = new Int32Array(count);
  for (let k = 0; k < n; k++) {
    const g = k % count;
    groupOf[order[k]!] = g;
    sizes[g]!++;
  }
  return { n, count, seed, groupOf, sizes };
}

/**
 * The group count to use when a caller asks for `requested` (e.g. the CLI's --bootstrap K) on n inputs: K
 * itself, capped at n (the delete-one jackknife cannot have more groups than inputs).
 */
export function groupCountFor(requested: number, n: number): number {
  return Math.min(requested, n);
}
