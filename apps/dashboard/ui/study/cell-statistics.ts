/**
 * A cell's statistics as the page shows them (issue 9): biased and debiased CKA with their jackknife intervals
 * and permutation p-values, and the cell's mark after the matrix's multiple-comparison correction. Debiased is
 * quoted first; the biased interval covers the expected biased CKA at this n, p, q, not the population value.
 */

export type Estimator = 'debiased' | 'biased';

export const ESTIMATOR_LABELS: Record<Estimator, string> = {
  debiased: 'debiased CKA',
  biased: 'biased (linear) CKA',
};

export interface IntervalView {
  lower: number;
  upper: number;
  level: number;
}

export interface EstimatorView {
  value: number;
  interval: IntervalView | null;
  nullBaseline: { pValue?: number | null } | null;
}

export interface CellStatistics {
  n?: number | null;
  p?: number | null;
  q?: number | null;
  debiased?: EstimatorView | null;
  biased?: EstimatorView | null;
  /** p adjusted across the matrix; null on the diagonal, undefined until the matrix is complete. */
  adjustedP?: number | null;
  distinguishable?: boolean | null;
}

/** The estimator's value, or `fallback` (the matrix metric's) when the cell has none (rbf, minibatch). */
export function estimatorValue(
  cell: CellStatistics | undefined,
  estimator: Estimator,
  fallback: number | null,
): number | null {
  return cell?.[estimator]?.value ?? fallback;
}

/** A p-value with 2 significant digits: 0.041, 0.0093, 1.1e-4 (as compute's formatP). */
export function formatP(p: number): string {
  if (p === 0) return '0';
  return p >= 1e-3 ? String(Number(p.toPrecision(2))) : p.toExponential(1);
}

export function formatInterval(interval: IntervalView, digits = 3): string {
  return `[${interval.lower.toFixed(digits)}, ${interval.upper.toFixed(digits)}]`;
}

/** "0.312 [0.251, 0.373]": an estimate with its interval when it has one. */
export function formatEstimate(mean: number, interval: IntervalView | null | undefined, digits = 3): string {
  return interval ? `${mean.toFixed(digits)} ${formatInterval(interval, digits)}` : mean.toFixed(digits);
}

const CORRECTIONS: Record<string, string> = {
  'benjamini-hochberg': 'Benjamini–Hochberg',
  holm: 'Holm',
};

export function correctionLabel(name: string): string {
  return CORRECTIONS[name] ?? name;
}

/** The lines a cell shows in the numbers table and its tooltip, the chosen estimator first. */
export function cellLines(cell: CellStatistics | undefined, estimator: Estimator): string[] {
  if (!cell) return [];
  const lines: string[] = [];
  const other: Estimator = estimator === 'debiased' ? 'biased' : 'debiased';
  for (const which of [estimator, other]) {
    const stats = cell[which];
    if (!stats) continue;
    const p = stats.nullBaseline?.pValue;
    lines.push(
      `${which} ${formatEstimate(stats.value, stats.interval)}${p != null ? ` p=${formatP(p)}` : ''}`,
    );
  }
  if (cell.adjustedP != null) {
    lines.push(
      `adjusted p=${formatP(cell.adjustedP)}${cell.distinguishable === false ? ': not distinguishable from the null' : ''}`,
    );
  }
  return lines;
}
