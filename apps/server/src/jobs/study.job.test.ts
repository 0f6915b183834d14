/**
 * One study pipeline (issue 11): the same study through the server (startStudy -> study job -> compute
 * children -> database) and through compute's runStudy (what `simlab study` runs: disk cache, worker threads)
 * on the same checkpoints and dataset gives the same report numbers, convergence checkpoints and STIR
 * included (issue 10), and draws its pairs from the same images: those the models' cards say they did not train
 * on; a retried study resumes checkpointed and STIR inversions after their stored batches and reuses every
 * stored cell.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chooseStudyImages,
  datasetSliceHash,
  initBackend,
  loadDataset,
  loadStudyModels,
  runStudy,
  type StudyReport,
} from '@simlab/compute';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDatasets } from '../db/dataset.queries.js';
import { getModels } from '../db/model.queries.js';
import { getStudies } from '../db/study.queries.js';
import { type JobView, mutate, registerSynthetic, trainTiny, waitForJob } from '../test-support/api.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

const START_STUDY = `mutation($input: StartStudyInput!) {
  startStudy(input: $input) { study { id } job { id } }
}`;

/** Two batches of 4 pairs per model, a few iterations, every cell statistic on, a checkpoint and STIR. */
const STUDY = {
  pairCount: 8,
  pairSeed: 3,
  inversion: { iterations: 6, batchSize: 4 },
  options: { nullPermutations: 3, bootstrapResamples: 4, confidenceLevel: 0.9, seed: 1 },
  convergence: [3],
  stir: { iterations: 4, batchSize: 4 },
};

const REPORT = 'query($id: ID!) { study(id: $id) { report } }';

/** Robustness grids for the tiny models' cards (clean, then L2 PGD at eps 1), as zoo v2 cards carry them. */
const GRIDS = [0.4, 0.6, 0.5].map((atOne) => [
  { eps: 0, accuracy: 0.9 },
  { eps: 1, accuracy: atOne },
]);

describe('the study pipeline shared by the CLI and the server', () => {
  let t: TestServer;
  let cacheDir: string;
  let modelsDir: string;
  /** The study the first test ran, for the resume test. */
  let first: { studyId: string; input: Record<string, unknown>; report: StudyReport } | undefined;
  beforeAll(async () => {
    t = await startTestServer({ database: 'pglite', worker: true, config: { computeProcesses: 2 } });
    cacheDir = await mkdtemp(join(tmpdir(), 'simlab-study-cli-'));
    modelsDir = await mkdtemp(join(tmpdir(), 'simlab-study-models-'));
  });
  afterAll(async () => {
    await t?.close();
    await rm(cacheDir, { recursive: true, force: true });
    await rm(modelsDir, { recursive: true, force: true });
  });

  it('gives the same report numbers from the server and from runStudy on a tiny zoo', async () => {
    const datasetId = await registerSynthetic(t);
    // Trained on images 0..31 of 64 (their cards say so): the pairs must come from images 32..63.
    const trainCount = 32;
    const modelIds = [
      await trainTiny(t, { name: 'mlp-eps0', architectureId: 'mlp', datasetId, trainCount }),
      await trainTiny(t, {
        name: 'mlp-eps0.5',
        architectureId: 'mlp',
        datasetId,
        eps: 0.5,
        seed: 2,
        trainCount,
      }),
      await trainTiny(t, { name: 'vgg-eps0', architectureId: 'vgg', datasetId, trainCount }),
    ];
    // Cards as zoo v2 writes them: a replicate number and a robustness grid (the server's training writes neither).
    for (const [i, id] of modelIds.entries()) {
      await t.server.services.db.query(
        `UPDATE model SET card = jsonb_set(jsonb_set(card || jsonb_build_object('replicate', $4::int),
           '{evaluation,robustnessGrid}', $2::jsonb), '{evaluation,gridAttack}', $3::jsonb) WHERE id = $1`,
        [
          id,
          JSON.stringify(GRIDS[i]),
          JSON.stringify({ norm: 'l2', steps: 20, restarts: 1, randomStart: true }),
          i + 1,
        ],
      );
    }
    const input = { name: 'same numbers', modelIds, datasetId, preset: 'QUICK', ...STUDY };
    const started = await mutate<{ study: { id: string }; job: JobView }>(t, START_STUDY, { input });
    const job = await waitForJob(t, started.job.id);
    expect(job.status, JSON.stringify(job.error)).toBe('COMPLETED');
    const res = await t.gql<{ study: { report: StudyReport } }>(REPORT, { id: started.study.id });
    const server = res.data!.study.report;
    first = { studyId: started.study.id, input, report: server };

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
          // The checkpoint with the card the server holds (grid and replicate added above).
          const dir = join(modelsDir, m.name);
          await cp(await blobs.materialize(m.files!), dir, { recursive: true });
          await writeFile(join(dir, 'model-card.json'), JSON.stringify(m.card));
          return { id: m.name, dir, architecture: m.architectureId, eps: m.eps, norm: m.norm ?? 'l2' };
        }),
      ),
      dataset: { ...(await loadDataset(await blobs.materialize(dataset!.files!))), name: dataset!.name },
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
        convergence: STUDY.convergence,
        stir: { inversion: STUDY.stir },
      },
      cacheDir,
      concurrency: 2,
    });

    expect(server.params).toEqual(local.params);
    expect(server.dataset.hash).toBe(local.dataset.hash);
    // The same images, chosen by the same rule from the cards: none the models trained on.
    expect(server.images).toMatchObject({ from: trainCount, to: 64, rule: 'held-out', notes: [] });
    expect(server.images).toEqual(local.images);
    const drawn = [...server.pairs.seedIndices, ...server.pairs.targetIndices];
    expect(Math.min(...drawn)).toBeGreaterThanOrEqual(trainCount);
    expect(server.pairs).toEqual(local.pairs);
    expect(server.models.map((m) => m.id)).toEqual(local.models.map((m) => m.id));
    expect(server.models.map((m) => m.layer)).toEqual(local.models.map((m) => m.layer));
    // Each model as both describe it (compute's describeStudyModel): metadata, and the card's seed, replicate,
    // clean accuracy, robustness grid and accuracy on it at the study's eps.
    const described = (r: StudyReport) =>
      r.models.map(({ metadata, seed, replicate, cleanAccuracy, robustAccuracy, robustnessGrid }) => ({
        metadata,
        seed,
        replicate,
        cleanAccuracy,
        robustAccuracy,
        robustnessGrid,
      }));
    expect(described(server)).toEqual(described(local));
    expect(described(server)[1]).toMatchObject({
      metadata: { format: 'tfjs-layers', name: 'mlp', inputShape: [8, 8, 1], classes: 4 },
      seed: 2,
      replicate: 2,
      robustAccuracy: GRIDS[1]![1]!.accuracy,
      robustnessGrid: GRIDS[1],
    });
    expect(described(server)[0]!.cleanAccuracy).toBeTypeOf('number');
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

    // Convergence: the inverted matrix at iteration 3 from the same runs, then at 6 (the inverted matrix).
    expect(server.convergence?.map((c) => c.iteration)).toEqual([3, 6]);
    close(server.convergence, local.convergence);
    close(
      server.models.map((m) => m.inversion.checkpoints),
      local.models.map((m) => m.inversion.checkpoints),
    );
    // STIR: X' from noise through each model, both directions of every pair.
    expect(server.stir).toBeDefined();
    expect(server.stir!.settings).toEqual(local.stir!.settings);
    close(server.stir, local.stir);
    close(
      server.models.map((m) => [m.stirInversion?.meanLoss, m.stirInversion?.meanSeedLoss]),
      local.models.map((m) => [m.stirInversion?.meanLoss, m.stirInversion?.meanSeedLoss]),
    );
    expect(server.stir!.directions).toHaveLength(3);
  });

  it('chooses the images as the CLI does when the cards disagree, and says so in the report', async () => {
    expect(first, 'the first test ran the study').toBeDefined();
    const { db, blobs } = t.server.services;
    const [study] = await getStudies(db, [first!.studyId]);
    const datasetId = study!.datasetId;
    // One model trained on the whole dataset beside one trained on its first half: no image is unseen by both.
    const modelIds = [
      await trainTiny(t, { name: 'mlp-all', architectureId: 'mlp', datasetId, seed: 5 }),
      (first!.input.modelIds as string[])[0]!,
    ];
    const input = {
      name: 'disagreeing cards',
      modelIds,
      datasetId,
      preset: 'QUICK',
      pairCount: 4,
      inversion: { iterations: 2, batchSize: 4 },
      options: { nullPermutations: 0, bootstrapResamples: 0 },
    };
    const started = await mutate<{ study: { id: string }; job: JobView }>(t, START_STUDY, { input });
    const job = await waitForJob(t, started.job.id);
    expect(job.status, JSON.stringify(job.error)).toBe('COMPLETED');
    const report = (await getStudies(db, [started.study.id]))[0]!.report!;

    const [dataset] = await getDatasets(db, [datasetId]);
    // The dataset as the CLI loads it, under the name the server registered (the reason quotes it).
    const local = { ...(await loadDataset(await blobs.materialize(dataset!.files!))), name: dataset!.name };
    const rows = await getModels(db, modelIds);
    const loaded = await loadStudyModels(
      await Promise.all(
        modelIds.map(async (id) => {
          const m = rows.find((r) => r.id === id)!;
          return { id: m.name, dir: await blobs.materialize(m.files!), eps: m.eps, norm: 'l2' as const };
        }),
      ),
    );
    const cli = await chooseStudyImages({
      dataset: local,
      models: loaded,
      sliceHash: datasetSliceHash(local),
    });
    expect(report.images).toEqual(cli);
    expect(report.images).toMatchObject({ from: 32, to: 64, rule: 'held-out' });
    expect(report.images!.notes.join('\n')).toMatch(/mlp-all: trained or validated on all of synthetic/);
  });

  it('resumes checkpointed and STIR inversions after their stored batches when the study is retried', async () => {
    expect(first, 'the first test ran the study').toBeDefined();
    const { db } = t.server.services;
    const inversions = await db.query<{ id: string; stir: boolean }>(
      `SELECT id, params ? 'seedNoise' AS stir FROM inversion WHERE params ? 'checkpoints' OR params ? 'seedNoise'`,
    );
    expect(inversions.filter((i) => i.stir)).toHaveLength(3);
    expect(inversions.filter((i) => !i.stir)).toHaveLength(3);
    // Every inversion loses its last batch, as if the worker had died during it.
    type Batch = { inversionId: string; imagesSha256: string; checkpoints: unknown };
    const lost = await db.query<Batch>(
      `DELETE FROM inversion_batch WHERE batch_index = 1 AND inversion_id = ANY($1)
       RETURNING inversion_id AS "inversionId", images_sha256 AS "imagesSha256", checkpoints`,
      [inversions.map((i) => i.id)],
    );
    expect(lost).toHaveLength(6);
    await db.query(`UPDATE inversion SET status = 'FAILED', batches_done = 1 WHERE id = ANY($1)`, [
      inversions.map((i) => i.id),
    ]);
    await db.query(`UPDATE study SET status = 'FAILED' WHERE id = $1`, [first!.studyId]);
    const results = async () => (await db.query('SELECT id FROM similarity_result')).length;
    const before = await results();

    const started = await mutate<{ study: { id: string }; job: JobView | null }>(t, START_STUDY, {
      input: first!.input,
    });
    expect(started.study.id).toBe(first!.studyId);
    const job = await waitForJob(t, started.job!.id);
    expect(job.status, JSON.stringify(job.error)).toBe('COMPLETED');
    // From the database: the server keeps READY rows (the first report) in memory, as nothing READY changes.
    const again = (await getStudies(db, [first!.studyId]))[0]!.report!;
    expect(again.summary.inversions).toEqual({ computed: 0, resumed: 3, cached: 0 });
    expect(again.models.map((m) => m.stirInversion?.source)).toEqual(['resumed', 'resumed', 'resumed']);
    // The resumed batches are the lost ones, images and checkpoint images alike, and no cell was recomputed.
    const redone = await db.query<Batch>(
      `SELECT inversion_id AS "inversionId", images_sha256 AS "imagesSha256", checkpoints FROM inversion_batch
       WHERE batch_index = 1 AND inversion_id = ANY($1)`,
      [inversions.map((i) => i.id)],
    );
    const byInversion = (rows: Batch[]) =>
      Object.fromEntries(rows.map((r) => [r.inversionId, [r.imagesSha256, r.checkpoints]]));
    expect(byInversion(redone)).toEqual(byInversion(lost));
    expect(await results()).toBe(before);
    expectNumbersClose(
      { ...again, createdAt: 0, timings: 0, models: 0, summary: { ...again.summary, inversions: 0 } },
      {
        ...first!.report,
        createdAt: 0,
        timings: 0,
        models: 0,
        summary: { ...first!.report.summary, inversions: 0 },
      },
      0,
    );
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
