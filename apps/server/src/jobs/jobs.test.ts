import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  JOB_FIELDS,
  type JobView,
  mutate,
  registerSynthetic,
  START_INVERSION,
  trainTiny,
  waitForJob,
} from '../test-support/api.js';
import { collect, startTestServer, type TestServer } from '../test-support/test-server.js';

describe('jobs on the in-process worker (PGlite)', () => {
  let t: TestServer;
  let datasetId: string;
  let modelId: string;
  beforeAll(async () => {
    t = await startTestServer({ database: 'pglite', worker: true });
    datasetId = await registerSynthetic(t);
    modelId = await trainTiny(t, { name: 'mlp-0', architectureId: 'mlp', datasetId });
  });
  afterAll(async () => t?.close());

  it('loads an uploaded dataset and records its hash, shape and class counts', async () => {
    const res = await t.gql<{ dataset: Record<string, unknown> }>(
      'query($id: ID!) { dataset(id: $id) { status count imageShape classCounts contentHash } }',
      { id: datasetId },
    );
    expect(res.data?.dataset).toMatchObject({
      status: 'READY',
      count: 64,
      imageShape: [8, 8, 1],
      classCounts: [16, 16, 16, 16],
    });
    expect(res.data?.dataset.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('trains a model and stores its checkpoint, card and evaluation', async () => {
    const res = await t.gql<{ model: Record<string, unknown> & { robustness: unknown[] } }>(
      `query($id: ID!) { model(id: $id) { status weightsHash inputShape classes cleanAccuracy eps
         architecture { id } robustness { status accuracy eps } } }`,
      { id: modelId },
    );
    expect(res.data?.model).toMatchObject({
      status: 'READY',
      inputShape: [8, 8, 1],
      classes: 4,
      eps: 0,
      architecture: { id: 'mlp' },
    });
    expect(res.data?.model.robustness).toHaveLength(1);
  });

  it('inverts pairs batch by batch and answers a repeated request from the store', async () => {
    const input = {
      modelId,
      datasetId,
      pairCount: 8,
      pairSeed: 3,
      parameters: { iterations: 5, batchSize: 4 },
    };
    const first = await mutate<{
      inversion: { id: string; batchCount: number };
      job: JobView;
      cached: boolean;
    }>(t, START_INVERSION, { input });
    expect(first).toMatchObject({ cached: false, inversion: { batchCount: 2 } });
    expect((await waitForJob(t, first.job.id)).status).toBe('COMPLETED');
    const res = await t.gql<{
      inversion: {
        status: string;
        pairs: { seedLabel: number; targetLabel: number }[];
        batches: { attempt: number; losses: number[] }[];
        lossCurve: number[];
      };
    }>(
      `query($id: ID!) { inversion(id: $id) { status pairs { seedLabel targetLabel } batches { attempt losses imagesUrl }
         lossCurve provenance { requestKey codeVersion backend } } }`,
      { id: first.inversion.id },
    );
    const inversion = res.data!.inversion;
    expect(inversion.status).toBe('READY');
    expect(inversion.pairs).toHaveLength(8);
    for (const p of inversion.pairs) expect(p.seedLabel).not.toBe(p.targetLabel);
    expect(inversion.batches.map((b) => b.losses.length)).toEqual([4, 4]);
    expect(inversion.lossCurve).toHaveLength(6);
    const again = await mutate<{ inversion: { id: string }; job: JobView | null; cached: boolean }>(
      t,
      START_INVERSION,
      { input },
    );
    expect(again).toMatchObject({ cached: true, job: null, inversion: { id: first.inversion.id } });
  });

  it('retries a job whose compute process died, and completes it', async () => {
    const events = collect<{ jobUpdated: JobView }>(
      t.ws(t.tokens.viewer),
      `subscription { jobUpdated { ${JOB_FIELDS} } }`,
    );
    const started = await mutate<{ job: JobView }>(t, START_INVERSION, {
      input: { modelId, datasetId, pairCount: 8, pairSeed: 4, parameters: { iterations: 400, batchSize: 4 } },
    });
    // Kill the child only once the job is computing in it (a reported progress), never while it is queued.
    await events.until((values) =>
      values.some(
        (v) =>
          v.jobUpdated.id === started.job.id &&
          v.jobUpdated.status === 'RUNNING' &&
          v.jobUpdated.progress > 0,
      ),
    );
    const [pid, ...others] = t.server.services.compute!.pids();
    expect(others).toEqual([]);
    process.kill(pid!, 'SIGKILL');
    const job = await waitForJob(t, started.job.id);
    expect(job).toMatchObject({ status: 'COMPLETED', attempts: 2 });
    expect(t.server.services.compute!.pids()).not.toContain(pid);
    events.stop();
  });

  it("records a study's inverted matrix as its stage starts, so clients watch it fill", async () => {
    const second = await trainTiny(t, { name: 'mlp-1', architectureId: 'mlp', datasetId, seed: 2 });
    const started = await mutate<{ study: { id: string }; job: JobView }>(
      t,
      `mutation($input: StartStudyInput!) { startStudy(input: $input) { study { id } job { id } } }`,
      {
        input: {
          name: 'live-matrix-ids',
          modelIds: [modelId, second],
          datasetId,
          sampleCount: 32,
          pairCount: 16,
          pairSeed: 9,
          inversion: { iterations: 300, batchSize: 4 },
        },
      },
    );
    interface Seen {
      status: string;
      invertedMatrix: { status: string } | null;
      job: { message: string | null };
    }
    let whileInverting: Seen | undefined;
    for (let i = 0; i < 3000 && !whileInverting; i++) {
      const study = (
        await t.gql<{ study: Seen }>(
          'query($id: ID!) { study(id: $id) { status invertedMatrix { status } job { message } } }',
          { id: started.study.id },
        )
      ).data!.study;
      if (study.status === 'READY') break;
      if (study.job.message?.startsWith('inverted matrix:')) whileInverting = study;
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(whileInverting).toMatchObject({ status: 'RUNNING', invertedMatrix: { status: 'RUNNING' } });
    expect((await waitForJob(t, started.job.id)).status).toBe('COMPLETED');
  });
});
