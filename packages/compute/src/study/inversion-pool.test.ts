import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { type Dataset, subsetDataset } from '../data/dataset.js';
import { loadMnist } from '../data/mnist.js';
import { CancelledError } from '../errors.js';
import { useTempDirs } from '../test-support/temp-dirs.js';
import { runStudy, type StudyOptions } from './run-study.js';
import { readZoo, type StudyModelSpec } from './study-models.js';
import { saveTinyCheckpoint } from './test-zoo.js';

let dataset: Dataset;
let models: StudyModelSpec[];
const tempDir = useTempDirs('pool');

beforeAll(async () => {
  await initBackend();
  dataset = subsetDataset(
    loadMnist(),
    Array.from({ length: 200 }, (_, i) => i),
  );
  const zoo = await tempDir();
  await saveTinyCheckpoint(zoo, 'a', 1, 0);
  await saveTinyCheckpoint(zoo, 'b', 2, 1);
  await saveTinyCheckpoint(zoo, 'c', 3, 2);
  models = await readZoo(zoo);
});

const study = (extra: Partial<StudyOptions>) =>
  runStudy({
    models,
    dataset,
    params: {
      pairs: 8,
      inversion: { iterations: 40, batchSize: 4 },
      nullPermutations: 0,
      bootstrapResamples: 0,
    },
    ...extra,
  });

describe('inversions on worker threads', () => {
  it('give the results of a single-threaded run, and a cancelled pooled run resumes from the cache', async () => {
    const serial = await study({});
    expect(serial.timings.workers).toBe(1);
    const cacheDir = await tempDir();
    const controller = new AbortController();
    const stopped = study({
      cacheDir,
      concurrency: 2,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.stage === 'inversion' && p.detail?.startsWith('batch 2/2')) controller.abort();
      },
    });
    await expect(stopped).rejects.toThrow(CancelledError);
    const resumed = await study({ cacheDir, concurrency: 2 });
    expect(resumed.timings.workers).toBe(2);
    expect(resumed.models.map((m) => m.inversion.source)).toContain('resumed');
    expect(resumed.inverted.values).toEqual(serial.inverted.values);
    const again = await study({ cacheDir, concurrency: 2 });
    expect(again.summary.inversions.cached).toBe(3);
  });
});
