/**
 * A PostgreSQL test server that runs no worker, and worker processes (`npm run worker`) on its database: for
 * tests that kill a worker mid-job and watch another take the job over.
 */
import { startTestServer, type TestServer } from './test-server.js';
import { spawnWorker, type WorkerProcess } from './worker-process.js';

export interface WorkerCluster {
  t: TestServer;
  /**
   * Starts a worker on the server's database with the cluster's environment, and `env` over it (its own
   * SIMLAB_DATA_DIR, say); resolves once it is ready.
   */
  spawn(env?: Record<string, string>): Promise<WorkerProcess>;
  /** Kills every worker it started and closes the server. */
  close(): Promise<void>;
}

/** @param env what every worker runs with (queue timings, compute processes), besides the database and data dir. */
export async function startWorkerCluster(env: Record<string, string>): Promise<WorkerCluster> {
  const t = await startTestServer({ database: 'postgres', worker: false });
  const shared = {
    ...env,
    DATABASE_URL: (t.database.config as { url: string }).url,
    SIMLAB_DATA_DIR: t.database.dataDir,
  };
  const workers: WorkerProcess[] = [];
  return {
    t,
    async spawn(overrides = {}) {
      const worker = spawnWorker({ ...shared, ...overrides });
      workers.push(worker);
      await worker.ready;
      return worker;
    },
    async close() {
      for (const w of workers) await w.kill();
      await t.close();
    },
  };
}
