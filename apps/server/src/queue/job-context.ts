/** What a job handler receives: its input, the services to load and store with, compute, and progress. */

import type { ComputePool } from '../compute/pool.js';
import type { BlobStore } from '../db/blob-store.js';
import type { Database } from '../db/database.js';
import type { JobRow } from '../db/job.queries.js';
import type { Logger } from '../logger.js';
import type { SimLabPubSub } from '../pubsub.js';
import type { JobQueue } from './queue.js';

export interface JobContext<I = unknown> {
  job: JobRow;
  input: I;
  /** 0 for the first attempt; a retry (after a crash) resumes from what earlier attempts stored. */
  retryCount: number;
  db: Database;
  blobs: BlobStore;
  pubsub: SimLabPubSub;
  queue: JobQueue;
  compute: ComputePool;
  logger: Logger;
  /** Aborted when the job is cancelled or this worker loses its claim. */
  signal: AbortSignal;
  /** Reports progress (0..1); throttled unless `force`, published on `jobUpdated`. */
  progress(fraction: number, message?: string, force?: boolean): Promise<void>;
}

export interface JobHandler<I = unknown> {
  kind: string;
  run(ctx: JobContext<I>): Promise<void>;
}
