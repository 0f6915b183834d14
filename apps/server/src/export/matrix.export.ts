/** A similarity matrix as CSV (wide: one row per row model) or JSON (values, models, trend, provenance). */
import { NotFoundError } from '@simlab/compute';
import type { Queryable } from '../db/database.js';
import { getModels } from '../db/model.queries.js';
import { getMatrices, listCells } from '../db/similarity-matrix.queries.js';
import { toCsv } from './csv.js';

export async function exportMatrix(db: Queryable, id: string, format: 'csv' | 'json'): Promise<string> {
  const [matrix] = await getMatrices(db, [id]);
  if (!matrix) throw new NotFoundError(`no matrix with id ${JSON.stringify(id)}`);
  const byId = new Map((await getModels(db, matrix.modelIds)).map((m) => [m.id, m]));
  const models = matrix.modelIds.map((mid) => {
    const m = byId.get(mid)!;
    return { id: m.id, name: m.name, architecture: m.architectureId, norm: m.norm, eps: m.eps };
  });
  const k = models.length;
  const values = Array.from({ length: k }, () => Array<number | null>(k).fill(null));
  for (const cell of await listCells(db, id)) values[cell.row]![cell.column] = cell.value;
  if (format === 'csv') {
    // Rows are the models whose inversions were used (inverted) or the first side (natural).
    return toCsv(
      ['model', ...models.map((m) => m.name)],
      models.map((m, r) => [m.name, ...values[r]!]),
    );
  }
  return `${JSON.stringify(
    {
      id: matrix.id,
      metric: matrix.metric,
      source: matrix.source,
      status: matrix.status,
      datasetId: matrix.datasetId,
      models,
      values,
      offDiagonalMean: matrix.offDiagonalMean,
      parameters: matrix.params,
      trend: matrix.trend,
      provenance: matrix.provenance,
    },
    null,
    2,
  )}\n`;
}
