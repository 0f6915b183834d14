/** Rows of `similarity_result`: one CKA value between two models' layers, with baselines and provenance. */
import type { MatrixCell, PredictionAgreement } from '@simlab/compute';
import type { Queryable } from './database.js';
import type { EntityStatus } from './dataset.queries.js';
import { createWhere, type Page, type PageArgs, selectPage } from './page.js';

export interface SimilarityParams {
  /** Natural source: images sampled from the dataset. Inverted: all pairs of the inversion. */
  sampleCount: number | null;
  sampleSeed: number;
  nullPermutations: number;
  bootstrapResamples: number;
  confidenceLevel: number;
  /** RBF only: sigma as a fraction of the median pairwise distance. */
  rbfThreshold: number;
  /** Minibatch only. */
  minibatchSize: number;
  /**
   * A study's natural cells: the images are the targets of the pairs drawn with this seed (and sampleCount
   * of them), as the study's inversions use; absent for images sampled with sampleSeed.
   */
  pairTargetsSeed?: number;
  /**
   * A study's natural cells (and matrices): the pairs were drawn from images from..to-1 of the dataset only (the
   * images its models did not train on, compute's chooseStudyImages); absent: from the whole dataset.
   */
  imageRange?: { from: number; to: number };
  /**
   * A study's convergence cell: on the images its inversion held at this iteration (a checkpoint), not the final
   * ones; absent for every other cell.
   */
  checkpoint?: number;
  /**
   * A study's STIR cell (SPEC §5): model A (= model B) on the natural images (the inversion's targets) against the
   * same model on the inversion, a STIR inversion (noise seeds) through the row model; absent for every other cell.
   */
  stir?: true;
}

export interface SimilarityResultRow {
  id: string;
  metric: string;
  modelAId: string;
  modelBId: string;
  layerA: string;
  layerB: string;
  datasetId: string | null;
  inversionId: string | null;
  status: EntityStatus;
  value: number | null;
  n: number | null;
  p: number | null;
  q: number | null;
  nullMean: number | null;
  nullStd: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** compute's cell as computed (every statistic); null for results stored before migration 004. */
  cell: MatrixCell | null;
  /** Cells on inverted images: the column model's prediction agreement (SPEC §5). */
  agreement: PredictionAgreement | null;
  params: SimilarityParams;
  provenance: Record<string, unknown> | null;
  requestKey: string;
  jobId: string | null;
  createdAt: Date;
}

export const RESULT_COLUMNS = `id, metric, model_a_id AS "modelAId", model_b_id AS "modelBId", layer_a AS "layerA",
  layer_b AS "layerB", dataset_id AS "datasetId", inversion_id AS "inversionId", status, value, n, p, q,
  null_mean AS "nullMean", null_std AS "nullStd", ci_low AS "ciLow", ci_high AS "ciHigh", cell, agreement, params, provenance,
  request_key AS "requestKey", job_id AS "jobId", created_at AS "createdAt"`;

export type NewResult = Pick<
  SimilarityResultRow,
  | 'id'
  | 'metric'
  | 'modelAId'
  | 'modelBId'
  | 'layerA'
  | 'layerB'
  | 'datasetId'
  | 'inversionId'
  | 'params'
  | 'requestKey'
  | 'jobId'
>;

/** Inserts a PENDING result, or returns the one stored under the same request key. */
export async function insertOrGetResult(
  db: Queryable,
  r: NewResult,
): Promise<{ row: SimilarityResultRow; created: boolean }> {
  const [row] = await db.query<SimilarityResultRow>(
    `INSERT INTO similarity_result (id, metric, model_a_id, model_b_id, layer_a, layer_b, dataset_id, inversion_id,
       status, params, request_key, job_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'PENDING', $9, $10, $11)
     ON CONFLICT (request_key) DO NOTHING RETURNING ${RESULT_COLUMNS}`,
    [
      r.id,
      r.metric,
      r.modelAId,
      r.modelBId,
      r.layerA,
      r.layerB,
      r.datasetId,
      r.inversionId,
      JSON.stringify(r.params),
      r.requestKey,
      r.jobId,
    ],
  );
  if (row) return { row, created: true };
  const existing = await getResultByKey(db, r.requestKey);
  return { row: existing!, created: false };
}

export interface ResultValues {
  cell: MatrixCell;
  agreement: PredictionAgreement | null;
  provenance: Record<string, unknown>;
}

/** Stores a computed cell: compute's whole cell, and its headline numbers in columns (filters, exports). */
export async function completeResult(
  db: Queryable,
  id: string,
  { cell, agreement, provenance }: ResultValues,
): Promise<SimilarityResultRow> {
  const [row] = await db.query<SimilarityResultRow>(
    `UPDATE similarity_result SET status = 'READY', value = $2, n = $3, p = $4, q = $5, null_mean = $6, null_std = $7,
       ci_low = $8, ci_high = $9, cell = $10, agreement = $11, provenance = $12, finished_at = now()
     WHERE id = $1 RETURNING ${RESULT_COLUMNS}`,
    [
      id,
      cell.value,
      cell.n,
      cell.p,
      cell.q,
      cell.nullBaseline?.mean ?? null,
      cell.nullBaseline?.std ?? null,
      cell.bootstrap?.lower ?? null,
      cell.bootstrap?.upper ?? null,
      JSON.stringify(cell),
      agreement ? JSON.stringify(agreement) : null,
      JSON.stringify(provenance),
    ],
  );
  return row!;
}

export function getResults(db: Queryable, ids: string[]): Promise<SimilarityResultRow[]> {
  return db.query<SimilarityResultRow>(`SELECT ${RESULT_COLUMNS} FROM similarity_result WHERE id = ANY($1)`, [
    ids,
  ]);
}

export async function getResultByKey(db: Queryable, key: string): Promise<SimilarityResultRow | undefined> {
  const [row] = await db.query<SimilarityResultRow>(
    `SELECT ${RESULT_COLUMNS} FROM similarity_result WHERE request_key = $1`,
    [key],
  );
  return row;
}

/** The results stored under any of `keys`. */
export function getResultsByKeys(db: Queryable, keys: string[]): Promise<SimilarityResultRow[]> {
  return db.query<SimilarityResultRow>(
    `SELECT ${RESULT_COLUMNS} FROM similarity_result WHERE request_key = ANY($1)`,
    [keys],
  );
}

export interface ResultFilter {
  metric?: string | null;
  modelId?: string | null;
  source?: 'natural' | 'inverted' | null;
  datasetId?: string | null;
  inversionId?: string | null;
  matrixId?: string | null;
  status?: EntityStatus | null;
}

function resultWhere(filter: ResultFilter) {
  const w = createWhere();
  w.add('metric = ?', filter.metric);
  w.add('(model_a_id = ? OR model_b_id = ?)', filter.modelId);
  if (filter.source === 'natural') w.where.push('inversion_id IS NULL');
  if (filter.source === 'inverted') w.where.push('inversion_id IS NOT NULL');
  w.add('dataset_id = ?', filter.datasetId);
  w.add('inversion_id = ?', filter.inversionId);
  w.add('status = ?', filter.status);
  w.add('id IN (SELECT result_id FROM similarity_matrix_cell WHERE matrix_id = ?)', filter.matrixId);
  return w;
}

export function listResults(
  db: Queryable,
  filter: ResultFilter,
  page: PageArgs,
): Promise<Page<SimilarityResultRow>> {
  return selectPage<SimilarityResultRow>(
    db,
    { table: 'similarity_result', columns: RESULT_COLUMNS, ...resultWhere(filter) },
    page,
  );
}

/** Every matching result, oldest first, up to `limit` (exports). */
export function exportResults(
  db: Queryable,
  filter: ResultFilter,
  limit: number,
): Promise<SimilarityResultRow[]> {
  const w = resultWhere(filter);
  w.params.push(limit);
  return db.query<SimilarityResultRow>(
    `SELECT ${RESULT_COLUMNS} FROM similarity_result${w.where.length ? ` WHERE ${w.where.join(' AND ')}` : ''}
     ORDER BY created_at, id LIMIT $${w.params.length}`,
    w.params,
  );
}
