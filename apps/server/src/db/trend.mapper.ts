/**
 * A matrix's stored trend (compute's SimilarityTrend, jsonb on similarity_matrix) as GraphQL's RobustnessTrend.
 * Points follow the matrix's model order, so point i is model modelIds[i].
 */
import type { SimilarityTrend, TrendMeasure } from '@simlab/compute';
import type { ArchitectureTrend } from '../schema/architecture-trend.type.js';
import type { RobustnessTrend } from '../schema/robustness-trend.type.js';
import type { TrendPoint } from '../schema/trend-point.type.js';
import type { MatrixRow } from './similarity-matrix.queries.js';

/** The shape matrices finished before the study pipeline stored (kept readable). */
interface LegacyTrend {
  points: TrendPoint[];
  rowSpearman: number | null;
  columnSpearman: number | null;
  architectures: ArchitectureTrend[];
}

export function toTrend(
  matrix: Pick<MatrixRow, 'id' | 'source' | 'modelIds' | 'trend'>,
): RobustnessTrend | null {
  const record = matrix.trend as SimilarityTrend | LegacyTrend | null;
  if (!record) return null;
  if (!('correlations' in record)) return { matrixId: matrix.id, ...record, correlations: [] };
  const [row, column]: TrendMeasure[] =
    matrix.source === 'inverted'
      ? ['invertedRowMean', 'invertedColumnMean']
      : ['naturalRowMean', 'naturalColumnMean'];
  // One rho per group and measure: with robust models of both norms, compute correlates each norm apart; the
  // first (as compute's study summary) stands for the group here, every one is in `correlations`.
  const rho = (group: string, measure: TrendMeasure) =>
    finiteOrNull(record.correlations.find((c) => c.group === group && c.measure === measure)?.rho);
  const architectures = [...new Set(record.points.map((p) => p.architecture))];
  return {
    matrixId: matrix.id,
    points: record.points.map((p, i) => ({
      modelId: matrix.modelIds[i]!,
      architectureId: p.architecture,
      eps: p.eps,
      // Undefined when every model has one architecture (compute's trend then notes 'no trend').
      rowMean: finiteOrNull(p[row]),
      columnMean: finiteOrNull(p[column]),
    })),
    rowSpearman: rho('all', row),
    columnSpearman: rho('all', column),
    architectures: architectures.map((architectureId) => ({
      architectureId,
      models: record.points.filter((p) => p.architecture === architectureId).length,
      rowSpearman: rho(architectureId, row),
      columnSpearman: rho(architectureId, column),
    })),
    correlations: record.correlations.map((c) => ({
      measure: c.measure,
      group: c.group,
      norm: c.norm,
      rho: finiteOrNull(c.rho),
      p: finiteOrNull(c.p),
      n: c.n,
    })),
  };
}

/** GraphQL's Float cannot carry NaN or infinities: a value that is missing or not finite is null. */
function finiteOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}
