/** Rows of the `job` table: SimLab's view of a queued computation (pg-boss keeps its own, same id). */
import type { Queryable } from './database.js';
import { createWhere, type Page, type PageArgs, selectPage } from './page.js';

export type JobStatus = 'QUEUED' | 'RUNNING' | 'RETRYING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
export type SubjectType =
  | 'Dataset'
  | 'Model'
  | 'RobustAccuracy'
  | 'Inversion'
  | 'SimilarityResult'
  | 'SimilarityMatrix'
  | 'Study';

export interface JobRow {
  id: string;
  kind: string;
  status: JobStatus;
  progress: number;
  message: string | null;
  subjectType: SubjectType;
  subjectId: string;
  attempts: number;
  worker: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: Date | string;
  startedAt: Date | string | null;
  finishedAt: Date | string | null;
  updatedAt: Date | string;
}

export const JOB_COLUMNS = `id, kind, status, progress, message, subject_type AS "subjectType", subject_id AS "subjectId",
  attempts, worker, error_code AS "errorCode", error_message AS "errorMessage", created_at AS "createdAt",
  started_at AS "startedAt", finished_at AS "finishedAt", updated_at AS "updatedAt"`;

export const TERMINAL: readonly JobStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED'];

export interface NewJob {
  id: string;
  kind: string;
  subjectType: SubjectType;
  subjectId: string;
  input: unknown;
  createdBy: string | null;
}

export async function insertJob(db: Queryable, job: NewJob): Promise<JobRow> {
  const [row] = await db.query<JobRow>(
    `INSERT INTO job (id, kind, status, subject_type, subject_id, input, created_by)
     VALUES ($1, $2, 'QUEUED', $3, $4, $5, $6) RETURNING ${JOB_COLUMNS}`,
    [job.id, job.kind, job.subjectType, job.subjectId, JSON.stringify(job.input), job.createdBy],
  );
  return row!;
}

export async function getJob(db: Queryable, id: string): Promise<JobRow | undefined> {
  const [row] = await db.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM job WHERE id = $1`, [id]);
  return row;
}

export async function getJobInput(db: Queryable, id: string): Promise<unknown> {
  const [row] = await db.query<{ input: unknown }>('SELECT input FROM job WHERE id = $1', [id]);
  return row?.input;
}

export interface JobFilter {
  status?: JobStatus | null;
  kind?: string | null;
  subjectId?: string | null;
}

export function listJobs(db: Queryable, filter: JobFilter, page: PageArgs): Promise<Page<JobRow>> {
  const w = createWhere();
  w.add('status = ?', filter.status);
  w.add('kind = ?', filter.kind);
  w.add('subject_id = ?', filter.subjectId);
  return selectPage<JobRow>(db, { table: 'job', columns: JOB_COLUMNS, ...w }, page);
}

/** Applies a change unless the job already ended (a late progress report must not revive a cancelled job). */
export async function updateJob(
  db: Queryable,
  id: string,
  change: Partial<
    Pick<JobRow, 'status' | 'progress' | 'message' | 'worker' | 'errorCode' | 'errorMessage'>
  > & {
    started?: boolean;
    finished?: boolean;
    attempt?: boolean;
  },
): Promise<JobRow | undefined> {
  const sets = ['updated_at = clock_timestamp()'];
  const params: unknown[] = [id];
  const set = (column: string, value: unknown) => {
    if (value === undefined) return;
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  set('status', change.status);
  set('progress', change.progress);
  set('message', change.message);
  set('worker', change.worker);
  set('error_code', change.errorCode);
  set('error_message', change.errorMessage);
  if (change.started) sets.push('started_at = clock_timestamp()');
  if (change.finished) sets.push('finished_at = clock_timestamp()');
  if (change.attempt) sets.push('attempts = attempts + 1');
  const [row] = await db.query<JobRow>(
    `UPDATE job SET ${sets.join(', ')} WHERE id = $1 AND status NOT IN ('COMPLETED', 'FAILED', 'CANCELLED')
     RETURNING ${JOB_COLUMNS}`,
    params,
  );
  return row;
}
