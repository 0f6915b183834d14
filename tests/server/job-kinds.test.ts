/**
 * Every job kind the server has (apps/server/src/jobs/handlers.ts) run to COMPLETED on PGlite, with what it
 * stored recomputed by @simlab/compute in this process from the bytes the server serves, and the identical
 * request answered from the store (`cached: true`, the same entity, no job), under its current name and under
 * its deprecated alias where it has one (issue 14 item 3). A kind added to the server without a test here
 * fails the last test.
 *
 * One synthetic dataset (8x8, 4 classes) and two tiny models keep it quick; the cell statistics are small but
 * on (4 jackknife groups, 9 shuffles), so intervals and nulls are checked along with the values.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Activations,
  createRng,
  type Dataset,
  initBackend,
  invertImages,
  loadClassifier,
  loadDataset,
  type ModelCard,
  robustAccuracy,
  samplePairs,
  subsetDataset,
} from '@simlab/compute';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModels } from '../../apps/server/src/db/model.queries.js';
import { handlers } from '../../apps/server/src/jobs/handlers.js';
import {
  JOB_FIELDS,
  type JobView,
  mutate,
  REGISTER_DATASET,
  START_INVERSION,
  START_TRAINING,
  TRAIN_MODEL,
  trainTiny,
  upload,
  waitForJob,
} from '../../apps/server/src/test-support/api.js';
import { IMPORT_MODEL } from '../../apps/server/src/test-support/onnx.js';
import { syntheticDataset } from '../../apps/server/src/test-support/synthetic-dataset.js';
import { startTestServer, type TestServer } from '../../apps/server/src/test-support/test-server.js';
import {
  type CellStatisticsRequest,
  CKA_STATISTICS_FRAGMENT,
  createModelDownloads,
  expectClose,
  expectResultMatches,
  fetchBatches,
  fetchBytes,
  fetchImages,
  type ModelDownloads,
  RESULT_VALUES,
  referenceCell,
  representationOf,
  type StoredResult,
} from './support/compute-reference.js';

const OPTIONS = { nullPermutations: 9, bootstrapResamples: 4, confidenceLevel: 0.9, seed: 2 };
const STATISTICS: CellStatisticsRequest = {
  nullPermutations: OPTIONS.nullPermutations,
  groups: OPTIONS.bootstrapResamples,
  level: OPTIONS.confidenceLevel,
  seed: OPTIONS.seed,
};
const INVERSION = { iterations: 5, batchSize: 4 };
const PAIRS = { pairCount: 8, pairSeed: 3 };
const SAMPLE_COUNT = 32;

const START_ROBUST_ACCURACY = `mutation($input: StartRobustAccuracyInput!) {
  startRobustAccuracy(input: $input) { cached evaluation { id } job { ${JOB_FIELDS} } }
}`;
const EVALUATE_ROBUSTNESS = `mutation($input: EvaluateRobustnessInput!) {
  evaluateRobustness(input: $input) { cached evaluation { id } job { ${JOB_FIELDS} } }
}`;
const START_SIMILARITY = `mutation($input: StartSimilarityInput!) {
  startSimilarity(input: $input) { cached result { id } job { ${JOB_FIELDS} } }
}`;
const COMPUTE_SIMILARITY = `mutation($input: ComputeSimilarityInput!) {
  computeSimilarity(input: $input) { cached result { id } job { ${JOB_FIELDS} } }
}`;
const START_MATRIX = `mutation($input: StartMatrixInput!) {
  startMatrix(input: $input) { cached matrix { id } job { ${JOB_FIELDS} } }
}`;
const COMPUTE_MATRIX = `mutation($input: ComputeMatrixInput!) {
  computeMatrix(input: $input) { cached matrix { id } job { ${JOB_FIELDS} } }
}`;
const START_STUDY = `mutation($input: StartStudyInput!) {
  startStudy(input: $input) { cached study { id } job { ${JOB_FIELDS} } }
}`;

interface Payload {
  cached: boolean;
  job: JobView | null;
}

describe('every job kind to COMPLETED with its stored values recomputed by compute (PGlite)', () => {
  let t: TestServer;
  let downloads: ModelDownloads;
  let folder: string;
  /** The uploaded dataset as compute loads it, and its id. */
  let dataset: Dataset;
  let datasetId: string;
  /** The adversarially trained MLP (this file's train job) and a VGG (trained by the helper). */
  let mlpId: string;
  let vggId: string;
  let inversionId: string;
  /** Kinds whose stored values a test below checked. */
  const checked = new Set<string>();

  beforeAll(async () => {
    t = await startTestServer({ database: 'pglite', worker: true });
    downloads = createModelDownloads(t);
    folder = await mkdtemp(join(tmpdir(), 'simlab-job-kinds-'));
    await initBackend();
  });
  afterAll(async () => {
    await downloads?.dispose();
    await t?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  /** Runs a mutation that must queue a job, waits for it, and expects COMPLETED. */
  async function complete<P extends Payload>(mutation: string, input: Record<string, unknown>): Promise<P> {
    const payload = await mutate<P>(t, mutation, { input });
    expect(payload.cached, 'a new request').toBe(false);
    const job = await waitForJob(t, payload.job!.id);
    expect(job.status, JSON.stringify(job.error)).toBe('COMPLETED');
    return payload;
  }

  /** The identical request again: the stored entity, `cached: true`, no job. */
  async function expectCached(mutation: string, input: Record<string, unknown>, entity: string, id: string) {
    const again = await mutate<Payload & Record<string, { id: string }>>(t, mutation, { input });
    expect(
      { cached: again.cached, job: again.job, id: again[entity]?.id },
      /\{\s*(\w+)\(/.exec(mutation)![1],
    ).toEqual({
      cached: true,
      job: null,
      id,
    });
  }

  async function query<T>(text: string, variables: Record<string, unknown>): Promise<T> {
    const res = await t.gql<T>(text, variables);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data!;
  }

  it('register-dataset: stores the hash, shape, classes and pixels compute reads from the uploads', async () => {
    const files = syntheticDataset({ count: 64, size: 8, classes: 4 });
    await writeFile(join(folder, 'images.npy'), files.images);
    await writeFile(join(folder, 'labels.npy'), files.labels);
    dataset = await loadDataset(folder);
    const input = {
      name: 'synthetic',
      uploadIds: [await upload(t, 'images.npy', files.images), await upload(t, 'labels.npy', files.labels)],
    };
    const payload = await complete<Payload & { dataset: { id: string } }>(REGISTER_DATASET, input);
    datasetId = payload.dataset.id;
    const stored = (
      await query<{ dataset: Record<string, unknown> }>(
        'query($id: ID!) { dataset(id: $id) { status count imageShape classCounts contentHash imagesStored } }',
        { id: datasetId },
      )
    ).dataset;
    const classCounts = [0, 0, 0, 0];
    for (const label of dataset.labels) classCounts[label]!++;
    expect(stored).toEqual({
      status: 'READY',
      count: dataset.count,
      imageShape: [...dataset.imageShape],
      classCounts,
      contentHash: dataset.hash,
      imagesStored: true,
    });
    const indices = [0, 17, 63];
    const pixels = await fetchImages(t, `/datasets/${datasetId}/images.npy?indices=${indices.join(',')}`);
    expect(pixels).toEqual(subsetDataset(dataset, indices).images);
    await expectCached(REGISTER_DATASET, input, 'dataset', datasetId);
    checked.add('register-dataset');
  });

  it("train: stores a checkpoint whose clean and robust accuracy compute measures as the card's", async () => {
    const input = {
      name: 'mlp-eps0.5',
      architectureId: 'mlp',
      datasetId,
      eps: 0.5,
      seed: 2,
      epochs: 1,
      batchSize: 16,
      evaluationCount: 32,
      attackSteps: 2,
    };
    const payload = await complete<Payload & { model: { id: string } }>(START_TRAINING, input);
    mlpId = payload.model.id;
    const { model } = await query<{
      model: {
        status: string;
        weightsHash: string;
        inputShape: number[];
        classes: number;
        cleanAccuracy: number;
        eps: number;
        norm: string;
        card: ModelCard;
        robustness: { id: string; accuracy: number; cleanAccuracy: number; eps: number; count: number }[];
      };
    }>(
      `query($id: ID!) { model(id: $id) { status weightsHash inputShape classes cleanAccuracy eps norm card
         robustness { id accuracy cleanAccuracy eps count } } }`,
      { id: mlpId },
    );
    expect(model).toMatchObject({ status: 'READY', inputShape: [8, 8, 1], classes: 4, eps: 0.5, norm: 'L2' });
    const [row] = await getModels(t.server.services.db, [mlpId]);
    const weights = await fetchBytes(t, `/blobs/${row!.files!['weights.bin']}`);
    expect(model.weightsHash).toBe(createHash('sha256').update(weights).digest('hex'));

    // The card's evaluation, measured again by compute on the stored checkpoint and the same images.
    const attack = model.card.evaluation.attack;
    expect(attack).toMatchObject({ norm: 'l2', eps: 0.5 });
    const measured = await robustAccuracy(await downloads.load(mlpId), firstImages(32), {
      norm: attack.norm,
      epsList: [attack.eps],
      steps: attack.steps,
      stepSize: attack.stepSize,
      restarts: attack.restarts,
      randomStart: attack.randomStart,
      seed: model.card.seed,
    });
    expect(model.cleanAccuracy).toBe(measured.cleanAccuracy);
    expect(model.robustness).toHaveLength(1);
    expect(model.robustness[0]).toMatchObject({
      accuracy: measured.points[0]!.accuracy,
      cleanAccuracy: measured.cleanAccuracy,
      eps: 0.5,
      count: 32,
    });
    // Not a vacuous comparison: the attack lowers the accuracy of this barely trained model.
    expect(measured.points[0]!.accuracy).toBeLessThan(measured.cleanAccuracy);

    await expectCached(START_TRAINING, input, 'model', mlpId);
    await expectCached(TRAIN_MODEL, input, 'model', mlpId);
    // The training's evaluation answers the identical evaluateRobustness request.
    await expectCached(
      EVALUATE_ROBUSTNESS,
      {
        modelId: mlpId,
        datasetId,
        count: 32,
        norm: 'L2',
        eps: attack.eps,
        steps: attack.steps,
        stepSize: attack.stepSize,
        restarts: attack.restarts,
        seed: model.card.seed,
      },
      'evaluation',
      model.robustness[0]!.id,
    );
    checked.add('train');
  });

  it('robust-accuracy: stores the accuracy compute measures under the same PGD attack', async () => {
    const input = { modelId: mlpId, datasetId, eps: 1, count: 32, steps: 5, seed: 3 };
    const payload = await complete<Payload & { evaluation: { id: string } }>(START_ROBUST_ACCURACY, input);
    const stored = (
      await query<{ model: { robustness: Record<string, unknown>[] } }>(
        `query($id: ID!) { model(id: $id) { robustness { id status accuracy cleanAccuracy eps norm steps stepSize
           restarts count } } }`,
        { id: mlpId },
      )
    ).model.robustness.find((r) => r.id === payload.evaluation.id);
    // compute's defaults for what the request left out (step size 2.5 eps / steps, one restart).
    const measured = await robustAccuracy(await downloads.load(mlpId), firstImages(32), {
      norm: 'l2',
      epsList: [1],
      steps: 5,
      seed: 3,
    });
    expect(stored).toEqual({
      id: payload.evaluation.id,
      status: 'READY',
      accuracy: measured.points[0]!.accuracy,
      cleanAccuracy: measured.cleanAccuracy,
      eps: 1,
      norm: 'L2',
      steps: 5,
      stepSize: measured.points[0]!.attack.stepSize,
      restarts: 1,
      count: 32,
    });
    expect(measured.points[0]!.accuracy).toBeLessThan(measured.cleanAccuracy);
    await expectCached(START_ROBUST_ACCURACY, input, 'evaluation', payload.evaluation.id);
    await expectCached(EVALUATE_ROBUSTNESS, input, 'evaluation', payload.evaluation.id);
    checked.add('robust-accuracy');
  });

  it('import-model: stores the hash, shape, size and card compute reads from the uploaded checkpoint', async () => {
    const [row] = await getModels(t.server.services.db, [mlpId]);
    const files = await Promise.all(
      Object.entries(row!.files!).map(async ([name, sha]) => ({
        name,
        bytes: await fetchBytes(t, `/blobs/${sha}`),
      })),
    );
    const dir = join(folder, 'upload');
    await mkdir(dir);
    for (const f of files) await writeFile(join(dir, f.name), f.bytes);
    const reference = await loadClassifier(dir);
    const card = reference.card!;
    const uploadAll = () => Promise.all(files.map((f) => upload(t, f.name, f.bytes)));
    const input = { name: 'imported-mlp', architectureId: 'mlp' };
    const payload = await complete<Payload & { model: { id: string } }>(IMPORT_MODEL, {
      ...input,
      uploadIds: await uploadAll(),
    });
    const { model } = await query<{ model: Record<string, unknown> }>(
      `query($id: ID!) { model(id: $id) { status origin format weightsHash inputShape classes parameterCount
         cleanAccuracy eps norm representationLayer representationSize } }`,
      { id: payload.model.id },
    );
    const weights = files.find((f) => f.name === 'weights.bin')!.bytes;
    const rep = await representationOf(reference.model, firstImages(4).images);
    expect(model).toEqual({
      status: 'READY',
      origin: 'IMPORTED',
      format: 'TFJS_LAYERS',
      weightsHash: createHash('sha256').update(weights).digest('hex'),
      inputShape: [...reference.model.metadata.inputShape],
      classes: reference.model.metadata.classes,
      parameterCount: reference.model.metadata.parameterCount,
      cleanAccuracy: card.evaluation.cleanAccuracy,
      eps: card.training.eps,
      norm: 'L2',
      representationLayer: 'representation',
      representationSize: rep.p,
    });
    reference.model.dispose();
    // The same files uploaded again are the same request.
    await expectCached(IMPORT_MODEL, { ...input, uploadIds: await uploadAll() }, 'model', payload.model.id);
    checked.add('import-model');
  });

  it('invert: stores the pairs, pixels and images compute inverts from them', async () => {
    const input = { modelId: mlpId, datasetId, ...PAIRS, parameters: INVERSION };
    const payload = await complete<Payload & { inversion: { id: string } }>(START_INVERSION, input);
    inversionId = payload.inversion.id;
    const { inversion } = await query<{
      inversion: {
        status: string;
        pairs: { seedIndex: number; targetIndex: number; seedLabel: number; targetLabel: number }[];
        batches: { imagesUrl: string; losses: number[]; seedLosses: number[] }[];
      };
    }>(
      `query($id: ID!) { inversion(id: $id) { status pairs { seedIndex targetIndex seedLabel targetLabel }
         batches { imagesUrl losses seedLosses } } }`,
      { id: inversionId },
    );
    expect(inversion.status).toBe('READY');
    const pairs = samplePairs(dataset.labels, { count: PAIRS.pairCount, seed: PAIRS.pairSeed });
    expect(inversion.pairs).toEqual(
      Array.from(pairs.seedIndices, (seedIndex, i) => ({
        seedIndex,
        targetIndex: pairs.targetIndices[i],
        seedLabel: pairs.seedLabels[i],
        targetLabel: pairs.targetLabels[i],
      })),
    );
    const seeds = await fetchImages(t, `/inversions/${inversionId}/seeds.npy`);
    const targets = await fetchImages(t, `/inversions/${inversionId}/targets.npy`);
    expect(seeds).toEqual(subsetDataset(dataset, pairs.seedIndices).images);
    expect(targets).toEqual(subsetDataset(dataset, pairs.targetIndices).images);

    // compute's inversion with the request's settings and compute's defaults for the rest.
    const shape: [number, number, number, number] = [PAIRS.pairCount, 8, 8, 1];
    const expected = await invertImages(
      await downloads.load(mlpId),
      { data: seeds, shape },
      { data: targets, shape },
      pairs.seedLabels,
      pairs.targetLabels,
      { ...INVERSION, layer: 'representation' },
    );
    const images = await fetchBatches(
      t,
      inversion.batches.map((b) => b.imagesUrl),
    );
    expect(images.length).toBe(expected.images.length);
    let largest = 0;
    for (let i = 0; i < images.length; i++)
      largest = Math.max(largest, Math.abs(images[i]! - expected.images[i]!));
    expect(largest, 'largest pixel difference from compute').toBeLessThanOrEqual(1e-6);
    // The images moved: a stored copy of the seeds would not pass the comparison above.
    expect(images).not.toEqual(seeds);
    const losses = inversion.batches.flatMap((b) => b.losses);
    const seedLosses = inversion.batches.flatMap((b) => b.seedLosses);
    for (const [i, loss] of losses.entries()) expectClose(loss, expected.losses[i]!, `loss of pair ${i}`);
    for (const [i, loss] of seedLosses.entries())
      expectClose(loss, expected.seedLosses[i]!, `seed loss of pair ${i}`);
    await expectCached(START_INVERSION, input, 'inversion', inversionId);
    checked.add('invert');
  });

  it('similarity: stores the CKA, intervals and nulls compute computes on the sampled and the inverted images', async () => {
    vggId = await trainTiny(t, { name: 'vgg-eps0', architectureId: 'vgg', datasetId });
    const natural = {
      modelAId: mlpId,
      modelBId: vggId,
      datasetId,
      sampleCount: SAMPLE_COUNT,
      options: OPTIONS,
    };
    const inverted = { modelAId: vggId, modelBId: mlpId, inversionId, options: OPTIONS };
    const sample = Array.from(createRng(OPTIONS.seed).permutation(dataset.count).slice(0, SAMPLE_COUNT));
    const sources = [
      { input: natural, images: await fetchImages(t, `/datasets/${datasetId}/images.npy?indices=${sample}`) },
      { input: inverted, images: await invertedImages(inversionId, mlpId) },
    ];
    for (const { input, images } of sources) {
      const payload = await complete<Payload & { result: { id: string } }>(START_SIMILARITY, input);
      const { similarityResult } = await query<{ similarityResult: StoredResult & { status: string } }>(
        `query($id: ID!) { similarityResult(id: $id) { status ${RESULT_VALUES} } } ${CKA_STATISTICS_FRAGMENT}`,
        { id: payload.result.id },
      );
      expect(similarityResult.status).toBe('READY');
      const a = await representationOf(await downloads.load(input.modelAId), images);
      const b = await representationOf(await downloads.load(input.modelBId), images);
      expectResultMatches(
        similarityResult,
        await referenceCell(a, b, STATISTICS),
        { n: a.n, p: a.p, q: b.p },
        STATISTICS,
        'inversionId' in input ? 'inverted similarity' : 'natural similarity',
      );
      await expectCached(START_SIMILARITY, input, 'result', payload.result.id);
      await expectCached(COMPUTE_SIMILARITY, input, 'result', payload.result.id);
    }
    checked.add('similarity');
  });

  it('matrix: stores natural and inverted matrices whose every cell compute recomputes', async () => {
    const modelIds = [mlpId, vggId];
    const sample = Array.from(createRng(OPTIONS.seed).permutation(dataset.count).slice(0, SAMPLE_COUNT));
    const naturalPixels = await fetchImages(t, `/datasets/${datasetId}/images.npy?indices=${sample}`);
    const natural = { source: 'NATURAL', modelIds, datasetId, sampleCount: SAMPLE_COUNT, options: OPTIONS };
    const inverted = {
      source: 'INVERTED',
      modelIds,
      datasetId,
      ...PAIRS,
      inversion: INVERSION,
      options: OPTIONS,
    };
    for (const input of [natural, inverted]) {
      const payload = await complete<Payload & { matrix: { id: string } }>(START_MATRIX, input);
      const { matrix } = await query<{
        matrix: {
          status: string;
          values: number[][];
          cells: {
            row: number;
            column: number;
            result: StoredResult & { modelA: { id: string }; inversion: { id: string } | null };
          }[];
        };
      }>(
        `query($id: ID!) { matrix(id: $id) { status values
           cells { row column result { modelA { id } inversion { id } ${RESULT_VALUES} } } } }
         ${CKA_STATISTICS_FRAGMENT}`,
        { id: payload.matrix.id },
      );
      expect(matrix.status).toBe('READY');
      expect(matrix.cells).toHaveLength(4);
      for (let r = 0; r < 2; r++) {
        // Row r of an inverted matrix is on an inversion through model r with the matrix's pairs (row 0 reuses
        // the one inverted above); a natural matrix is on the seeded sample.
        let rowInversion: string | null = null;
        let images = naturalPixels;
        if (input === inverted) {
          rowInversion = matrix.cells.find((c) => c.row === r && c.column === r)!.result.inversion!.id;
          if (r === 0) expect(rowInversion).toBe(inversionId);
          images = await invertedImages(rowInversion, modelIds[r]!);
        }
        const reps: Activations[] = [];
        for (const id of modelIds) reps.push(await representationOf(await downloads.load(id), images));
        for (let c = 0; c < 2; c++) {
          const label = `${input.source} (${r}, ${c})`;
          const cell = matrix.cells.find((x) => x.row === r && x.column === c)!;
          const [a, b] = input === natural && r > c ? [c, r] : [r, c];
          expect(cell.result.modelA.id, label).toBe(modelIds[a]);
          expect(cell.result.inversion?.id ?? null, label).toBe(rowInversion);
          const reference = await referenceCell(reps[a]!, reps[b]!, a === b ? null : STATISTICS);
          expectClose(matrix.values[r]![c]!, reference.biased.value, `${label} values[r][c]`);
          expectResultMatches(
            cell.result,
            reference,
            { n: reps[a]!.n, p: reps[a]!.p, q: reps[b]!.p },
            a === b ? null : STATISTICS,
            label,
          );
        }
      }
      await expectCached(START_MATRIX, input, 'matrix', payload.matrix.id);
      await expectCached(COMPUTE_MATRIX, input, 'matrix', payload.matrix.id);
    }
    checked.add('matrix');
  });

  it('study: stores a report whose inverted and natural values compute recomputes, and the matrices it names', async () => {
    const modelIds = [mlpId, vggId];
    const input = {
      name: 'two models',
      preset: 'QUICK',
      modelIds,
      datasetId,
      ...PAIRS,
      inversion: INVERSION,
      options: OPTIONS,
    };
    const payload = await complete<Payload & { study: { id: string } }>(START_STUDY, input);
    const { study } = await query<{
      study: {
        status: string;
        report: {
          natural: { values: number[][] };
          inverted: { values: number[][] };
          pairs: { targetIndices: number[] };
        };
        naturalMatrix: { values: number[][] };
        invertedMatrix: {
          values: number[][];
          cells: { row: number; result: { inversion: { id: string } } }[];
        };
      };
    }>(
      `query($id: ID!) { study(id: $id) { status report naturalMatrix { values }
         invertedMatrix { values cells { row result { inversion { id } } } } } }`,
      { id: payload.study.id },
    );
    expect(study.status).toBe('READY');
    const targets = study.report.pairs.targetIndices;
    expect(targets).toEqual(
      Array.from(samplePairs(dataset.labels, { count: PAIRS.pairCount, seed: PAIRS.pairSeed }).targetIndices),
    );
    const naturalPixels = await fetchImages(t, `/datasets/${datasetId}/images.npy?indices=${targets}`);
    for (let r = 0; r < 2; r++) {
      const inversion = study.invertedMatrix.cells.find((c) => c.row === r)!.result.inversion.id;
      const sets = {
        natural: naturalPixels,
        inverted: await invertedImages(inversion, modelIds[r]!, targets),
      };
      for (const kind of ['natural', 'inverted'] as const) {
        const reps: Activations[] = [];
        for (const id of modelIds) reps.push(await representationOf(await downloads.load(id), sets[kind]));
        for (let c = 0; c < 2; c++) {
          const expected = (await referenceCell(reps[r]!, reps[c]!, null)).biased.value;
          expectClose(study.report[kind].values[r]![c]!, expected, `study report ${kind} (${r}, ${c})`);
          const served = kind === 'natural' ? study.naturalMatrix : study.invertedMatrix;
          expectClose(served.values[r]![c]!, expected, `study ${kind}Matrix (${r}, ${c})`);
        }
      }
    }
    await expectCached(START_STUDY, input, 'study', payload.study.id);
    checked.add('study');
  });

  it('covered every job kind the server handles', async () => {
    expect([...checked].sort()).toEqual(handlers.map((h) => h.kind).sort());
    const jobs = await query<{ jobs: { edges: { node: { kind: string } }[] } }>(
      '{ jobs(first: 100, filter: { status: COMPLETED }) { edges { node { kind } } } }',
      {},
    );
    const completed = new Set(jobs.jobs.edges.map((e) => e.node.kind));
    expect([...completed].sort()).toEqual(
      handlers.map((h) => h.kind.toUpperCase().replace(/-/g, '_')).sort(),
    );
  });

  /** The first `count` images of the dataset, as compute subsets it. */
  function firstImages(count: number): Dataset {
    return subsetDataset(
      dataset,
      Array.from({ length: count }, (_, i) => i),
    );
  }

  /**
   * An inversion's images, from its stored batches through /blobs, after checking it was made through `modelId`
   * (and, when given, for these targets): a row pointing at another row's inversion fails here.
   */
  async function invertedImages(id: string, modelId: string, targets?: number[]): Promise<Float32Array> {
    const { inversion } = await query<{
      inversion: {
        model: { id: string };
        pairs: { targetIndex: number }[];
        batches: { imagesUrl: string }[];
      };
    }>(
      'query($id: ID!) { inversion(id: $id) { model { id } pairs { targetIndex } batches { imagesUrl } } }',
      {
        id,
      },
    );
    expect(inversion.model.id, `inversion ${id} is through model ${modelId}`).toBe(modelId);
    if (targets) expect(inversion.pairs.map((p) => p.targetIndex)).toEqual(targets);
    return fetchBatches(
      t,
      inversion.batches.map((b) => b.imagesUrl),
    );
  }
});
