/** Rows of `similarity_matrix` and its cells (each cell points at a similarity_result). */
import type { Queryable } from './database.js';
import type { EntityStatus } from './dataset.queries.js';
import type { InversionParams } from './inversion.queries.js';
import { createWhere, type Page, type PageArgs, selectPage } from './page.js';
import type { SimilarityParams } from './similarity-result.queries.js';

export interface MatrixParams extends SimilarityParams {
  layer: string;
  /** Inverted matrices: pairs per row-model inversion and the pair sampler's seed. */
  pairCount: number | null;
  pairSeed: number | null;
  inversion: InversionParams | null;
}

export interface MatrixRow {
  id: string;
  metric: string;
  source: 'natural' | 'inverted';
  datasetId: string;
  modelIds: string[];
  status: EntityStatus;
  params: MatrixParams;
  offDiagonalMean: number | null;
  /** values[row][column], stored once READY so reading a finished matrix is one row. */
  values: number[][] | null;
  trend: unknown;
  provenance: Record<string, unknown> | null;
  requestKey: string;
  jobId: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface CellRow {
  row: number;
  column: number;
  resultId: string;
  value: number | null;
}

const COLUMNS = `id, metric, source, dataset_id AS "datasetId", model_ids AS "modelIds", status, params,
  off_diagonal_mean AS "offDiagonalMean", values, trend, provenance, request_key AS "requestKey", job_id AS "jobId",
  created_at AS "createdAt", finished_at AS "finishedAt"`;

export type NewMatrix = Pick<
  MatrixRow,
  'id' | 'metric' | 'source' | 'datasetId' | 'modelIds' | 'params' | 'requestKey' | 'jobId'
>;

export async function insertMatrix(db: Queryable, m: NewMatrix): Promise<MatrixRow | undefined> {
  const [row] = await db.query<MatrixRow>(
    `INSERT INTO similarity_matrix (id, metric, source, dataset_id, model_ids, status, params, request_key, job_id)
     VALUES ($1, $2, $3, $4, $5, 'PENDING', $6, $7, $8) ON CONFLICT (request_key) DO NOTHING RETURNING ${COLUMNS}`,
    [
      m.id,
      m.metric,
      m.source,
      m.datasetId,
      JSON.stringify(m.modelIds),
      JSON.stringify(m.params),
      m.requestKey,
      m.jobId,
    ],
  );
  return row;
}

export function getMatrices(db: Queryable, ids: string[]): Promise<MatrixRow[]> {
  return db.query<MatrixRow>(`SELECT ${COLUMNS} FROM similarity_matrix WHERE id = ANY($1)`, [ids]);
}

export async function getMatrixByKey(db: Queryable, key: string): Promise<MatrixRow | undefined> {
  const [row] = await db.query<MatrixRow>(`SELECT ${COLUMNS} FROM similarity_matrix WHERE request_key = $1`, [
    key,
  ]);
  return row;
}

export async function completeMatrix(
  db: Queryable,
  id: string,
  done: { offDiagonalMean: number; values: number[][]; trend: unknown; provenance: Record<string, unknown> },
): Promise<void> {
  await db.query(
    `UPDATE similarity_matrix SET status = 'READY', off_diagonal_mean = $2, values = $3, trend = $4, provenance = $5,
     finished_at = now() WHERE id = $1`,
    [
      id,
      done.offDiagonalMean,
      JSON.stringify(done.values),
      JSON.stringify(done.trend),
      JSON.stringify(done.provenance),
    ],
  );
}

export async function insertCell(
  db: Queryable,
  matrixId: string,
  cell: Omit<CellRow, 'value'>,
): Promise<void> {
  await db.query(
    `INSERT INTO similarity_matrix_cell (matrix_id, row_index, col_index, result_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING`,
    [matrixId, cell.row, cell.column, cell.resultId],
  );
}

/** Every stored cell with its value, in one query (the matrix view's hot path). */
export function listCells(db: Queryable, matrixId: string): Promise<CellRow[]> {
  return db.query<CellRow>(
    `SELECT c.row_index AS "row", c.col_index AS "column", c.result_id AS "resultId", r.value
     FROM similarity_matrix_cell c JOIN similarity_result r ON r.id = c.result_id
     WHERE c.matrix_id = $1 ORDER BY c.row_index, c.col_index`,
    [matrixId],
  );
}

export interface MatrixFilter {
  metric?: string | null;
  source?: string | null;
  status?: EntityStatus | null;
  datasetId?: string | null;
}

export function listMatrices(db: Queryable, filter: MatrixFilter, page: PageArgs): Promise<Page<MatrixRow>> {
  const w = createWhere();
  w.add('metric = ?', filter.metric);
  w.add('source = ?', filter.source);
  w.add('status = ?', filter.status);
  w.add('dataset_id = ?', filter.datasetId);
  return selectPage<MatrixRow>(db, { table: 'similarity_matrix', columns: COLUMNS, ...w }, page);
}

/** The SimilarityParams part of a matrix's parameters. */
export function cellParams(params: MatrixParams): SimilarityParams {
  return {
    sampleCount: params.sampleCount,
    sampleSeed: params.sampleSeed,
    nullPermutations: params.nullPermutations,
    bootstrapResamples: params.bootstrapResamples,
    confidenceLevel: params.confidenceLevel,
    rbfThreshold: params.rbfThreshold,
    minibatchSize: params.minibatchSize,
  };
}
