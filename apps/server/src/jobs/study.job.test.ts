/**
 * One study pipeline (issue 11): the same study through the server (startStudy -> study job -> compute
 * children -> database) and through compute's runStudy (what `simlab study` runs: disk cache, worker threads)
 * on the same checkpoints and dataset gives the same report numbers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, loadDataset, runStudy, type StudyReport } from '@simlab/compute';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDatasets } from '../db/dataset.queries.js';
import { getModels } from '../db/model.queries.js';
import { type JobView, mutate, registerUploaded, trainTiny, waitForJob } from '../test-support/api.js';
import { syntheticDataset } from '../test-support/synthetic-dataset.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

const START_STUDY = `mutation($input: StartStudyInput!) {
  startStudy(input: $input) { study { id } job { id } }
}`;

/** Two batches of 4 pairs per model, a few iterations, every cell statistic on. */
const STUDY = {
  pairCount: 8,
  pairSeed: 3,
  inversion: { iterations: 6, batchSize: 4 },
  options: { nullPermutations: 3, bootstrapResamples: 4, confidenceLevel: 0.9, seed: 1 },
};

describe('the study pipeline shared by the CLI and the server', () => {
  let t: TestServer;
  let cacheDir: string;
  beforeAll(async () => {
    t = await startTestServer({ database: 'pglite', worker: true, config: { computeProcesses: 2 } });
    cacheDir = await mkdtemp(join(tmpdir(), 'simlab-study-cli-'));
  });
  afterAll(async () => {
    await t?.close();
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('gives the same report numbers from the server and from runStudy on a tiny zoo', async () => {
    const datasetId = await registerUploaded(
      t,
      'synthetic',
      syntheticDataset({ count: 64, size: 8, classes: 4 }),
    );
    const modelIds = [
      await trainTiny(t, { name: 'mlp-eps0', architectureId: 'mlp', datasetId }),
      await trainTiny(t, { name: 'mlp-eps0.5', architectureId: 'mlp', datasetId, eps: 0.5, seed: 2 }),
      await trainTiny(t, { name: 'vgg-eps0', architectureId: 'vgg', datasetId }),
    ];
    const started = await mutate<{ study: { id: string }; job: JobView }>(t, START_STUDY, {
      input: { name: 'same numbers', modelIds, datasetId, preset: 'QUICK', ...STUDY },
    });
    const job = await waitForJob(t, started.job.id);
    expect(job.status, JSON.stringify(job.error)).toBe('COMPLETED');
    const res = await t.gql<{ study: { report: StudyReport } }>(
      'query($id: ID!) { study(id: $id) { report } }',
      {
        id: started.study.id,
      },
    );
    const server = res.data!.study.report;

    // The CLI's path on the very checkpoints and dataset the server stored.
    const { db, blobs } = t.server.services;
    const rows = await getModels(db, modelIds);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const [dataset] = await getDatasets(db, [datasetId]);
    await initBackend();
    const local = await runStudy({
      models: await Promise.all(
        modelIds.map(async (id) => {
          const m = byId.get(id)!;
          const dir = await blobs.materialize(m.files!);
          return { id: m.name, dir, architecture: m.architectureId, eps: m.eps, norm: m.norm ?? 'l2' };
        }),
      ),
      dataset: await loadDataset(await blobs.materialize(dataset!.files!)),
      preset: 'quick',
      params: {
        pairs: STUDY.pairCount,
        pairSeed: STUDY.pairSeed,
        layer: 'representation',
        inversion: STUDY.inversion,
        nullPermutations: STUDY.options.nullPermutations,
        bootstrapResamples: STUDY.options.bootstrapResamples,
        confidence: STUDY.options.confidenceLevel,
        statsSeed: STUDY.options.seed,
      },
      cacheDir,
      concurrency: 2,
    });

    expect(server.params).toEqual(local.params);
    expect(server.dataset.hash).toBe(local.dataset.hash);
    expect(server.pairs).toEqual(local.pairs);
    expect(server.models.map((m) => m.id)).toEqual(local.models.map((m) => m.id));
    expect(server.models.map((m) => m.layer)).toEqual(local.models.map((m) => m.layer));
    const close = (a: unknown, b: unknown) => expectNumbersClose(a, b, 1e-5);
    close(
      server.models.map((m) => [m.inversion.meanLoss, m.inversion.meanSeedLoss]),
      local.models.map((m) => [m.inversion.meanLoss, m.inversion.meanSeedLoss]),
    );
    for (const kind of ['natural', 'inverted'] as const) {
      close(server[kind].values, local[kind].values);
      close(server[kind].cells, local[kind].cells);
      close(
        [server[kind].rowMeans, server[kind].columnMeans],
        [local[kind].rowMeans, local[kind].columnMeans],
      );
    }
    close(server.agreement, local.agreement);
    close(server.trend, local.trend);
    close({ ...server.summary, inversions: undefined }, { ...local.summary, inversions: undefined });
    expect(server.summary.inversions).toEqual({ computed: 3, resumed: 0, cached: 0 });
  });
});

/** Same structure, and every number within `tolerance` (float32 work in two processes). */
function expectNumbersClose(actual: unknown, expected: unknown, tolerance: number, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isNaN(expected)) expect(actual, path).toBeNaN();
    else
      expect(Math.abs(actual - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
    return;
  }
  if (expected === null || typeof expected !== 'object') {
    // JSON (the server's report) has null where JavaScript had NaN.
    if (typeof expected === 'number' && actual === null) return;
    expect(actual, path).toEqual(expected);
    return;
  }
  expect(typeof actual, path).toBe('object');
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual as object)]);
  for (const key of keys) {
    expectNumbersClose(
      (actual as Record<string, unknown>)[key],
      (expected as Record<string, unknown>)[key],
      tolerance,
      `${path}.${key}`,
    );
  }
}
