import type { ArchitectureTrend } from '../schema/architecture-trend.type.js';
import type { RobustnessTrend } from '../schema/robustness-trend.type.js';
import type { TrendPoint } from '../schema/trend-point.type.js';

/** The trend as the matrix job stores it (jsonb on similarity_matrix). */
export interface TrendRecord {
  points: TrendPoint[];
  rowSpearman: number | null;
  columnSpearman: number | null;
  architectures: ArchitectureTrend[];
}

export function toTrend(matrixId: string, record: unknown): RobustnessTrend | null {
  if (!record) return null;
  const t = record as TrendRecord;
  return {
    matrixId,
    points: t.points,
    rowSpearman: t.rowSpearman,
    columnSpearman: t.columnSpearman,
    architectures: t.architectures,
  };
}
