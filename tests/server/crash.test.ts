/**
 * Crash recovery: the process running an inversion is killed (SIGKILL) after a few batches; the job is picked
 * up again and completes, resuming after the last stored batch, with every batch stored exactly once.
 *   PostgreSQL: a separate worker process (`npm run worker`) dies; a second worker takes over.
 *   PGlite: the server process itself dies (its worker is in-process); a restarted server takes over.
 */
import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { createToken } from '../../apps/server/src/auth/tokens.js';
import { openDatabase } from '../../apps/server/src/db/database.js';
import { migrate } from '../../apps/server/src/db/migrate.js';
import {
  type JobView,
  mutate,
  registerSynthetic,
  START_INVERSION,
  trainTiny,
  waitForJob,
} from '../../apps/server/src/test-support/api.js';
import { createTestDatabase } from '../../apps/server/src/test-support/databases.js';
import { collect, startTestServer, type TestServer } from '../../apps/server/src/test-support/test-server.js';
import { startWorkerCluster, type WorkerCluster } from '../../apps/server/src/test-support/worker-cluster.js';
import { spawnServer } from '../../apps/server/src/test-support/worker-process.js';

/** 12 batches of 2 pairs, long enough per batch that the kill lands mid-run. */
const INVERSION = { pairCount: 24, pairSeed: 5, parameters: { iterations: 60, batchSize: 2 } };
const QUEUE_ENV = {
  SIMLAB_JOB_HEARTBEAT_SECONDS: '10',
  SIMLAB_SUPERVISE_SECONDS: '1',
  SIMLAB_COMPUTE_PROCESSES: '1',
  SIMLAB_REGISTER_ZOO: '0',
  SIMLAB_JOB_RETRIES: '2',
};

interface InversionView {
  status: string;
  batchCount: number;
  batchesDone: number;
  batches: { index: number; attempt: number }[];
  provenance: { timings: { resumedFromBatch: number } } | null;
}

const INVERSION_QUERY = `query($id: ID!) { inversion(id: $id) { status batchCount batchesDone batches { index attempt }
  provenance { timings } } }`;

async function waitForBatches(read: () => Promise<InversionView>, count: number): Promise<InversionView> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const inversion = await read();
    if (inversion.batchesDone >= count) return inversion;
    if (Date.now() > deadline) throw new Error(`only ${inversion.batchesDone} batches after 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function expectResumedWithoutLoss(inversion: InversionView, killedAfter: number): void {
  expect(inversion.status).toBe('READY');
  expect(inversion.batches.map((b) => b.index)).toEqual([...Array(inversion.batchCount).keys()]);
  const resumedFrom = inversion.provenance!.timings.resumedFromBatch;
  // The second attempt started after the batches the first one stored, and redid none of them.
  expect(resumedFrom).toBeGreaterThanOrEqual(killedAfter);
  expect(resumedFrom).toBeLessThan(inversion.batchCount);
  expect(inversion.batches.filter((b) => b.attempt === 0).map((b) => b.index)).toEqual([
    ...Array(resumedFrom).keys(),
  ]);
  expect(inversion.batches.slice(resumedFrom).every((b) => b.attempt > 0)).toBe(true);
}

describe('a worker process killed mid-inversion (PostgreSQL)', () => {
  let cluster: WorkerCluster | undefined;
  afterAll(() => cluster?.close());

  it('is replaced by another worker that resumes after the last stored batch', async () => {
    cluster = await startWorkerCluster(QUEUE_ENV);
    const { t } = cluster;
    const first = await cluster.spawn();
    const datasetId = await registerSynthetic(t);
    const modelId = await trainTiny(t, { name: 'mlp', architectureId: 'mlp', datasetId });
    // The server runs no worker: every job event below crossed from a worker process through NOTIFY.
    const events = collect<{ jobUpdated: { id: string; status: string; worker: string | null } }>(
      t.ws(t.tokens.viewer),
      'subscription { jobUpdated { id status worker } }',
    );
    const started = await mutate<{ inversion: { id: string }; job: JobView }>(t, START_INVERSION, {
      input: { modelId, datasetId, ...INVERSION },
    });
    const read = async () =>
      (await t.gql<{ inversion: InversionView }>(INVERSION_QUERY, { id: started.inversion.id })).data!
        .inversion;
    const before = await waitForBatches(read, 2);
    expect(before.batchesDone).toBeLessThan(before.batchCount);
    await first.kill('SIGKILL');
    const killedAfter = (await read()).batchesDone;

    const second = await cluster.spawn();
    const job = await waitForJob(t, started.job.id, 120_000);
    expect(job).toMatchObject({ status: 'COMPLETED', attempts: 2 });
    expect(job.worker).toBe(`${os.hostname()}:${second.child.pid}`);
    expectResumedWithoutLoss(await read(), killedAfter);
    const seen = (
      await events.until((v) =>
        v.some((e) => e.jobUpdated.id === started.job.id && e.jobUpdated.status === 'COMPLETED'),
      )
    )
      .map((e) => e.jobUpdated)
      .filter((e) => e.id === started.job.id);
    const workersSeen = [...new Set(seen.map((e) => e.worker).filter(Boolean))];
    expect(workersSeen).toEqual([
      `${os.hostname()}:${first.child.pid}`,
      `${os.hostname()}:${second.child.pid}`,
    ]);
    events.stop();
  });
});

describe('a server killed mid-inversion (PGlite)', () => {
  let restarted: TestServer | undefined;
  let first: ReturnType<typeof spawnServer> | undefined;
  afterAll(async () => {
    await first?.kill();
    await restarted?.close();
  });

  it('resumes the inversion after a restart on the same data', async () => {
    const database = await createTestDatabase('pglite');
    // Tokens go in before the server starts: an embedded database serves one process at a time.
    const db = await openDatabase(database.config);
    await migrate(db);
    const { token } = await createToken(db, 'crash test', 'runner');
    await db.close();

    first = spawnServer({ ...QUEUE_ENV, SIMLAB_DATA_DIR: database.dataDir });
    await first.ready;
    const url = first.url();
    const gql = async <T>(query: string, variables: Record<string, unknown>) => {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return ((await res.json()) as { data: T }).data;
    };
    const remote = {
      url,
      tokens: { runner: token, viewer: token, admin: token },
      gql: async (q: string, v?: Record<string, unknown>) => ({ status: 200, data: await gql(q, v ?? {}) }),
    } as unknown as TestServer;
    const datasetId = await registerSynthetic(remote);
    const modelId = await trainTiny(remote, { name: 'mlp', architectureId: 'mlp', datasetId });
    const started = await mutate<{ inversion: { id: string }; job: JobView }>(remote, START_INVERSION, {
      input: { modelId, datasetId, ...INVERSION },
    });
    const readRemote = async () =>
      (await gql<{ inversion: InversionView }>(INVERSION_QUERY, { id: started.inversion.id })).inversion;
    await waitForBatches(readRemote, 2);
    await first.kill('SIGKILL');

    restarted = await startTestServer({ database: 'pglite', reuse: database, worker: true });
    const killedAfter = (
      await restarted.gql<{ inversion: InversionView }>(INVERSION_QUERY, { id: started.inversion.id })
    ).data!.inversion.batchesDone;
    const job = await waitForJob(restarted, started.job.id, 120_000);
    expect(job).toMatchObject({ status: 'COMPLETED', attempts: 2 });
    const inversion = (
      await restarted.gql<{ inversion: InversionView }>(INVERSION_QUERY, { id: started.inversion.id })
    ).data!.inversion;
    expectResumedWithoutLoss(inversion, killedAfter);
    await database.drop();
  });
});
