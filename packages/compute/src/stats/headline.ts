/**
 * Headline means over selected off-diagonal cells with jackknife intervals (SPEC §5 "headlines compare like with
 * like"; docs/statistics.md). When every cell's replicates come from the same groups of the same inputs, the
 * jackknife replicate g of a mean over cells is the mean of the cells' replicates g, so the interval of the
 * mean accounts for the dependence between cells that share inputs and models. The same holds for the difference
 * of two headlines on the same groups (natural vs inverted: pair i is the unit of both matrices).
 *
 * Intervals cover what the cells' intervals cover, averaged: the mean population CKA of the selected cells
 * (debiased), the mean expected biased CKA at this n, p, q (biased).
 */
import { InvalidArgumentError, ShapeMismatchError } from '../errors.js';
import { type JackknifeInterval, jackknifeInterval } from './jackknife.js';

/** A value and its leave-one-group-out replicates (MetricStatistics satisfies it). */
export interface ReplicatedValue {
  value: number;
  replicates?: readonly number[];
}

/** What a headline reads from a cell (MatrixCell satisfies it). */
export interface HeadlineCell {
  biased?: ReplicatedValue;
  debiased?: ReplicatedValue;
}

/** Which cells (row, column) a headline averages; the diagonal is never included. */
export type CellFilter = (row: number, column: number) => boolean;

export interface HeadlineMetric {
  /** Mean of the selected cells' values. */
  mean: number;
  /** Jackknife interval of the mean; absent when a selected cell has no replicates. */
  interval?: JackknifeInterval;
  /** Replicate g of the mean = mean of the cells' replicates g. [G] */
  replicates?: number[];
}

export interface Headline {
  /** Cells averaged. */
  cells: number;
  biased: HeadlineMetric;
  debiased: HeadlineMetric;
}

export interface HeadlineOptions {
  /** Interval coverage; default 0.95. */
  level?: number;
}

/**
 * Mean of biased and debiased CKA over the off-diagonal cells that `filter` selects, with jackknife intervals.
 * @throws InvalidArgumentError when no off-diagonal cell is selected or a selected cell lacks biased and debiased
 *   values (a matrix of another metric); ShapeMismatchError when cells have different numbers of replicates
 *   (they were not computed on the same groups).
 */
export function headlineMean(
  cells: readonly (readonly HeadlineCell[])[],
  filter: CellFilter,
  options: HeadlineOptions = {},
): Headline {
  const selected: HeadlineCell[] = [];
  cells.forEach((row, r) => {
    row.forEach((cell, c) => {
      if (r !== c && filter(r, c)) selected.push(cell);
    });
  });
  if (selected.length === 0) {
    throw new InvalidArgumentError('the cell filter selects no off-diagonal cell; nothing to average');
  }
  const metric = (name: 'biased' | 'debiased'): HeadlineMetric => {
    const values = selected.map((cell, i) => {
      const v = cell[name];
      if (!v) {
        throw new InvalidArgumentError(
          `selected cell ${i} has no ${name} CKA; headlines need cells of a linear or debiased matrix`,
        );
      }
      return v;
    });
    const mean = values.reduce((s, v) => s + v.value, 0) / values.length;
    if (values.some((v) => !v.replicates)) return { mean };
    const G = values[0]!.replicates!.length;
    const replicates = new Array<number>(G).fill(0);
    for (const v of values) {
      if (v.replicates!.length !== G) {
        throw new ShapeMismatchError(
          `cells carry ${G} and ${v.replicates!.length} jackknife replicates; compute every cell of a headline ` +
            'with the same groups (same n, group count and seed)',
        );
      }
      v.replicates!.forEach((x, g) => {
        replicates[g]! += x / values.length;
      });
    }
    return { mean, replicates, interval: jackknifeInterval(mean, replicates, { level: options.level }) };
  };
  return { cells: selected.length, biased: metric('biased'), debiased: metric('debiased') };
}

export interface HeadlineDifference {
  /** minuend.mean - subtrahend.mean, per metric, with the jackknife interval of the difference. */
  biased: HeadlineMetric;
  debiased: HeadlineMetric;
}

/**
 * The difference of two headlines computed on the same groups (e.g. natural minus inverted), with the
 * jackknife interval of the difference from the replicate-wise differences.
 * @throws ShapeMismatchError when the two headlines have different numbers of replicates.
 */
export function headlineDifference(
  minuend: Headline,
  subtrahend: Headline,
  options: HeadlineOptions = {},
): HeadlineDifference {
  const metric = (name: 'biased' | 'debiased'): HeadlineMetric => {
    const a = minuend[name];
    const b = subtrahend[name];
    const mean = a.mean - b.mean;
    if (!a.replicates || !b.replicates) return { mean };
    if (a.replicates.length !== b.replicates.length) {
      throw new ShapeMismatchError(
        `headlines carry ${a.replicates.length} and ${b.replicates.length} jackknife replicates; compute both ` +
          'matrices with the same groups (same n, group count and seed)',
      );
    }
    const replicates = a.replicates.map((x, g) => x - b.replicates![g]!);
    return { mean, replicates, interval: jackknifeInterval(mean, replicates, { level: options.level }) };
  };
  return { biased: metric('biased'), debiased: metric('debiased') };
}
