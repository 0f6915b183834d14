/**
 * Multiple comparisons across the cells of a matrix (issue 9: mark cells not distinguishable from their null).
 *
 *   Holm (1979), family-wise error rate: sorted p_(1) <= ... <= p_(m),
 *       adjusted p_(i) = max_{j <= i} min(1, (m - j + 1) p_(j))
 *   Benjamini-Hochberg (1995), false discovery rate (valid under independence or positive dependence, PRDS):
 *       adjusted p_(i) = min_{j >= i} min(1, m p_(j) / j)
 *
 * A hypothesis is rejected when its adjusted p-value is <= alpha: the same decisions as the step-down (Holm) and
 * step-up (BH) procedures, and the same numbers as statsmodels' multipletests('holm' / 'fdr_bh').
 * docs/statistics.md says why BH is the default for matrices: with permutation p-values >= 1/(K+1), Holm over
 * m cells can reject only when K + 1 >= m / alpha.
 */
import { InvalidArgumentError } from '../errors.js';

export type CorrectionMethod = 'holm' | 'benjamini-hochberg';

export interface Correction {
  method: CorrectionMethod;
  alpha: number;
  /** Adjusted p-values, in the order of the input. */
  adjusted: number[];
  /** rejected[i]: adjusted[i] <= alpha. */
  rejected: boolean[];
}

/**
 * Adjusted p-values and rejections at level alpha (default 0.05).
 * @throws InvalidArgumentError for a p-value outside [0, 1] or NaN, or alpha outside (0, 1).
 */
export function adjustPValues(
  pValues: readonly number[],
  method: CorrectionMethod,
  alpha = 0.05,
): Correction {
  if (!(alpha > 0 && alpha < 1)) throw new InvalidArgumentError(`alpha must lie in (0, 1), got ${alpha}`);
  pValues.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) {
      throw new InvalidArgumentError(`p-value ${p} at position ${i} is not in [0, 1]; pass p-values only`);
    }
  });
  const m = pValues.length;
  const order = Array.from({ length: m }, (_, i) => i).sort((x, y) => pValues[x]! - pValues[y]!);
  const adjusted = new Array<number>(m);
  if (method === 'holm') {
    let running = 0;
    order.forEach((index, rank) => {
      running = Math.max(running, Math.min(1, (m - rank) * pValues[index]!)); // (m - j + 1) p_(j), j = rank + 1
      adjusted[index] = running;
    });
  } else if (method === 'benjamini-hochberg') {
    let running = 1;
    for (let rank = m - 1; rank >= 0; rank--) {
      const index = order[rank]!;
      running = Math.min(running, Math.min(1, (m * pValues[index]!) / (rank + 1)));
      adjusted[index] = running;
    }
  } else {
    throw new InvalidArgumentError(
      `unknown correction ${JSON.stringify(method)}; use holm or benjamini-hochberg`,
    );
  }
  return { method, alpha, adjusted, rejected: adjusted.map((p) => p <= alpha) };
}

/** A matrix of p-values adjusted together: undefined where a cell has no test (the diagonal, missing nulls). */
export interface MatrixCorrection {
  method: CorrectionMethod;
  alpha: number;
  /** Tests m that were corrected for. */
  tests: number;
  adjusted: (number | undefined)[][];
  rejected: (boolean | undefined)[][];
}

/**
 * Corrects the off-diagonal p-values of a k x k matrix together. `symmetric` (a natural matrix: cell (r, c) and
 * (c, r) are one test) counts each pair once, from the upper triangle, and mirrors the result.
 * @throws as adjustPValues.
 */
export function adjustMatrixPValues(
  pValues: readonly (readonly (number | undefined)[])[],
  method: CorrectionMethod,
  options: { alpha?: number; symmetric?: boolean } = {},
): MatrixCorrection {
  const k = pValues.length;
  const positions: [number, number][] = [];
  for (let r = 0; r < k; r++) {
    for (let c = options.symmetric ? r + 1 : 0; c < k; c++) {
      if (r !== c && pValues[r]![c] !== undefined) positions.push([r, c]);
    }
  }
  const result = adjustPValues(
    positions.map(([r, c]) => pValues[r]![c]!),
    method,
    options.alpha,
  );
  const adjusted = pValues.map((row) => row.map((): number | undefined => undefined));
  const rejected = pValues.map((row) => row.map((): boolean | undefined => undefined));
  positions.forEach(([r, c], i) => {
    for (const [x, y] of options.symmetric ? [[r, c] as const, [c, r] as const] : [[r, c] as const]) {
      adjusted[x]![y] = result.adjusted[i];
      rejected[x]![y] = result.rejected[i];
    }
  });
  return { method, alpha: result.alpha, tests: positions.length, adjusted, rejected };
}

/**
 * Fewest permutations K for which the smallest permutation p-value 1/(K+1) can be rejected among m tests at
 * level alpha: Holm needs 1/(K+1) <= alpha/m, BH (all m at the minimum) only 1/(K+1) <= alpha.
 */
export function minimumPermutations(tests: number, method: CorrectionMethod, alpha = 0.05): number {
  const bound = method === 'holm' ? alpha / tests : alpha;
  return Math.ceil(1 / bound - 1);
}
