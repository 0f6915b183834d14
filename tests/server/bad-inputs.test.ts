/**
 * Bad requests are answered with a clear, stable error code and change nothing: no entity, no job. (A viewer's
 * requests: permissions.test.ts.)
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type JobView,
  mutate,
  registerSynthetic,
  registerUploaded,
  trainTiny,
  upload,
  waitForJob,
} from '../../apps/server/src/test-support/api.js';
import { syntheticDataset } from '../../apps/server/src/test-support/synthetic-dataset.js';
import { startTestServer, type TestServer } from '../../apps/server/src/test-support/test-server.js';

const COUNTS = `{ datasets { totalCount } models { totalCount } inversions { totalCount } similarityResults { totalCount }
  matrices { totalCount } jobs { totalCount } studies { totalCount } }`;

const M = {
  registerDataset:
    'mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { dataset { id } } }',
  importModel:
    'mutation($input: ImportModelInput!) { importModel(input: $input) { model { id } job { id } } }',
  trainModel: 'mutation($input: TrainModelInput!) { trainModel(input: $input) { model { id } } }',
  evaluateRobustness:
    'mutation($input: EvaluateRobustnessInput!) { evaluateRobustness(input: $input) { evaluation { id } } }',
  startInversion:
    'mutation($input: StartInversionInput!) { startInversion(input: $input) { inversion { id } } }',
  startInversionLoose:
    'mutation($n: Int!, $m: ID!, $d: ID!) { startInversion(input: { modelId: $m, datasetId: $d, pairCount: $n }) { inversion { id } } }',
  computeSimilarity:
    'mutation($input: ComputeSimilarityInput!) { computeSimilarity(input: $input) { result { id } } }',
  computeMatrix: 'mutation($input: ComputeMatrixInput!) { computeMatrix(input: $input) { matrix { id } } }',
  startStudy: 'mutation($input: StartStudyInput!) { startStudy(input: $input) { study { id } } }',
  cancelJob: 'mutation($id: ID!) { cancelJob(id: $id) { id } }',
};

describe('bad inputs (PGlite)', () => {
  let t: TestServer;
  let datasetId: string;
  let smallDatasetId: string;
  let modelId: string;
  let otherModelId: string;
  let failedModelId: string;
  let finishedJobId: string;
  let misnamed: string[];
  beforeAll(async () => {
    t = await startTestServer({ database: 'pglite', worker: true });
    datasetId = await registerSynthetic(t);
    smallDatasetId = await registerUploaded(
      t,
      'synthetic-6x6',
      syntheticDataset({ count: 32, size: 6, classes: 4 }),
    );
    modelId = await trainTiny(t, { name: 'mlp', architectureId: 'mlp', datasetId });
    otherModelId = await trainTiny(t, { name: 'mlp-b', architectureId: 'mlp', datasetId, seed: 1 });
    finishedJobId = (
      await t.gql<{ jobs: { edges: { node: { id: string } }[] } }>(
        '{ jobs(first: 1, filter: { status: COMPLETED }) { edges { node { id } } } }',
      )
    ).data!.jobs.edges[0]!.node.id;
    // A model whose import failed (a corrupt model.json) exists but is not usable.
    // Inside the data directory: server paths are read only under the import roots (SIMLAB_IMPORT_ROOTS).
    const broken = await mkdtemp(join(t.database.dataDir, 'broken-'));
    await writeFile(join(broken, 'model.json'), '{ not json');
    const imported = await mutate<{ model: { id: string }; job: JobView }>(t, M.importModel, {
      input: { name: 'broken', architectureId: 'mlp', checkpointPath: broken },
    });
    expect((await waitForJob(t, imported.job.id)).error?.code).toBe('CHECKPOINT_INVALID');
    failedModelId = imported.model.id;
    misnamed = [await upload(t, 'a.npy', Buffer.from('x')), await upload(t, 'b.npy', Buffer.from('y'))];
  });
  afterAll(async () => t?.close());

  const cases: [string, keyof typeof M, () => Record<string, unknown>, string][] = [
    [
      'an empty dataset name',
      'registerDataset',
      () => ({ input: { name: '', source: 'mnist' } }),
      'INVALID_ARGUMENT',
    ],
    [
      'a dataset name with a slash',
      'registerDataset',
      () => ({ input: { name: 'a/b', source: 'mnist' } }),
      'INVALID_ARGUMENT',
    ],
    [
      'both a source and uploads',
      'registerDataset',
      () => ({ input: { name: 'x', source: 'mnist', uploadIds: misnamed } }),
      'INVALID_ARGUMENT',
    ],
    [
      'a relative server path',
      'registerDataset',
      () => ({ input: { name: 'x', source: 'data/images' } }),
      'PATH_NOT_ALLOWED',
    ],
    [
      'a server path outside the import roots',
      'registerDataset',
      () => ({ input: { name: 'x', source: '/no/such/dir' } }),
      'PATH_NOT_ALLOWED',
    ],
    [
      'unknown upload ids',
      'registerDataset',
      () => ({ input: { name: 'x', uploadIds: ['u1', 'u2'] } }),
      'NOT_FOUND',
    ],
    [
      'uploads not named images.npy and labels.npy',
      'registerDataset',
      () => ({ input: { name: 'x', uploadIds: misnamed } }),
      'INVALID_ARGUMENT',
    ],
    [
      'a dataset name taken by another source',
      'registerDataset',
      () => ({ input: { name: 'synthetic', source: 'mnist' } }),
      'CONFLICT',
    ],
    [
      'an unknown architecture',
      'trainModel',
      () => ({ input: { name: 'y', architectureId: 'transformer', datasetId } }),
      'NOT_FOUND',
    ],
    [
      'zero epochs',
      'trainModel',
      () => ({ input: { name: 'y', architectureId: 'mlp', datasetId, epochs: 0 } }),
      'INVALID_ARGUMENT',
    ],
    [
      'an unknown dataset',
      'trainModel',
      () => ({ input: { name: 'y', architectureId: 'mlp', datasetId: 'nope' } }),
      'NOT_FOUND',
    ],
    [
      'more training images than the dataset has',
      'trainModel',
      () => ({ input: { name: 'y', architectureId: 'mlp', datasetId, trainCount: 65 } }),
      'INVALID_ARGUMENT',
    ],
    [
      'a model name taken by another request',
      'trainModel',
      () => ({ input: { name: 'mlp', architectureId: 'mlp', datasetId, seed: 9 } }),
      'CONFLICT',
    ],
    [
      'import uploads without model.json',
      'importModel',
      () => ({ input: { name: 'z', architectureId: 'mlp', uploadIds: misnamed } }),
      'INVALID_ARGUMENT',
    ],
    [
      'more pairs than the classes allow',
      'startInversion',
      () => ({ input: { modelId, datasetId, pairCount: 49 } }),
      'INVALID_ARGUMENT',
    ],
    [
      'momentum of 1.5',
      'startInversion',
      () => ({ input: { modelId, datasetId, pairCount: 4, parameters: { momentum: 1.5 } } }),
      'INVALID_ARGUMENT',
    ],
    [
      'a dataset of another image shape',
      'startInversion',
      () => ({ input: { modelId, datasetId: smallDatasetId, pairCount: 4 } }),
      'SHAPE_MISMATCH',
    ],
    [
      'a model whose import failed',
      'startInversion',
      () => ({ input: { modelId: failedModelId, datasetId, pairCount: 4 } }),
      'NOT_READY',
    ],
    [
      'a pair count that is not a number',
      'startInversionLoose',
      () => ({ n: 'many', m: modelId, d: datasetId }),
      'BAD_USER_INPUT',
    ],
    [
      'both natural images and an inversion',
      'computeSimilarity',
      () => ({ input: { modelAId: modelId, modelBId: modelId, datasetId, inversionId: 'i' } }),
      'INVALID_ARGUMENT',
    ],
    [
      'a bootstrap of one resample',
      'computeSimilarity',
      () => ({
        input: { modelAId: modelId, modelBId: modelId, datasetId, options: { bootstrapResamples: 1 } },
      }),
      'INVALID_ARGUMENT',
    ],
    [
      'a matrix of one model',
      'computeMatrix',
      () => ({ input: { source: 'NATURAL', modelIds: [modelId], datasetId } }),
      'INVALID_ARGUMENT',
    ],
    [
      'a matrix repeating a model',
      'computeMatrix',
      () => ({ input: { source: 'NATURAL', modelIds: [modelId, modelId], datasetId } }),
      'INVALID_ARGUMENT',
    ],
    [
      'an inverted matrix without pairCount',
      'computeMatrix',
      () => ({ input: { source: 'INVERTED', modelIds: [modelId, otherModelId], datasetId } }),
      'INVALID_ARGUMENT',
    ],
    [
      'a natural sample larger than the dataset',
      'computeMatrix',
      () => ({
        input: { source: 'NATURAL', modelIds: [modelId, otherModelId], datasetId, sampleCount: 100 },
      }),
      'INVALID_ARGUMENT',
    ],
    [
      'a matrix with a model whose import failed',
      'computeMatrix',
      () => ({ input: { source: 'NATURAL', modelIds: [modelId, failedModelId], datasetId } }),
      'NOT_READY',
    ],
    [
      'a matrix with an unknown model',
      'computeMatrix',
      () => ({ input: { source: 'NATURAL', modelIds: [modelId, 'no-such-model'], datasetId } }),
      'NOT_FOUND',
    ],
    [
      'attacking more images than the dataset has',
      'evaluateRobustness',
      () => ({ input: { modelId, datasetId, eps: 0.5, count: 65 } }),
      'INVALID_ARGUMENT',
    ],
    [
      'a negative attack eps',
      'evaluateRobustness',
      () => ({ input: { modelId, datasetId, eps: -1 } }),
      'INVALID_ARGUMENT',
    ],
    [
      'a study of one model',
      'startStudy',
      () => ({ input: { name: 's', modelIds: [modelId], datasetId } }),
      'INVALID_ARGUMENT',
    ],
    ['cancelling a finished job', 'cancelJob', () => ({ id: finishedJobId }), 'JOB_NOT_CANCELLABLE'],
    ['cancelling an unknown job', 'cancelJob', () => ({ id: 'no-such-job' }), 'NOT_FOUND'],
  ];

  it.each(cases)('refuses %s and changes nothing', async (_what, mutation, variables, code) => {
    const before = await t.gql(COUNTS);
    const res = await t.gql(M[mutation], variables(), t.tokens.runner);
    expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res.errors)).toBe(code);
    expect(res.errors?.[0]?.message.length).toBeGreaterThan(15);
    expect(res.data?.[mutation.replace('Loose', '')] ?? null).toBeNull();
    expect(await t.gql(COUNTS)).toEqual(before);
  });
});
