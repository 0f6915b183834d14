/**
 * Everything a server or worker process holds open: database (migrated), blob store, pub/sub, job queue and,
 * when this process works jobs, a compute pool and a queue worker. Opened once, closed once, no globals.
 */
import { join } from 'node:path';
import { type ComputePool, createComputePool } from './compute/pool.js';
import type { ServerConfig } from './config.js';
import { type BlobStore, createBlobStore } from './db/blob-store.js';
import { type Database, openDatabase } from './db/database.js';
import { migrate } from './db/migrate.js';
import { createPostgresBlobStore } from './db/postgres-blob-store.js';
import { createReadyCache, type ReadyCache } from './db/ready-cache.js';
import type { Logger } from './logger.js';
import { createPubSub, type SimLabPubSub } from './pubsub.js';
import type { JobHandler } from './queue/job-context.js';
import { type JobQueue, startJobQueue } from './queue/queue.js';
import { startReconciler } from './queue/reconcile.js';
import { startWorker, type Worker } from './queue/worker.js';
import {
  DEFAULT_ZOO_DIR,
  registerArchitectures,
  registerZoo,
  storeMissingPixels,
} from './startup/register-catalog.js';

export interface Services {
  config: ServerConfig;
  logger: Logger;
  db: Database;
  blobs: BlobStore;
  /** Rows and serialized answers that can no longer change (READY entities), shared by all requests. */
  ready: ReadyCache;
  pubsub: SimLabPubSub;
  queue: JobQueue;
  compute: ComputePool | undefined;
  worker: Worker | undefined;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Work jobs in this process (default: config.inProcessWorker). */
  worker?: boolean;
  /** Narrow the handlers (tests). */
  handlers?: readonly JobHandler[];
}

export async function openServices(
  config: ServerConfig,
  logger: Logger,
  options: OpenOptions = {},
): Promise<Services> {
  const db = await openDatabase(config.database);
  const closers: (() => Promise<unknown>)[] = [() => db.close()];
  const close = async () => {
    for (const closer of closers.splice(0).reverse())
      await closer().catch((error) => logger.error('close failed', { error: String(error) }));
  };
  try {
    const applied = await migrate(db);
    logger.info('database ready', { kind: db.kind, location: db.location, migrationsApplied: applied });
    // PostgreSQL holds the blobs (the data directory is this machine's cache of them); PGlite, one machine, keeps files.
    const files = createBlobStore(join(config.dataDir, 'blobs'));
    const blobs = db.kind === 'postgres' ? createPostgresBlobStore(db, files) : files;
    const pubsub = await createPubSub(db, logger);
    closers.push(() => pubsub.close());
    const queue = await startJobQueue({ db, pubsub, logger, config: config.queue });
    closers.push(() => queue.stop());
    const stopReconciler = startReconciler({
      db,
      queue,
      logger,
      intervalMs: config.queue.superviseIntervalSeconds * 1000,
    });
    closers.push(async () => stopReconciler());
    await registerArchitectures({ db });
    const services: Services = {
      config,
      logger,
      db,
      blobs,
      ready: createReadyCache(),
      pubsub,
      queue,
      compute: undefined,
      worker: undefined,
      close,
    };
    if (config.registerZoo) {
      for (const dir of config.zooDirs ?? [DEFAULT_ZOO_DIR]) await registerZoo(services, dir);
      await storeMissingPixels(services);
    }
    if (options.worker ?? config.inProcessWorker) {
      const compute = createComputePool({ size: config.computeProcesses, logger });
      services.compute = compute;
      closers.push(() => compute.close());
      const worker = await startWorker({
        db,
        blobs,
        pubsub,
        queue,
        compute,
        logger,
        pollingIntervalSeconds: config.queue.pollingIntervalSeconds,
        handlers: options.handlers,
      });
      services.worker = worker;
      closers.push(() => worker.stop());
    }
    return services;
  } catch (error) {
    await close();
    throw error;
  }
}
