/**
 * The one path from a validated request to a stored entity and a queued job, with SPEC §7 deduplication:
 *   - no entity under the request key: insert it PENDING and queue its job;
 *   - one READY: return it, nothing is queued (cached), unless `incomplete` says it lacks something a later
 *     version stores: then a job fills that in while it stays READY;
 *   - one PENDING or RUNNING: return it with the job already computing it (cached);
 *   - one FAILED or CANCELLED: queue a new job for it (a retry by request).
 */

import type { Database } from '../db/database.js';
import type { EntityStatus } from '../db/dataset.queries.js';
import type { JobRow, SubjectType } from '../db/job.queries.js';
import { getJob, TERMINAL } from '../db/job.queries.js';
import { setSubjectJob, setSubjectStatus } from '../db/subject.queries.js';
import type { JobQueue } from '../queue/queue.js';

/** What submitting needs of the server's services: the database and the queue. */
export interface SubmitServices {
  db: Database;
  queue: Pick<JobQueue, 'enqueue'>;
}

export interface SubmitSpec<Row extends { id: string; status: EntityStatus; jobId: string | null }> {
  services: SubmitServices;
  createdBy: string | null;
  kind: string;
  subjectType: SubjectType;
  /** The stored entity under this request key, if any. */
  existing: () => Promise<Row | undefined>;
  /** Inserts the PENDING entity; undefined when another request inserted it first. */
  insert: () => Promise<Row | undefined>;
  /** A READY row this returns true for gets a new job that completes it (it stays READY meanwhile). */
  incomplete?: (row: Row) => boolean;
  /** What the job handler needs besides the entity (usually nothing). */
  input?: Record<string, unknown>;
}

export interface Submitted<Row> {
  row: Row;
  job: JobRow | null;
  cached: boolean;
}

export async function submit<Row extends { id: string; status: EntityStatus; jobId: string | null }>(
  spec: SubmitSpec<Row>,
): Promise<Submitted<Row>> {
  const { services } = spec;
  let row = await spec.existing();
  if (!row) {
    row = await spec.insert();
    if (!row) row = (await spec.existing())!;
    else return { row, job: await enqueue(spec, row.id), cached: false };
  }
  if (row.status === 'READY') {
    if (!spec.incomplete?.(row)) return { row, job: null, cached: true };
    const running = row.jobId ? await getJob(services.db, row.jobId) : undefined;
    if (running && !TERMINAL.includes(running.status)) return { row, job: running, cached: true };
    const job = await enqueue(spec, row.id);
    return { row: { ...row, jobId: job.id }, job, cached: false };
  }
  if (row.status === 'PENDING' || row.status === 'RUNNING') {
    return { row, job: row.jobId ? ((await getJob(services.db, row.jobId)) ?? null) : null, cached: true };
  }
  await setSubjectStatus(services.db, spec.subjectType, row.id, 'PENDING');
  const job = await enqueue(spec, row.id);
  return { row: { ...row, status: 'PENDING', jobId: job.id }, job, cached: false };
}

async function enqueue<Row extends { id: string; status: EntityStatus; jobId: string | null }>(
  spec: SubmitSpec<Row>,
  subjectId: string,
): Promise<JobRow> {
  const job = await spec.services.queue.enqueue({
    kind: spec.kind,
    subjectType: spec.subjectType,
    subjectId,
    input: spec.input ?? {},
    createdBy: spec.createdBy,
  });
  await setSubjectJob(spec.services.db, spec.subjectType, subjectId, job.id);
  return job;
}
