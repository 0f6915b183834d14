/** A filtered list of similarity results as CSV (one row per result) or JSON. */
import type { Queryable } from '../db/database.js';
import { exportResults, type ResultFilter } from '../db/similarity-result.queries.js';
import { toCsv } from './csv.js';

/** Exports answer at most this many rows; narrow the filter for more. */
export const EXPORT_LIMIT = 100_000;

const COLUMNS = [
  'id',
  'metric',
  'source',
  'modelAId',
  'modelBId',
  'layerA',
  'layerB',
  'datasetId',
  'inversionId',
  'status',
  'value',
  'n',
  'p',
  'q',
  'nullMean',
  'nullStd',
  'ciLow',
  'ciHigh',
  'createdAt',
] as const;

export async function exportResultList(
  db: Queryable,
  filter: ResultFilter,
  format: 'csv' | 'json',
): Promise<string> {
  const rows = (await exportResults(db, filter, EXPORT_LIMIT)).map((r) => ({
    ...r,
    source: r.inversionId ? 'inverted' : 'natural',
    createdAt: new Date(r.createdAt).toISOString(),
  }));
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  return toCsv(
    COLUMNS,
    rows.map((r) => COLUMNS.map((c) => r[c] as string | number | null)),
  );
}
