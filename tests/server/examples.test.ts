/**
 * startStudy end to end, then the analysis scripts in examples/ (Python and TypeScript) run against the server
 * and print the inverted matrix and its robustness trend.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type JobView,
  mutate,
  registerUploaded,
  trainTiny,
  waitForJob,
} from '../../apps/server/src/test-support/api.js';
import { syntheticDataset } from '../../apps/server/src/test-support/synthetic-dataset.js';
import { startTestServer, type TestServer } from '../../apps/server/src/test-support/test-server.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const hasPythonRequests = await run('python3', ['-c', 'import requests']).then(
  () => true,
  () => false,
);

describe('a study read by the example scripts', () => {
  let t: TestServer;
  let invertedId: string;
  beforeAll(async () => {
    t = await startTestServer({ database: 'pglite', worker: true });
    const datasetId = await registerUploaded(
      t,
      'synthetic',
      syntheticDataset({ count: 64, size: 8, classes: 4 }),
    );
    const modelIds = [
      await trainTiny(t, { name: 'mlp-eps0', architectureId: 'mlp', datasetId }),
      await trainTiny(t, { name: 'mlp-eps0.5', architectureId: 'mlp', datasetId, eps: 0.5 }),
      await trainTiny(t, { name: 'mlp-eps1', architectureId: 'mlp', datasetId, eps: 1 }),
    ];
    const study = await mutate<{ study: { id: string }; job: JobView }>(
      t,
      `mutation($input: StartStudyInput!) { startStudy(input: $input) { study { id } job { id } } }`,
      {
        input: {
          name: 'robustness',
          modelIds,
          datasetId,
          sampleCount: 32,
          pairCount: 8,
          inversion: { iterations: 5, batchSize: 8 },
        },
      },
    );
    expect((await waitForJob(t, study.job.id)).status).toBe('COMPLETED');
    const res = await t.gql<{
      study: {
        status: string;
        naturalMatrix: { status: string };
        invertedMatrix: { id: string; status: string };
        trend: { points: unknown[] };
      };
    }>(
      'query($id: ID!) { study(id: $id) { status naturalMatrix { status } invertedMatrix { id status } trend { points { eps } } } }',
      { id: study.study.id },
    );
    expect(res.data?.study).toMatchObject({
      status: 'READY',
      naturalMatrix: { status: 'READY' },
      invertedMatrix: { status: 'READY' },
    });
    expect(res.data?.study.trend.points).toHaveLength(3);
    invertedId = res.data!.study.invertedMatrix.id;
  });
  afterAll(async () => t?.close());

  it.skipIf(!hasPythonRequests)('runs the Python script', async () => {
    const { stdout } = await run('python3', ['examples/python/fetch_matrix.py'], {
      cwd: root,
      env: { ...process.env, SIMLAB_URL: t.url },
    });
    expect(stdout).toContain('inverted linear CKA, 3 models');
    expect(stdout).toContain('Spearman(eps, row mean)');
    expect(stdout).toContain(`/export/matrix/${invertedId}.csv`);
  });

  it('runs the TypeScript script', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'examples/typescript/fetch-matrix.ts', invertedId],
      {
        cwd: root,
        env: { ...process.env, SIMLAB_URL: t.url },
      },
    );
    expect(stdout).toContain('inverted linear CKA, 3 models');
    expect(stdout).toContain('trend CSV export: 3 rows');
  });
});
