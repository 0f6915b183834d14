/**
 * The job queue: pg-boss over the same database (PGlite through its adapter, or PostgreSQL), plus SimLab's own
 * `job` rows that the API shows and subscriptions stream. Enqueueing writes the row first, so a job is never
 * visible to a worker before it is visible to clients.
 */
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '@simlab/compute';
import { PgBoss } from 'pg-boss';
import type { QueueConfig } from '../config.js';
import type { Database, Queryable } from '../db/database.js';
import { getJob, insertJob, type JobRow, type NewJob, TERMINAL, updateJob } from '../db/job.queries.js';
import { setSubjectStatus } from '../db/subject.queries.js';
import { JobNotCancellableError } from '../errors.js';
import type { Logger } from '../logger.js';
import { type SimLabPubSub, Topic } from '../pubsub.js';
import { JobKind } from '../schema/enums.js';

export const JOB_KINDS: readonly string[] = Object.values(JobKind);

export interface JobQueue {
  readonly boss: PgBoss;
  enqueue(job: Omit<NewJob, 'id'>, db?: Queryable): Promise<JobRow>;
  /** Stops a queued or running job: the row turns CANCELLED at once, the worker holding it aborts. */
  cancel(id: string): Promise<JobRow>;
  /** Writes a change to the row and publishes the new state on `jobUpdated`. */
  update(id: string, change: Parameters<typeof updateJob>[2]): Promise<JobRow | undefined>;
  stop(): Promise<void>;
}

export async function startJobQueue(options: {
  db: Database;
  pubsub: SimLabPubSub;
  logger: Logger;
  config: QueueConfig;
  /** Install pg-boss's schema and run its maintenance (true for servers; workers may skip). */
  supervise?: boolean;
}): Promise<JobQueue> {
  const { db, pubsub, logger, config } = options;
  const boss = new PgBoss({
    ...db.bossConnection(),
    schema: 'pgboss',
    supervise: options.supervise ?? true,
    superviseIntervalSeconds: config.superviseIntervalSeconds,
    // Jobs whose heartbeat stopped (a dead worker) are failed, and so retried, by the monitor pass.
    monitorIntervalSeconds: config.superviseIntervalSeconds,
    useListenNotify: true,
  });
  boss.on('error', (error) => logger.error('pg-boss error', { error: error.message }));
  await boss.start();
  for (const name of JOB_KINDS) {
    await boss.createQueue(name, {
      retryLimit: config.retryLimit,
      retryDelay: config.retryDelaySeconds,
      retryBackoff: true,
      retryDelayMax: 300,
      heartbeatSeconds: config.heartbeatSeconds,
      // Training a zoo member can take an hour on a laptop; the heartbeat, not this, detects dead workers.
      expireInSeconds: 24 * 3600,
      notify: true,
    });
  }

  const publish = async (row: JobRow | undefined) => {
    if (row) await pubsub.publish(Topic.JobUpdated, row);
    return row;
  };

  return {
    boss,
    async enqueue(job, q = db) {
      const id = randomUUID();
      const row = await insertJob(q, { ...job, id });
      try {
        await boss.send(job.kind, { jobId: id }, { id });
      } catch (error) {
        await updateJob(db, id, {
          status: 'FAILED',
          errorCode: 'INTERNAL_SERVER_ERROR',
          errorMessage: 'could not queue',
          finished: true,
        });
        throw error;
      }
      await publish(row);
      return row;
    },
    async cancel(id) {
      const row = await getJob(db, id);
      if (!row) throw new NotFoundError(`no job with id ${JSON.stringify(id)}`);
      if (TERMINAL.includes(row.status)) {
        throw new JobNotCancellableError(
          `job ${id} already ended with status ${row.status}; only queued or running jobs can be cancelled`,
        );
      }
      await boss.cancel(row.kind, id);
      const cancelled = await updateJob(db, id, {
        status: 'CANCELLED',
        finished: true,
        message: 'cancelled',
      });
      await setSubjectStatus(db, row.subjectType, row.subjectId, 'CANCELLED');
      await pubsub.publish(Topic.CancelJob, { jobId: id });
      await publish(cancelled);
      // Another request may have ended it between the read and the update.
      return cancelled ?? (await getJob(db, id))!;
    },
    update: async (id, change) => publish(await updateJob(db, id, change)),
    async stop() {
      await boss.stop({ graceful: false, close: true });
    },
  };
}
