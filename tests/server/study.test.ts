/**
 * A full small study through the API, on PGlite and on PostgreSQL: upload and register a dataset, train three
 * tiny models, invert through one, then the inverted and natural matrices, with the subscription events of
 * the matrix job and its cells observed in order over graphql-ws.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMPUTE_MATRIX,
  type JobView,
  mutate,
  registerUploaded,
  START_INVERSION,
  trainTiny,
  waitForJob,
} from '../../apps/server/src/test-support/api.js';
import { syntheticDataset } from '../../apps/server/src/test-support/synthetic-dataset.js';
import { collect, startTestServer, type TestServer } from '../../apps/server/src/test-support/test-server.js';

const INVERSION = { iterations: 5, batchSize: 4 };

interface JobEvent {
  jobUpdated: { id: string; status: string; progress: number; message: string | null };
}
interface CellEvent {
  resultAdded: {
    matrixId: string | null;
    row: number | null;
    column: number | null;
    result: { value: number; source: string };
  };
}

describe.each(['pglite', 'postgres'] as const)('a small study on %s', (database) => {
  let t: TestServer;
  let datasetId: string;
  let models: string[];
  beforeAll(async () => {
    t = await startTestServer({ database, worker: true });
    datasetId = await registerUploaded(
      t,
      'synthetic-8x8',
      syntheticDataset({ count: 64, size: 8, classes: 4 }),
    );
    models = [
      await trainTiny(t, { name: 'mlp-eps0', architectureId: 'mlp', datasetId }),
      await trainTiny(t, { name: 'mlp-eps0.5', architectureId: 'mlp', datasetId, eps: 0.5 }),
      await trainTiny(t, { name: 'vgg-eps0', architectureId: 'vgg', datasetId }),
    ];
  });
  afterAll(async () => t?.close());

  it('computes an inverted matrix, reusing an inversion, with events in order', async () => {
    const viewer = t.ws(t.tokens.viewer);
    const jobs = collect<JobEvent>(viewer, 'subscription { jobUpdated { id status progress message } }');
    const cells = collect<CellEvent>(
      viewer,
      'subscription { resultAdded { matrixId row column result { value source } } }',
    );
    await waitForSubscribers(t, 2);

    const single = await mutate<{ inversion: { id: string }; job: JobView }>(t, START_INVERSION, {
      input: { modelId: models[0], datasetId, pairCount: 8, pairSeed: 7, parameters: INVERSION },
    });
    expect((await waitForJob(t, single.job.id)).status).toBe('COMPLETED');

    const input = {
      source: 'INVERTED',
      modelIds: models,
      datasetId,
      pairCount: 8,
      pairSeed: 7,
      inversion: INVERSION,
    };
    const payload = await mutate<{ matrix: { id: string }; job: JobView; cached: boolean }>(
      t,
      COMPUTE_MATRIX,
      { input },
    );
    expect(payload.cached).toBe(false);
    expect((await waitForJob(t, payload.job.id)).status).toBe('COMPLETED');

    // Job events of the matrix job: queued, running, progress never going back, completed last.
    await jobs.until((events) =>
      events.some((e) => e.jobUpdated.id === payload.job.id && e.jobUpdated.status === 'COMPLETED'),
    );
    const mine = jobs.values.map((e) => e.jobUpdated).filter((e) => e.id === payload.job.id);
    expect(mine[0]!.status).toBe('QUEUED');
    expect(mine[1]!.status).toBe('RUNNING');
    expect(mine.at(-1)).toMatchObject({ status: 'COMPLETED', progress: 1 });
    const running = mine.filter((e) => e.status === 'RUNNING').map((e) => e.progress);
    expect(running).toEqual([...running].sort((a, b) => a - b));

    // Every cell arrived once over resultAdded, before the job completed.
    const added = await cells.until(
      (events) => events.filter((e) => e.resultAdded.matrixId === payload.matrix.id).length >= 9,
    );
    const placed = added
      .filter((e) => e.resultAdded.matrixId === payload.matrix.id)
      .map((e) => `${e.resultAdded.row},${e.resultAdded.column}`);
    expect(new Set(placed).size).toBe(9);
    expect(added.every((e) => e.resultAdded.result.source === 'INVERTED')).toBe(true);

    const res = await t.gql<{
      matrix: { status: string; values: number[][]; offDiagonalMean: number; trend: { points: unknown[] } };
    }>(
      'query($id: ID!) { matrix(id: $id) { status values offDiagonalMean trend { points { modelId eps rowMean } rowSpearman } } }',
      { id: payload.matrix.id },
    );
    const matrix = res.data!.matrix;
    expect(matrix.status).toBe('READY');
    for (let i = 0; i < 3; i++) expect(matrix.values[i]![i]).toBeCloseTo(1, 4);
    expect(matrix.values.flat().every((v) => v > 0 && v <= 1 + 1e-6)).toBe(true);
    expect(matrix.trend.points).toHaveLength(3);

    // Row 0 reused the inversion made above: three inversions in all, not four.
    const inversions = await t.gql<{ inversions: { totalCount: number } }>('{ inversions { totalCount } }');
    expect(inversions.data?.inversions.totalCount).toBe(3);

    // The same request with the same provenance returns the stored matrix.
    const again = await mutate<{ matrix: { id: string }; job: JobView | null; cached: boolean }>(
      t,
      COMPUTE_MATRIX,
      { input },
    );
    expect(again).toMatchObject({ cached: true, job: null, matrix: { id: payload.matrix.id } });

    const csv = await (await fetch(`${t.url}/export/matrix/${payload.matrix.id}.csv`)).text();
    expect(csv.trim().split('\r\n')).toHaveLength(4);
    jobs.stop();
    cells.stop();
  });

  it('computes a natural matrix whose lower triangle mirrors the upper', async () => {
    const input = { source: 'NATURAL', modelIds: models, datasetId, sampleCount: 32 };
    const payload = await mutate<{ matrix: { id: string }; job: JobView }>(t, COMPUTE_MATRIX, { input });
    expect((await waitForJob(t, payload.job.id)).status).toBe('COMPLETED');
    const res = await t.gql<{ matrix: { values: number[][]; cells: { result: { n: number } }[] } }>(
      'query($id: ID!) { matrix(id: $id) { values cells { result { n } } } }',
      { id: payload.matrix.id },
    );
    const { values, cells } = res.data!.matrix;
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) expect(values[r]![c]).toBe(values[c]![r]);
    expect(cells.every((cell) => cell.result.n === 32)).toBe(true);
    const json = (await (
      await fetch(`${t.url}/export/results.json?matrixId=${payload.matrix.id}`)
    ).json()) as unknown[];
    expect(json).toHaveLength(6);
  });
});

async function waitForSubscribers(t: TestServer, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (t.server.services.pubsub.stats().subscribers < count) {
    if (Date.now() > deadline) throw new Error('subscriptions did not start');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
