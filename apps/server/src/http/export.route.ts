/**
 * CSV/JSON exports for analysis scripts:
 *   GET /export/matrix/<id>.csv|json        a matrix (wide CSV) with models, values, trend
 *   GET /export/trend/<matrixId>.csv|json   robustness trend points
 *   GET /export/results.csv|json?metric=&modelId=&source=&datasetId=&inversionId=&matrixId=&status=
 */
import type { ServerResponse } from 'node:http';
import { InvalidArgumentError, NotFoundError } from '@simlab/compute';
import type { Queryable } from '../db/database.js';
import type { ResultFilter } from '../db/similarity-result.queries.js';
import { exportMatrix } from '../export/matrix.export.js';
import { exportResultList } from '../export/results.export.js';
import { exportTrend } from '../export/trend.export.js';

const CONTENT_TYPE = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' };
const FILTER_KEYS = [
  'metric',
  'modelId',
  'source',
  'datasetId',
  'inversionId',
  'matrixId',
  'status',
] as const;

export async function handleExport(url: URL, res: ServerResponse, db: Queryable): Promise<void> {
  const path = url.pathname;
  const matrix = /^\/export\/matrix\/([^/]+)\.(csv|json)$/.exec(path);
  const trend = /^\/export\/trend\/([^/]+)\.(csv|json)$/.exec(path);
  const results = /^\/export\/results\.(csv|json)$/.exec(path);
  let body: string;
  let format: 'csv' | 'json';
  if (matrix) {
    format = matrix[2] as 'csv' | 'json';
    body = await exportMatrix(db, decodeURIComponent(matrix[1]!), format);
  } else if (trend) {
    format = trend[2] as 'csv' | 'json';
    body = await exportTrend(db, decodeURIComponent(trend[1]!), format);
  } else if (results) {
    format = results[1] as 'csv' | 'json';
    body = await exportResultList(db, resultFilter(url.searchParams), format);
  } else {
    throw new NotFoundError(
      `no export at ${path}; see /export/matrix/<id>.csv, /export/trend/<id>.csv, /export/results.csv`,
    );
  }
  res.writeHead(200, { 'content-type': CONTENT_TYPE[format], 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function resultFilter(params: URLSearchParams): ResultFilter {
  for (const key of params.keys()) {
    if (!(FILTER_KEYS as readonly string[]).includes(key)) {
      throw new InvalidArgumentError(`unknown filter ${JSON.stringify(key)}; use ${FILTER_KEYS.join(', ')}`);
    }
  }
  const source = params.get('source');
  if (source !== null && source !== 'natural' && source !== 'inverted') {
    throw new InvalidArgumentError(`source ${JSON.stringify(source)} must be natural or inverted`);
  }
  return {
    metric: params.get('metric'),
    modelId: params.get('modelId'),
    source,
    datasetId: params.get('datasetId'),
    inversionId: params.get('inversionId'),
    matrixId: params.get('matrixId'),
    status: params.get('status') as ResultFilter['status'],
  };
}
