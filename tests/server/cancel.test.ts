/**
 * cancelJob stops a running inversion within moments: the job turns CANCELLED (seen live over graphql-ws),
 * the inversion keeps the batches it finished and stores no more, and the worker goes on to the next job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type JobView,
  mutate,
  registerUploaded,
  START_INVERSION,
  trainTiny,
  waitForJob,
} from '../../apps/server/src/test-support/api.js';
import { syntheticDataset } from '../../apps/server/src/test-support/synthetic-dataset.js';
import { collect, startTestServer, type TestServer } from '../../apps/server/src/test-support/test-server.js';

describe.each(['pglite', 'postgres'] as const)('cancelling a job on %s', (database) => {
  let t: TestServer;
  let datasetId: string;
  let modelId: string;
  beforeAll(async () => {
    t = await startTestServer({ database, worker: true });
    datasetId = await registerUploaded(t, 'synthetic', syntheticDataset({ count: 64, size: 8, classes: 4 }));
    modelId = await trainTiny(t, { name: 'mlp', architectureId: 'mlp', datasetId });
  });
  afterAll(async () => t?.close());

  it('stops a running inversion, keeps its finished batches, and frees the worker', async () => {
    const long = await mutate<{ inversion: { id: string }; job: JobView }>(t, START_INVERSION, {
      input: { modelId, datasetId, pairCount: 24, parameters: { iterations: 2000, batchSize: 4 } },
    });
    const events = collect<{ jobUpdated: { status: string } }>(
      t.ws(t.tokens.viewer),
      'subscription($id: ID) { jobUpdated(id: $id) { status } }',
      {
        id: long.job.id,
      },
    );
    // Wait until it is visibly computing (progress reported), then cancel.
    for (let i = 0; i < 600; i++) {
      const job = (
        await t.gql<{ job: JobView }>('query($id: ID!) { job(id: $id) { status progress } }', {
          id: long.job.id,
        })
      ).data!.job;
      if (job.status === 'RUNNING' && job.progress > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const cancelled = await t.gql<{ cancelJob: JobView }>(
      'mutation($id: ID!) { cancelJob(id: $id) { status } }',
      { id: long.job.id },
      t.tokens.runner,
    );
    expect(cancelled.data?.cancelJob.status).toBe('CANCELLED');
    await events.until((values) => values.some((v) => v.jobUpdated.status === 'CANCELLED'));
    const read = async () =>
      (
        await t.gql<{ inversion: { status: string; batchesDone: number } }>(
          'query($id: ID!) { inversion(id: $id) { status batchesDone } }',
          { id: long.inversion.id },
        )
      ).data!.inversion;
    const right = await read();
    expect(right.status).toBe('CANCELLED');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await read()).batchesDone).toBe(right.batchesDone);

    // The worker is free: a short job runs to completion.
    const next = await mutate<{ job: JobView }>(t, START_INVERSION, {
      input: { modelId, datasetId, pairCount: 4, parameters: { iterations: 2, batchSize: 4 } },
    });
    expect((await waitForJob(t, next.job.id, 60_000)).status).toBe('COMPLETED');

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
