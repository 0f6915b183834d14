/**
 * compute's cell statistics (MatrixCell: biased and debiased CKA with jackknife intervals and permutation nulls;
 * a matrix's Benjamini-Hochberg marks) as GraphQL objects. JSON stores NaN as null, and GraphQL has no NaN:
 * numbers that are not finite become null.
 */
import {
  type JackknifeInterval as ComputeInterval,
  type MatrixSignificance as ComputeSignificance,
  INTERVAL_TARGETS,
  type MatrixCell,
  type MetricStatistics,
} from '@simlab/compute';
import type { CellSignificance } from '../schema/cell-significance.type.js';
import type { CkaStatistics } from '../schema/cka-statistics.type.js';
import type { JackknifeInterval } from '../schema/jackknife-interval.type.js';
import type { MatrixSignificance } from '../schema/matrix-significance.type.js';
import type { ReportCell } from '../schema/report-cell.type.js';

export function finite(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function finiteMatrix(values: readonly (readonly (number | null)[])[]): (number | null)[][] {
  return values.map((row) => row.map(finite));
}

/** What an estimator's interval covers, in the words reports use (docs/statistics.md §1). */
export function intervalCovers(estimator: 'biased' | 'debiased', n: number | null): string {
  if (estimator === 'debiased') return INTERVAL_TARGETS.debiased;
  return `${INTERVAL_TARGETS.biased}${n === null ? '' : ` (n = ${n})`}, not the population value`;
}

export function toJackknifeInterval(interval: ComputeInterval, covers: string): JackknifeInterval {
  return {
    method: interval.method,
    level: interval.level,
    groups: interval.groups,
    lower: interval.lower,
    upper: interval.upper,
    estimate: interval.estimate,
    standardError: interval.standardError,
    covers,
  };
}

export function toCkaStatistics(
  statistics: MetricStatistics | undefined,
  estimator: 'biased' | 'debiased',
  n: number | null,
): CkaStatistics | null {
  if (!statistics) return null;
  const { interval, null: baseline } = statistics;
  return {
    value: statistics.value,
    interval: interval ? toJackknifeInterval(interval, intervalCovers(estimator, n)) : null,
    nullBaseline: baseline
      ? {
          mean: baseline.mean,
          std: baseline.std,
          pValue: baseline.pValue,
          permutations: baseline.permutations,
        }
      : null,
  };
}

export function toMatrixSignificance(significance: ComputeSignificance): MatrixSignificance {
  return {
    correction: significance.method,
    alpha: significance.alpha,
    pValues: significance.pValues,
    permutations: significance.permutations,
    tests: significance.tests,
    symmetric: significance.symmetric,
    canReject: significance.canReject,
    distinguishableCount: significance.distinguishableCount,
    adjusted: finiteMatrix(significance.adjusted),
    distinguishable: significance.distinguishable.map((row) => [...row]),
  };
}

/** Cell (row, column)'s share of a matrix's marks; null without marks. */
export function toCellSignificance(
  significance: ComputeSignificance | undefined,
  row: number,
  column: number,
): CellSignificance | null {
  if (!significance) return null;
  return {
    correction: significance.method,
    alpha: significance.alpha,
    tests: significance.tests,
    pValues: significance.pValues,
    adjustedP: finite(significance.adjusted[row]?.[column]),
    distinguishableFromNull: significance.distinguishable[row]?.[column] ?? null,
  };
}

/** Every cell of a report matrix, row by row, with its statistics and marks. */
export function toReportCells(
  cells: readonly (readonly MatrixCell[])[],
  significance: ComputeSignificance | undefined,
): ReportCell[] {
  return cells.flatMap((row, r) =>
    row.map((cell, c) => ({
      row: r,
      column: c,
      value: finite(cell.value),
      n: cell.n,
      debiased: toCkaStatistics(cell.debiased, 'debiased', cell.n),
      biased: toCkaStatistics(cell.biased, 'biased', cell.n),
      significance: toCellSignificance(significance, r, c),
    })),
  );
}
