/**
 * Workers on different machines share only DATABASE_URL: each has its own SIMLAB_DATA_DIR (a cache of the
 * blobs PostgreSQL holds). Two worker processes run one study; the one running it is killed mid-inversion,
 * so the other resumes from batches it never computed (fetched by hash from the database) and completes the
 * study, with every matrix cell stored exactly once.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  JOB_FIELDS,
  type JobView,
  mutate,
  registerSynthetic,
  trainTiny,
  waitForJob,
} from '../../apps/server/src/test-support/api.js';
import { startWorkerCluster, type WorkerCluster } from '../../apps/server/src/test-support/worker-cluster.js';

const K = 3;
const PAIRS = 8;
const STUDY = `mutation($input: StartStudyInput!) { startStudy(input: $input) { study { id } job { ${JOB_FIELDS} } } }`;

describe('two workers without a shared folder (PostgreSQL)', () => {
  let cluster: WorkerCluster | undefined;
  const dirs: string[] = [];
  afterAll(async () => {
    await cluster?.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('complete one study together, with no lost or duplicated cells', async () => {
    cluster = await startWorkerCluster({
      SIMLAB_JOB_HEARTBEAT_SECONDS: '10',
      SIMLAB_SUPERVISE_SECONDS: '1',
      SIMLAB_COMPUTE_PROCESSES: '1',
      SIMLAB_REGISTER_ZOO: '0',
    });
    const { t, spawn } = cluster;
    const db = t.server.services.db;
    const start = async (name: string) => {
      // Each worker its own data directory, as on another machine.
      const dataDir = await mkdtemp(join(os.tmpdir(), `simlab-${name}-`));
      dirs.push(dataDir);
      const worker = await spawn({ SIMLAB_DATA_DIR: dataDir });
      return { worker, dataDir, id: `${os.hostname()}:${worker.child.pid}` };
    };
    const [a, b] = [await start('worker-a'), await start('worker-b')];

    // The upload lands in the server's own data directory and the database; the workers fetch it by hash.
    const datasetId = await registerSynthetic(t);
    const modelIds: string[] = [];
    for (let i = 0; i < K; i++)
      modelIds.push(await trainTiny(t, { name: `mlp-${i}`, architectureId: 'mlp', datasetId, seed: i }));

    const started = await mutate<{ study: { id: string }; job: JobView }>(t, STUDY, {
      input: {
        name: 'two machines',
        modelIds,
        datasetId,
        sampleCount: 32,
        pairCount: PAIRS,
        inversion: { iterations: 60, batchSize: 2 },
      },
    });
    // Kill the worker running the study's work once it has stored some inversion batches.
    const running = await waitFor(async () => {
      const [{ batches }] = await db.query<{ batches: number }>(
        'SELECT count(*)::int AS batches FROM inversion_batch',
      );
      const jobs = await db.query<{ worker: string }>(`SELECT worker FROM job WHERE status = 'RUNNING'`);
      return batches >= 2 ? jobs.find((j) => j.worker === a.id || j.worker === b.id)?.worker : undefined;
    });
    const [killed, survivor] = running === a.id ? [a, b] : [b, a];
    await killed.worker.kill('SIGKILL');
    const byKilled = await db.query<{ sha256: string }>(
      'SELECT images_sha256 AS sha256 FROM inversion_batch WHERE attempt = 0',
    );
    expect(byKilled.length).toBeGreaterThan(0);

    const job = await waitForJob(t, started.job.id, 240_000);
    expect(job.status, JSON.stringify(job.error)).toBe('COMPLETED');
    const [study] = await db.query<{ naturalMatrixId: string; invertedMatrixId: string; status: string }>(
      'SELECT natural_matrix_id AS "naturalMatrixId", inverted_matrix_id AS "invertedMatrixId", status FROM study WHERE id = $1',
      [started.study.id],
    );
    expect(study!.status).toBe('READY');
    for (const [matrixId, results] of [
      [study!.naturalMatrixId, (K * (K + 1)) / 2],
      [study!.invertedMatrixId, K * K],
    ] as const) {
      const [cells] = await db.query<{ cells: number; places: number; results: number }>(
        `SELECT count(*)::int AS cells, count(DISTINCT (row_index, col_index))::int AS places,
           count(DISTINCT result_id)::int AS results FROM similarity_matrix_cell WHERE matrix_id = $1`,
        [matrixId],
      );
      // Natural matrices are symmetric: the lower triangle points at the upper one's results.
      expect(cells).toEqual({ cells: K * K, places: K * K, results });
    }
    const batches = await db.query<{ inversions: number; batches: number; places: number }>(
      `SELECT count(DISTINCT inversion_id)::int AS inversions, count(*)::int AS batches,
         count(DISTINCT (inversion_id, batch_index))::int AS places FROM inversion_batch`,
    );
    expect(batches[0]).toEqual({ inversions: K, batches: (K * PAIRS) / 2, places: (K * PAIRS) / 2 });
    // The survivor read the killed worker's batches from the database into its own cache.
    for (const { sha256 } of byKilled) {
      await expect(
        stat(join(survivor.dataDir, 'blobs', sha256.slice(0, 2), sha256.slice(2))),
      ).resolves.toBeTruthy();
    }
  });
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
