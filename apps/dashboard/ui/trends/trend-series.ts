/** Turns robustness trends (SPEC §6) into one line per architecture and source for the trend chart. */

export type TrendSource = 'natural' | 'inverted';
/** Row mean: the others compared on this model's inversions; column mean: this model on the others'. */
export type TrendMean = 'row' | 'column';

/** A matrix's stored trend (RobustnessTrend): Spearman rho only, against training eps. */
export interface TrendInput {
  points: readonly {
    modelId: string;
    architectureId: string;
    eps: number;
    /** Null when every model of the matrix has one architecture (no cross-architecture cells). */
    rowMean: number | null;
    columnMean: number | null;
  }[];
  architectures: readonly {
    architectureId: string;
    rowSpearman?: number | null;
    columnSpearman?: number | null;
  }[];
  rowSpearman?: number | null;
  columnSpearman?: number | null;
}

export interface TrendSeries {
  architectureId: string;
  source: TrendSource;
  /** Sorted by x (the covariate: training eps, or measured robust accuracy). */
  points: { x: number; value: number; modelId: string }[];
  /** What the legend says of this line (its Spearman, or its slope). */
  note: string;
}

export interface TrendSummary {
  source: TrendSource;
  /** Spearman over all models. */
  spearman: number | null;
  /** Its permutation p-value (within-architecture shuffles), when the trend was tested. */
  p?: number | null;
}

export function buildTrendSeries(trend: TrendInput, source: TrendSource, mean: TrendMean): TrendSeries[] {
  const byArchitecture = new Map<string, TrendSeries>();
  for (const point of trend.points) {
    const value = mean === 'row' ? point.rowMean : point.columnMean;
    if (value === null) continue;
    let series = byArchitecture.get(point.architectureId);
    if (!series) {
      const stats = trend.architectures.find((a) => a.architectureId === point.architectureId);
      const spearman = (mean === 'row' ? stats?.rowSpearman : stats?.columnSpearman) ?? null;
      series = { architectureId: point.architectureId, source, points: [], note: formatSpearman(spearman) };
      byArchitecture.set(point.architectureId, series);
    }
    series.points.push({
      x: point.eps,
      value,
      modelId: point.modelId,
    });
  }
  return sortSeries([...byArchitecture.values()]);
}

export function summarizeTrend(trend: TrendInput, source: TrendSource, mean: TrendMean): TrendSummary {
  return { source, spearman: (mean === 'row' ? trend.rowSpearman : trend.columnSpearman) ?? null };
}

export function sortSeries(series: TrendSeries[]): TrendSeries[] {
  for (const s of series) s.points.sort((a, b) => a.x - b.x);
  return series.sort((a, b) => a.architectureId.localeCompare(b.architectureId));
}

/** "ρ = 0.83", or "ρ n/a" when undefined (fewer than two distinct eps). */
export function formatSpearman(rho: number | null): string {
  return rho === null ? 'ρ n/a' : `ρ = ${rho.toFixed(2)}`;
}
