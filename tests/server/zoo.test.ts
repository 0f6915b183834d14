/**
 * A fresh server registers the shipped zoo by itself (as `npm start` does), and the zoo's models work through the
 * API: a natural matrix of two of them on the built-in MNIST digits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMPUTE_MATRIX,
  type JobView,
  mutate,
  REGISTER_DATASET,
  waitForJob,
} from '../../apps/server/src/test-support/api.js';
import { startTestServer, type TestServer } from '../../apps/server/src/test-support/test-server.js';

interface ZooModel {
  id: string;
  name: string;
  status: string;
  eps: number;
  weightsHash: string | null;
  card: { weightsHash: string } | null;
}

describe('the shipped zoo', () => {
  let t: TestServer;
  let models: ZooModel[];
  beforeAll(async () => {
    t = await startTestServer({
      database: 'pglite',
      worker: true,
      config: { registerZoo: true, computeProcesses: 2 },
    });
    const deadline = Date.now() + 180_000;
    for (;;) {
      const res = await t.gql<{ models: { edges: { node: ZooModel }[] } }>(
        '{ models(first: 100, filter: { origin: ZOO }) { edges { node { id name status eps weightsHash card } } } }',
      );
      models = res.data!.models.edges.map((e) => e.node);
      if (models.length > 0 && models.every((m) => m.status === 'READY' || m.status === 'FAILED')) break;
      if (Date.now() > deadline)
        throw new Error(`zoo not registered in time: ${JSON.stringify(models.map((m) => m.status))}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });
  afterAll(async () => t?.close());

  it('registers every zoo checkpoint as a READY model whose hash matches its card', () => {
    expect(models.length).toBeGreaterThanOrEqual(6);
    for (const model of models) {
      expect(model.status, model.name).toBe('READY');
      expect(model.weightsHash).toBe(model.card?.weightsHash);
    }
  });

  it('computes a natural matrix of two zoo models on MNIST', async () => {
    const dataset = await mutate<{ dataset: { id: string }; job: JobView }>(t, REGISTER_DATASET, {
      input: { name: 'mnist', source: 'mnist' },
    });
    expect((await waitForJob(t, dataset.job.id)).status).toBe('COMPLETED');
    const pick = ['mlp-l2-eps0', 'lenet-l2-eps0'].map((name) => models.find((m) => m.name === name)!.id);
    const matrix = await mutate<{ matrix: { id: string }; job: JobView }>(t, COMPUTE_MATRIX, {
      input: {
        source: 'NATURAL',
        modelIds: pick,
        datasetId: dataset.dataset.id,
        sampleCount: 256,
        options: { nullPermutations: 3 },
      },
    });
    expect((await waitForJob(t, matrix.job.id)).status).toBe('COMPLETED');
    const res = await t.gql<{
      matrix: { values: number[][]; cells: { result: { value: number; nullBaseline: { mean: number } } }[] };
    }>('query($id: ID!) { matrix(id: $id) { values cells { result { value nullBaseline { mean } } } } }', {
      id: matrix.matrix.id,
    });
    const { values, cells } = res.data!.matrix;
    expect(values[0]![0]).toBeCloseTo(1, 4);
    // Two trained MNIST classifiers are similar on natural digits, well above the shuffled-row baseline.
    expect(values[0]![1]).toBeGreaterThan(0.3);
    const offDiagonal = cells.find((c) => c.result.value < 0.999)!;
    expect(offDiagonal.result.value).toBeGreaterThan(offDiagonal.result.nullBaseline.mean);
  });
});
