/** Turns robustness trends (SPEC §6) into one line per architecture and source for the trend chart. */

export type TrendSource = 'natural' | 'inverted';
/** Row mean: the others compared on this model's inversions; column mean: this model on the others'. */
export type TrendMean = 'row' | 'column';

export interface TrendInput {
  points: readonly {
    modelId: string;
    architectureId: string;
    eps: number;
    rowMean: number;
    columnMean: number;
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
  /** Sorted by eps. */
  points: { eps: number; value: number; modelId: string }[];
  /** Spearman rank correlation of eps with the plotted mean, within this architecture. */
  spearman: number | null;
}

export interface TrendSummary {
  source: TrendSource;
  /** Spearman over all models. */
  spearman: number | null;
}

export function buildTrendSeries(trend: TrendInput, source: TrendSource, mean: TrendMean): TrendSeries[] {
  const byArchitecture = new Map<string, TrendSeries>();
  for (const point of trend.points) {
    let series = byArchitecture.get(point.architectureId);
    if (!series) {
      const stats = trend.architectures.find((a) => a.architectureId === point.architectureId);
      const spearman = (mean === 'row' ? stats?.rowSpearman : stats?.columnSpearman) ?? null;
      series = { architectureId: point.architectureId, source, points: [], spearman };
      byArchitecture.set(point.architectureId, series);
    }
    series.points.push({
      eps: point.eps,
      value: mean === 'row' ? point.rowMean : point.columnMean,
      modelId: point.modelId,
    });
  }
  for (const series of byArchitecture.values()) series.points.sort((a, b) => a.eps - b.eps);
  return [...byArchitecture.values()].sort((a, b) => a.architectureId.localeCompare(b.architectureId));
}

export function summarizeTrend(trend: TrendInput, source: TrendSource, mean: TrendMean): TrendSummary {
  return { source, spearman: (mean === 'row' ? trend.rowSpearman : trend.columnSpearman) ?? null };
}

/** "ρ = 0.83", or "ρ n/a" when undefined (fewer than two distinct eps). */
export function formatSpearman(rho: number | null): string {
  return rho === null ? 'ρ n/a' : `ρ = ${rho.toFixed(2)}`;
}
