/** Rows of `robust_accuracy`: robust accuracy of a model under a PGD attack. */
import type { Queryable } from './database.js';
import type { EntityStatus } from './dataset.queries.js';

export interface RobustAccuracyParams {
  norm: 'l2' | 'linf';
  eps: number;
  steps: number;
  stepSize: number;
  restarts: number;
  count: number;
  seed: number;
}

export interface RobustAccuracyRow {
  id: string;
  modelId: string;
  datasetId: string;
  status: EntityStatus;
  params: RobustAccuracyParams;
  accuracy: number | null;
  cleanAccuracy: number | null;
  provenance: Record<string, unknown> | null;
  requestKey: string;
  jobId: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

const COLUMNS = `id, model_id AS "modelId", dataset_id AS "datasetId", status, params, accuracy,
  clean_accuracy AS "cleanAccuracy", provenance, request_key AS "requestKey", job_id AS "jobId",
  created_at AS "createdAt", finished_at AS "finishedAt"`;

export async function insertRobustAccuracy(
  db: Queryable,
  r: Pick<RobustAccuracyRow, 'id' | 'modelId' | 'datasetId' | 'params' | 'requestKey' | 'jobId'>,
): Promise<RobustAccuracyRow | undefined> {
  const [row] = await db.query<RobustAccuracyRow>(
    `INSERT INTO robust_accuracy (id, model_id, dataset_id, status, norm, eps, params, request_key, job_id)
     VALUES ($1, $2, $3, 'PENDING', $4, $5, $6, $7, $8) ON CONFLICT (request_key) DO NOTHING RETURNING ${COLUMNS}`,
    [
      r.id,
      r.modelId,
      r.datasetId,
      r.params.norm,
      r.params.eps,
      JSON.stringify(r.params),
      r.requestKey,
      r.jobId,
    ],
  );
  return row;
}

export async function completeRobustAccuracy(
  db: Queryable,
  id: string,
  done: { accuracy: number; cleanAccuracy: number; provenance: Record<string, unknown> },
): Promise<void> {
  await db.query(
    `UPDATE robust_accuracy SET status = 'READY', accuracy = $2, clean_accuracy = $3, provenance = $4,
     finished_at = now() WHERE id = $1`,
    [id, done.accuracy, done.cleanAccuracy, JSON.stringify(done.provenance)],
  );
}

export function getRobustAccuracies(db: Queryable, ids: string[]): Promise<RobustAccuracyRow[]> {
  return db.query<RobustAccuracyRow>(`SELECT ${COLUMNS} FROM robust_accuracy WHERE id = ANY($1)`, [ids]);
}

export async function getRobustAccuracyByKey(
  db: Queryable,
  key: string,
): Promise<RobustAccuracyRow | undefined> {
  const [row] = await db.query<RobustAccuracyRow>(
    `SELECT ${COLUMNS} FROM robust_accuracy WHERE request_key = $1`,
    [key],
  );
  return row;
}

export function listRobustAccuraciesOfModels(
  db: Queryable,
  modelIds: string[],
): Promise<RobustAccuracyRow[]> {
  return db.query<RobustAccuracyRow>(
    `SELECT ${COLUMNS} FROM robust_accuracy WHERE model_id = ANY($1) ORDER BY created_at`,
    [modelIds],
  );
}
