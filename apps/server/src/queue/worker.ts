/**
 * Runs job handlers for every kind on pg-boss, in the server (in-process worker) or in `npm run worker`.
 * Each attempt marks the job RUNNING with this worker's name; expected failures (bad input, a same-label
 * pair) end the job at once, unexpected ones and crashed compute children are retried with backoff.
 */
import os from 'node:os';
import { CancelledError } from '@simlab/compute';
import type { JobWithMetadata } from 'pg-boss';
import type { ComputePool } from '../compute/pool.js';
import { getJobInput } from '../db/job.queries.js';
import { setSubjectStatus } from '../db/subject.queries.js';
import { errorPolicy } from '../error-table.js';
import { describe, errorCode, WorkerCrashedError } from '../errors.js';
import { handlers } from '../jobs/handlers.js';
import { Topic } from '../pubsub.js';
import type { JobContext, JobHandler } from './job-context.js';

export interface WorkerOptions
  extends Omit<JobContext, 'job' | 'input' | 'retryCount' | 'signal' | 'progress'> {
  compute: ComputePool;
  /** Jobs run at once by this process; defaults to the compute pool's size. */
  concurrency?: number;
  pollingIntervalSeconds: number;
  /** Minimum milliseconds between progress writes. Default 250. */
  progressIntervalMs?: number;
  /** Handlers by kind; defaults to all of them (tests may narrow). */
  handlers?: readonly JobHandler[];
}

export interface Worker {
  readonly name: string;
  stop(): Promise<void>;
}

export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const name = `${os.hostname()}:${process.pid}`;
  const { queue, logger, db, pubsub } = options;
  const active = new Map<string, AbortController>();
  let stopping = false;
  const offCancel = pubsub.on(Topic.CancelJob, ({ jobId }) =>
    active.get(jobId)?.abort(new CancelledError(`job ${jobId} cancelled`)),
  );
  const concurrency = options.concurrency ?? options.compute.size;

  async function runOne(handler: JobHandler, job: JobWithMetadata<{ jobId: string }>) {
    const jobId = job.data.jobId;
    const started = await queue.update(jobId, {
      status: 'RUNNING',
      worker: name,
      attempt: true,
      started: true,
      errorCode: null,
      errorMessage: null,
      message: job.retryCount > 0 ? `attempt ${job.retryCount + 1}` : 'started',
    });
    // Cancelled (or otherwise ended) while queued: nothing to do.
    if (!started) return { id: job.id, status: 'completed' as const };
    const controller = new AbortController();
    active.set(jobId, controller);
    const signal = AbortSignal.any([controller.signal, job.signal]);
    let lastWrite = 0;
    const ctx: JobContext = {
      ...options,
      job: started,
      input: await getJobInput(db, jobId),
      retryCount: job.retryCount,
      signal,
      async progress(fraction, message, force = false) {
        const now = Date.now();
        if (!force && now - lastWrite < (options.progressIntervalMs ?? 250)) return;
        lastWrite = now;
        await queue.update(jobId, { progress: Math.min(1, Math.max(0, fraction)), message });
      },
    };
    try {
      await setSubjectStatus(db, started.subjectType, started.subjectId, 'RUNNING');
      await handler.run(ctx);
      await queue.update(jobId, { status: 'COMPLETED', progress: 1, message: 'done', finished: true });
      return { id: job.id, status: 'completed' as const };
    } catch (error) {
      if (stopping) {
        // This process is shutting down: give the job back so another worker (or a restart) resumes it.
        await queue.update(jobId, {
          status: 'RETRYING',
          message: `worker ${name} stopped; waiting for another`,
        });
        throw new WorkerCrashedError(`worker ${name} stopped while running job ${jobId}`);
      }
      if (signal.aborted || error instanceof CancelledError || errorCode(error) === 'CANCELLED') {
        // cancelJob already set the row and the subject; a lost claim leaves the row to the new owner.
        return { id: job.id, status: 'completed' as const };
      }
      const code = errorCode(error);
      const retry = errorPolicy(code).retryable && job.retryCount < job.retryLimit;
      const message = (error as Error)?.message ?? String(error);
      if (code === undefined)
        logger.error('job failed unexpectedly', { jobId, kind: handler.kind, error: describe(error) });
      await queue.update(jobId, {
        status: retry ? 'RETRYING' : 'FAILED',
        errorCode: code ?? 'INTERNAL_SERVER_ERROR',
        errorMessage: code ? message : `unexpected error (${message}); see the worker log`,
        finished: !retry,
      });
      if (retry) throw error;
      await setSubjectStatus(db, started.subjectType, started.subjectId, 'FAILED');
      return { id: job.id, status: 'deadletter' as const, output: describe(error) };
    } finally {
      active.delete(jobId);
    }
  }

  for (const handler of options.handlers ?? handlers) {
    await queue.boss.work<{ jobId: string }>(
      handler.kind,
      {
        includeMetadata: true,
        perJobResults: true,
        batchSize: 1,
        localConcurrency: concurrency,
        pollingIntervalSeconds: options.pollingIntervalSeconds,
        // NOTIFY wakes the worker for new jobs, but not when a retry's delay runs out: keep polling brisk.
        notifyPollingIntervalSeconds: options.pollingIntervalSeconds,
      },
      // includeMetadata is on, so every job carries retryCount and retryLimit.
      async ([job]) => [await runOne(handler, job as JobWithMetadata<{ jobId: string }>)],
    );
  }
  logger.info('worker started', {
    worker: name,
    concurrency,
    kinds: (options.handlers ?? handlers).map((h) => h.kind),
  });

  return {
    name,
    async stop() {
      stopping = true;
      offCancel();
      for (const kind of new Set((options.handlers ?? handlers).map((h) => h.kind))) {
        await queue.boss.offWork(kind, { wait: false }).catch(() => {});
      }
      for (const controller of active.values()) controller.abort(new CancelledError('worker stopping'));
    },
  };
}
