/**
 * Keeps SimLab's job rows true to pg-boss. A job whose worker died on its last allowed attempt is failed by
 * pg-boss's monitor, but no handler is left to say so: this sweep marks such rows FAILED (WORKER_CRASHED), sets
 * their entity FAILED and publishes the change. Runs in every process that owns the queue.
 */
import type { Database } from '../db/database.js';
import { type JobRow, TERMINAL } from '../db/job.queries.js';
import { setSubjectStatus } from '../db/subject.queries.js';
import type { Logger } from '../logger.js';
import type { JobQueue } from './queue.js';

export function startReconciler(options: {
  db: Database;
  queue: JobQueue;
  logger: Logger;
  intervalMs: number;
}): () => void {
  const { db, queue, logger } = options;
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      const lost = await db.query<Pick<JobRow, 'id' | 'subjectType' | 'subjectId'>>(
        `SELECT j.id, j.subject_type AS "subjectType", j.subject_id AS "subjectId"
         FROM job j JOIN pgboss.job b ON b.id = j.id::uuid
         WHERE j.status NOT IN (${TERMINAL.map((s) => `'${s}'`).join(', ')}) AND b.state = 'failed'`,
      );
      for (const job of lost) {
        const row = await queue.update(job.id, {
          status: 'FAILED',
          errorCode: 'WORKER_CRASHED',
          errorMessage:
            'the worker running this job stopped responding on its last attempt; repeat the request',
          finished: true,
        });
        if (row) await setSubjectStatus(db, job.subjectType, job.subjectId, 'FAILED');
      }
    } catch (error) {
      logger.warn('job reconciliation failed', { error: (error as Error).message });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void sweep(), options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
