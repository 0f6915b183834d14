/**
 * A study report's trend (compute's SimilarityTrend: points, permutation trend tests, notes) as GraphQL's
 * StudyTrend. Points follow the report's model order, which is the study's.
 */
import type { StudyReport, TrendCorrelation } from '@simlab/compute';
import type { StudyTrend } from '../schema/study-trend.type.js';
import { TrendCovariate, type TrendTest } from '../schema/trend-test.type.js';
import { finite } from './cell-statistics.mapper.js';

export function toStudyTrend(report: StudyReport, modelIds: readonly string[]): StudyTrend {
  const { trend } = report;
  const index = new Map(report.models.map((m, i) => [m.id, i]));
  return {
    cells: trend.cells,
    values: trend.values,
    points: trend.points.map((p, i) => ({
      modelId: modelIds[i]!,
      architectureId: p.architecture,
      eps: p.eps,
      norm: p.norm,
      robustAccuracy: finite(p.robustAccuracy),
      invertedRowMean: finite(p.invertedRowMean),
      invertedColumnMean: finite(p.invertedColumnMean),
      naturalRowMean: finite(p.naturalRowMean),
      naturalColumnMean: finite(p.naturalColumnMean),
    })),
    tests: trend.correlations.map(toTrendTest),
    notes: trend.notes,
    robustAccuracyEps: trend.robustness?.eps ?? null,
    robustAccuracyNorm: trend.robustness?.norm ?? null,
    modelsWithoutRobustAccuracy: (trend.robustness?.missing ?? []).map((id) => modelIds[index.get(id)!]!),
  };
}

function toTrendTest(c: TrendCorrelation): TrendTest {
  const [, source, axis] = /^(inverted|natural)(Row|Column)Mean$/.exec(c.measure) ?? [];
  return {
    measure: c.measure,
    source: source ?? c.measure,
    axis: axis?.toLowerCase() ?? c.measure,
    covariate: c.covariate === 'eps' ? TrendCovariate.EPS : TrendCovariate.ROBUST_ACCURACY,
    norm: c.norm,
    rho: finite(c.rho),
    pValue: finite(c.p),
    n: c.n,
    permutations: c.test.permutations,
    seed: c.test.seed,
    shuffle: c.test.shuffle,
    slopes: c.test.slopes.map((s) => ({
      architectureId: s.architecture,
      models: s.models,
      slope: finite(s.slope),
    })),
    meanSlope: finite(c.test.meanSlope),
  };
}
