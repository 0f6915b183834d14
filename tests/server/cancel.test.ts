/**
 * cancelJob stops a running inversion: the job is seen RUNNING with a stored batch (over graphql-ws) before the
 * cancel and CANCELLED after it; its compute child stops the task on the cancel message and is idle (the pool
 * hands it the next task); the inversion keeps the batches it finished and stores no more; and the worker goes
 * on to the next job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type JobView,
  mutate,
  registerSynthetic,
  START_INVERSION,
  trainTiny,
  waitForJob,
} from '../../apps/server/src/test-support/api.js';
import { collect, startTestServer, type TestServer } from '../../apps/server/src/test-support/test-server.js';

type JobEvent = { jobUpdated: { id: string; status: string; progress: number; message: string | null } };

describe.each(['pglite', 'postgres'] as const)('cancelling a job on %s', (database) => {
  let t: TestServer;
  let datasetId: string;
  let modelId: string;
  beforeAll(async () => {
    t = await startTestServer({ database, worker: true });
    datasetId = await registerSynthetic(t);
    modelId = await trainTiny(t, { name: 'mlp', architectureId: 'mlp', datasetId });
  });
  afterAll(async () => t?.close());

  it('stops a running inversion and its compute child, keeps its finished batches, and frees the worker', async () => {
    const compute = t.server.services.compute!;
    // Every job's events, subscribed before the job exists so none is missed.
    const events = collect<JobEvent>(
      t.ws(t.tokens.viewer),
      'subscription { jobUpdated { id status progress message } }',
    );
    // Three batches of 3000 iterations: seconds each, so the cancel lands inside batch 2 or 3.
    const long = await mutate<{ inversion: { id: string; batchCount: number }; job: JobView }>(
      t,
      START_INVERSION,
      { input: { modelId, datasetId, pairCount: 12, parameters: { iterations: 3000, batchSize: 4 } } },
    );
    expect(long.inversion.batchCount).toBe(3);
    const mine = (values: JobEvent[]) => values.map((v) => v.jobUpdated).filter((j) => j.id === long.job.id);
    // RUNNING with its first batch stored (progress 1/3), as the subscription tells it.
    await events.until(
      (values) => mine(values).some((j) => j.status === 'RUNNING' && j.progress >= 1 / 3),
      180_000,
    );
    const [child, ...others] = compute.pids();
    expect(others).toEqual([]);

    const cancelled = await t.gql<{ cancelJob: JobView }>(
      'mutation($id: ID!) { cancelJob(id: $id) { status } }',
      { id: long.job.id },
      t.tokens.runner,
    );
    expect(cancelled.data?.cancelJob.status).toBe('CANCELLED');
    await events.until((values) => mine(values).some((j) => j.status === 'CANCELLED'), 60_000);
    expect(mine(events.values).some((j) => j.status === 'COMPLETED')).toBe(false);

    // The child stopped the task on the cancel message: the pool (one child) gives the same process the next
    // task, which it could not do while the remaining batches (seconds each) were still running.
    const info = await compute.run('backend-info', {});
    expect(info.pid).toBe(child);
    expect(compute.pids()).toEqual([child]);

    const read = async () =>
      (
        await t.gql<{ inversion: { status: string; batchesDone: number; batchCount: number } }>(
          'query($id: ID!) { inversion(id: $id) { status batchesDone batchCount } }',
          { id: long.inversion.id },
        )
      ).data!.inversion;
    const atCancel = await read();
    expect(atCancel.status).toBe('CANCELLED');
    expect(atCancel.batchesDone).toBeGreaterThanOrEqual(1);
    expect(atCancel.batchesDone).toBeLessThan(atCancel.batchCount);

    // The worker is free: a short job runs to completion on the same child.
    const next = await mutate<{ job: JobView }>(t, START_INVERSION, {
      input: { modelId, datasetId, pairCount: 4, parameters: { iterations: 2, batchSize: 4 } },
    });
    expect((await waitForJob(t, next.job.id, 60_000)).status).toBe('COMPLETED');
    expect(compute.pids()).toEqual([child]);
    // Nothing of the cancelled inversion was stored after its cancel, even once a later job has run.
    expect(await read()).toEqual(atCancel);

    // Cancelling again is refused: the job already ended.
    const again = await t.gql(
      'mutation($id: ID!) { cancelJob(id: $id) { status } }',
      { id: long.job.id },
      t.tokens.runner,
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('JOB_NOT_CANCELLABLE');
    events.stop();
  });
});
