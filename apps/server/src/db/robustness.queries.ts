/** Rows of `robustness_eval`: robust accuracy of a model under a PGD attack. */
import type { Queryable } from './database.js';
import type { EntityStatus } from './dataset.queries.js';

export interface RobustnessParams {
  norm: 'l2' | 'linf';
  eps: number;
  steps: number;
  stepSize: number;
  restarts: number;
  count: number;
  seed: number;
}

export interface RobustnessRow {
  id: string;
  modelId: string;
  datasetId: string;
  status: EntityStatus;
  params: RobustnessParams;
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

export async function insertRobustness(
  db: Queryable,
  r: Pick<RobustnessRow, 'id' | 'modelId' | 'datasetId' | 'params' | 'requestKey' | 'jobId'>,
): Promise<RobustnessRow | undefined> {
  const [row] = await db.query<RobustnessRow>(
    `INSERT INTO robustness_eval (id, model_id, dataset_id, status, norm, eps, params, request_key, job_id)
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

export async function completeRobustness(
  db: Queryable,
  id: string,
  done: { accuracy: number; cleanAccuracy: number; provenance: Record<string, unknown> },
): Promise<void> {
  await db.query(
    `UPDATE robustness_eval SET status = 'READY', accuracy = $2, clean_accuracy = $3, provenance = $4,
     finished_at = now() WHERE id = $1`,
    [id, done.accuracy, done.cleanAccuracy, JSON.stringify(done.provenance)],
  );
}

export async function setRobustnessStatus(db: Queryable, id: string, status: EntityStatus): Promise<void> {
  await db.query(`UPDATE robustness_eval SET status = $2 WHERE id = $1 AND status <> 'READY'`, [id, status]);
}

export function getRobustness(db: Queryable, ids: string[]): Promise<RobustnessRow[]> {
  return db.query<RobustnessRow>(`SELECT ${COLUMNS} FROM robustness_eval WHERE id = ANY($1)`, [ids]);
}

export async function getRobustnessByKey(db: Queryable, key: string): Promise<RobustnessRow | undefined> {
  const [row] = await db.query<RobustnessRow>(
    `SELECT ${COLUMNS} FROM robustness_eval WHERE request_key = $1`,
    [key],
  );
  return row;
}

export function listRobustnessOfModels(db: Queryable, modelIds: string[]): Promise<RobustnessRow[]> {
  return db.query<RobustnessRow>(
    `SELECT ${COLUMNS} FROM robustness_eval WHERE model_id = ANY($1) ORDER BY created_at`,
    [modelIds],
  );
}
