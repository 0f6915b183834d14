/**
 * A study's trend analysis (its report: SPEC §6, issue 9) as chart lines: per covariate (training eps, measured
 * robust accuracy), one line per architecture and source, with each test's Spearman rho and permutation p, and
 * each architecture's slope.
 */
import { formatP } from '../study/cell-statistics';
import {
  sortSeries,
  type TrendMean,
  type TrendSeries,
  type TrendSource,
  type TrendSummary,
} from './trend-series';

export type TrendCovariateName = 'EPS' | 'ROBUST_ACCURACY';

export interface StudyTrendInput {
  points: readonly {
    modelId: string;
    architectureId: string;
    eps: number;
    robustAccuracy: number | null;
    invertedRowMean: number | null;
    invertedColumnMean: number | null;
    naturalRowMean: number | null;
    naturalColumnMean: number | null;
  }[];
  tests: readonly {
    source: string;
    axis: string;
    covariate: TrendCovariateName;
    rho: number | null;
    pValue: number | null;
    slopes: readonly { architectureId: string; slope: number | null }[];
  }[];
}

const SOURCES: readonly TrendSource[] = ['inverted', 'natural'];

export function studyTrendSeries(
  trend: StudyTrendInput,
  covariate: TrendCovariateName,
  mean: TrendMean,
): { series: TrendSeries[]; summaries: TrendSummary[] } {
  const series: TrendSeries[] = [];
  const summaries: TrendSummary[] = [];
  for (const source of SOURCES) {
    const measure = `${source}${mean === 'row' ? 'Row' : 'Column'}Mean` as const;
    const test = trend.tests.find((t) => t.covariate === covariate && t.source === source && t.axis === mean);
    const byArchitecture = new Map<string, TrendSeries>();
    for (const p of trend.points) {
      const x = covariate === 'EPS' ? p.eps : p.robustAccuracy;
      const value = p[measure];
      if (x === null || value === null) continue;
      let line = byArchitecture.get(p.architectureId);
      if (!line) {
        const slope = test?.slopes.find((s) => s.architectureId === p.architectureId)?.slope;
        const note = slope == null ? 'slope n/a' : `slope ${slope >= 0 ? '+' : ''}${slope.toFixed(3)}`;
        line = { architectureId: p.architectureId, source, points: [], note };
        byArchitecture.set(p.architectureId, line);
      }
      line.points.push({ x, value, modelId: p.modelId });
    }
    if (byArchitecture.size === 0) continue;
    series.push(...byArchitecture.values());
    summaries.push({ source, spearman: test?.rho ?? null, p: test?.pValue ?? null });
  }
  return { series: sortSeries(series), summaries };
}

/** "ρ = 0.83, permutation p = 0.012" (or without p when untested). */
export function formatTrendTest(summary: TrendSummary): string {
  const rho = summary.spearman === null ? 'ρ n/a' : `ρ = ${summary.spearman.toFixed(2)}`;
  return summary.p == null ? rho : `${rho}, permutation p = ${formatP(summary.p)}`;
}
