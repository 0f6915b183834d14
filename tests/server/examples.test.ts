/**
 * startStudy end to end, then the analysis scripts in examples/ (Python and TypeScript) run against the server
 * and print the inverted matrix and its robustness trend.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readNpy } from '@simlab/compute';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type JobView,
  mutate,
  registerSynthetic,
  trainTiny,
  waitForJob,
} from '../../apps/server/src/test-support/api.js';
import { startTestServer, type TestServer } from '../../apps/server/src/test-support/test-server.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
// Debian's interpreter, where scripts/system-deps.sh installs python3-requests and python3-numpy (a `python3`
// earlier on PATH, e.g. pyenv's, may lack them); SIMLAB_PYTHON picks another.
const python = process.env.SIMLAB_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

describe('a study read by the example scripts', () => {
  let t: TestServer;
  let invertedId: string;
  beforeAll(async () => {
    t = await startTestServer({ database: 'pglite', worker: true });
    const datasetId = await registerSynthetic(t);
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
    const studyJob = await waitForJob(t, study.job.id);
    expect(studyJob.status, JSON.stringify(studyJob.error)).toBe('COMPLETED');
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

  it('has requests and numpy in the Python that runs the examples', async () => {
    const check = await run(python, ['-c', 'import requests, numpy; print("ok")']).catch(
      (error: { stderr?: string }) => ({ stdout: '', stderr: error.stderr ?? String(error) }),
    );
    expect(
      check.stdout.trim(),
      `${python} cannot import requests and numpy (${check.stderr.trim()}): run scripts/system-deps.sh as root ` +
        '(apt-get install python3-requests python3-numpy), or set SIMLAB_PYTHON to a Python that has both',
    ).toBe('ok');
  });

  it('runs the Python script', async () => {
    const { stdout } = await run(python, ['examples/python/fetch_matrix.py'], {
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

  it('measures where inversions ended up from their pixels (Python)', async () => {
    const { stdout } = await run(python, ['examples/python/inversion_distances.py'], {
      cwd: root,
      env: { ...process.env, SIMLAB_URL: t.url },
    });
    const res = await t.gql<{
      inversions: {
        edges: {
          node: {
            id: string;
            seedImagesUrl: string;
            targetImagesUrl: string;
            batches: { imagesUrl: string }[];
          };
        }[];
      };
    }>(
      '{ inversions(first: 20) { edges { node { id seedImagesUrl targetImagesUrl batches { imagesUrl } } } } }',
    );
    const inversions = res.data!.inversions.edges.map((e) => e.node);
    // One inversion per model of the study, each printed with its two distances.
    expect(inversions).toHaveLength(3);
    for (const inversion of inversions) {
      const line = stdout.split('\n').find((l) => l.startsWith(inversion.id));
      expect(line, stdout).toBeDefined();
      const [toTarget, toSeed] = line!.trim().split(/\s+/).slice(-2).map(Number);
      // The same distances, from the same pixels, computed here.
      const seeds = await fetchNpy(t, inversion.seedImagesUrl);
      const targets = await fetchNpy(t, inversion.targetImagesUrl);
      const inverted = (await Promise.all(inversion.batches.map((b) => fetchNpy(t, b.imagesUrl)))).flatMap(
        (a) => Array.from(a),
      );
      const perImage = seeds.length / 8; // the study inverted 8 pairs
      expect(toTarget).toBeCloseTo(meanDistance(inverted, targets, perImage), 3);
      expect(toSeed).toBeCloseTo(meanDistance(inverted, seeds, perImage), 3);
    }
  });
});

async function fetchNpy(t: TestServer, path: string): Promise<Float32Array> {
  const res = await fetch(`${t.url}${path}`);
  return readNpy(new Uint8Array(await res.arrayBuffer())).data as Float32Array;
}

/** Mean over images of the L2 distance between image i of a and of b. */
function meanDistance(a: ArrayLike<number>, b: ArrayLike<number>, perImage: number): number {
  const count = b.length / perImage;
  let total = 0;
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (let p = i * perImage; p < (i + 1) * perImage; p++) sum += (a[p]! - b[p]!) ** 2;
    total += Math.sqrt(sum);
  }
  return total / count;
}
