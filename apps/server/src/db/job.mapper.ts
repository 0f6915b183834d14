import type { JobKind, JobStatus } from '../schema/enums.js';
import type { Job } from '../schema/job.type.js';
import type { JobRow } from './job.queries.js';

const asDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

/** Also maps job events, whose dates arrive as ISO strings after crossing NOTIFY as JSON. */
export function toJob(row: JobRow): Job {
  const startedAt = row.startedAt ? asDate(row.startedAt) : null;
  const finishedAt = row.finishedAt ? asDate(row.finishedAt) : null;
  const end = finishedAt ?? (row.status === 'RUNNING' ? new Date() : null);
  return {
    id: row.id,
    kind: row.kind as JobKind,
    status: row.status as JobStatus,
    progress: row.progress,
    message: row.message,
    attempts: row.attempts,
    worker: row.worker,
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? '' } : null,
    createdAt: asDate(row.createdAt),
    startedAt,
    finishedAt,
    updatedAt: asDate(row.updatedAt),
    durationSeconds: startedAt && end ? (end.getTime() - startedAt.getTime()) / 1000 : null,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
  };
}
