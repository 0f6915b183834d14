/**
 * A fresh server registers the shipped MNIST zoo v2 by itself (as `npm start` does: the models its index.json
 * lists, however far its training has come), and the zoo's models work through the API: a natural matrix of two of
 * them on the built-in MNIST digits; `npm start`'s first study takes the replicate-1 models and draws its pairs from
 * the digits they did not train on; a study of them on another dataset is refused.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEFAULT_ZOO_DIR } from '@simlab/compute';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMPUTE_MATRIX,
  type JobView,
  mutate,
  REGISTER_DATASET,
  registerUploaded,
  waitForJob,
} from '../../apps/server/src/test-support/api.js';
import { syntheticDataset } from '../../apps/server/src/test-support/synthetic-dataset.js';
import { startTestServer, type TestServer } from '../../apps/server/src/test-support/test-server.js';

/** `npm start` runs it once the server is up (scripts/start.sh). */
const FIRST_STUDY = new URL('../../scripts/first-study.mjs', import.meta.url);

interface ZooModel {
  id: string;
  name: string;
  status: string;
  eps: number;
  weightsHash: string | null;
  card: { weightsHash: string; replicate?: number } | null;
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

  it('registers every zoo checkpoint its index lists as a READY model whose hash matches its card', async () => {
    const index = JSON.parse(await readFile(join(DEFAULT_ZOO_DIR, 'index.json'), 'utf8')) as {
      models: { id: string }[];
    };
    expect(DEFAULT_ZOO_DIR).toMatch(/packages\/compute\/zoo\/mnist$/);
    // The lead's training adds models to the index while tests run: every model registered was listed.
    expect(models.length).toBeGreaterThanOrEqual(12);
    expect(index.models.map((m) => m.id)).toEqual(expect.arrayContaining(models.map((m) => m.name)));
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
    const pick = ['mlp-l2-eps0-r1', 'lenet-l2-eps0-r1'].map(
      (name) => models.find((m) => m.name === name)!.id,
    );
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

  it("npm start's first study takes the replicate-1 models and their held-out digits", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [fileURLToPath(FIRST_STUDY), `${t.url}/graphql`, t.tokens.runner],
      { timeout: 60_000 },
    );
    const replicate1 = models.filter((m) => m.card?.replicate === 1);
    expect(replicate1.length).toBeGreaterThanOrEqual(12);
    expect(stdout).toContain(`on the ${replicate1.length} replicate-1 models of the MNIST zoo v2`);
    const res = await t.gql<{
      studies: {
        edges: {
          node: {
            id: string;
            job: { id: string } | null;
            models: { name: string }[];
            spec: { images: { from: number; to: number; rule: string } };
          };
        }[];
      };
    }>('{ studies(first: 1) { edges { node { id job { id } models { name } spec } } } }');
    const study = res.data!.studies.edges[0]!.node;
    expect(study.models.map((m) => m.name).sort()).toEqual(replicate1.map((m) => m.name).sort());
    // Zoo v2 trained on digits 0..7199 and validated on 7200..7999: the pairs come from 8000..9999.
    expect(study.spec.images).toMatchObject({ from: 8000, to: 10000, rule: 'held-out' });
    // The study is not run here (minutes on 2 cores): its job is cancelled once its request is checked.
    if (study.job) {
      await t.gql('mutation($id: ID!) { cancelJob(id: $id) { id } }', { id: study.job.id }, t.tokens.runner);
    }
  });

  it('refuses a study of the MNIST zoo on another dataset', async () => {
    const datasetId = await registerUploaded(
      t,
      'fashion-mnist',
      syntheticDataset({ count: 40, size: 28, classes: 10 }),
    );
    const pick = ['mlp-l2-eps0-r1', 'vgg-l2-eps0-r1'].map((name) => models.find((m) => m.name === name)!.id);
    const res = await t.gql(
      'mutation($input: StartStudyInput!) { startStudy(input: $input) { study { id } } }',
      { input: { name: 'mixed', modelIds: pick, datasetId, pairCount: 8 } },
      t.tokens.runner,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('INVALID_ARGUMENT');
    expect(res.errors?.[0]?.message).toMatch(
      /mlp-l2-eps0-r1 was trained on mnist .* not on fashion-mnist like the study's dataset fashion-mnist/,
    );
  });
});
