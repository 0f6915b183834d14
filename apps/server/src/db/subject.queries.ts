/** Sets the status of whatever entity a job produces, by the job's subject type. */
import type { Queryable } from './database.js';
import type { EntityStatus } from './dataset.queries.js';
import type { SubjectType } from './job.queries.js';

const TABLE: Record<SubjectType, string> = {
  Dataset: 'dataset',
  Model: 'model',
  RobustAccuracy: 'robust_accuracy',
  Inversion: 'inversion',
  SimilarityResult: 'similarity_result',
  SimilarityMatrix: 'similarity_matrix',
  Study: 'study',
};

/**
 * A READY entity keeps its status: its result stands even if a later job about it fails. With `jobId`, points
 * the entity at that job too (a study's matrices and inversions run under the study's job).
 */
export async function setSubjectStatus(
  db: Queryable,
  type: SubjectType,
  id: string,
  status: EntityStatus,
  jobId?: string,
): Promise<void> {
  await db.query(
    `UPDATE ${TABLE[type]} SET status = $2, job_id = coalesce($3, job_id) WHERE id = $1 AND status <> 'READY'`,
    [id, status, jobId ?? null],
  );
}

/** Points an entity at the job currently computing it. */
export async function setSubjectJob(
  db: Queryable,
  type: SubjectType,
  id: string,
  jobId: string,
): Promise<void> {
  await db.query(`UPDATE ${TABLE[type]} SET job_id = $2 WHERE id = $1`, [id, jobId]);
}
