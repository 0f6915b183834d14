/** A matrix's robustness trend as CSV (one row per model) or JSON. */
import { NotFoundError } from '@simlab/compute';
import type { Queryable } from '../db/database.js';
import { getMatrices } from '../db/similarity-matrix.queries.js';
import { toTrend } from '../db/trend.mapper.js';
import { NotReadyError } from '../errors.js';
import { toCsv } from './csv.js';

export async function exportTrend(db: Queryable, matrixId: string, format: 'csv' | 'json'): Promise<string> {
  const [matrix] = await getMatrices(db, [matrixId]);
  if (!matrix) throw new NotFoundError(`no matrix with id ${JSON.stringify(matrixId)}`);
  if (!matrix.trend)
    throw new NotReadyError(`matrix ${matrixId} is ${matrix.status}; its trend exists once it is READY`);
  const trend = toTrend(matrix)!;
  if (format === 'json') return `${JSON.stringify(trend, null, 2)}\n`;
  return toCsv(
    ['modelId', 'architectureId', 'eps', 'rowMean', 'columnMean'],
    trend.points.map((p) => [p.modelId, p.architectureId, p.eps, p.rowMean, p.columnMean]),
  );
}
