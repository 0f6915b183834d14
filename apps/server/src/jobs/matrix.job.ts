/**
 * A similarity matrix (SPEC §5) through the study pipeline's executor (study-executor.ts), alone:
 *   INVERTED  compute's plan for these models and pairs, run with `only: 'inverted'`: every row model's
 *             inversion at once on the compute pool (or reused, by request key), each row's cells as soon as
 *             its inversion is stored
 *   NATURAL   the cells on and above the diagonal on a seeded sample of the dataset; the lower triangle points
 *             at the same results
 * Cells are stored and published as they finish; a retried job skips the stored ones. compute assembles the
 * matrix (matrixFromCells) and its trend.
 */
import {
  type CellsOutcome,
  executeStudy,
  matrixFromCells,
  naturalCellPairs,
  planStudy,
  type StudyParams,
} from '@simlab/compute';
import { getDatasets } from '../db/dataset.queries.js';
import { getModels } from '../db/model.queries.js';
import { cellParams, getMatrices, type MatrixRow } from '../db/similarity-matrix.queries.js';
import type { JobContext, JobHandler } from '../queue/job-context.js';
import { datasetLocation } from './steps/locations.js';
import { planDataset } from './steps/plan-dataset.js';
import { computeProvenance, storeMatrix, trendModel } from './steps/store-matrix.js';
import { createServerExecutor } from './steps/study-executor.js';
import { describeStudyProgress, failMatricesOnError } from './study.job.js';

/** Images per forward pass, as compute's study presets use. */
const REPRESENTATION_BATCH = 256;

export const matrixJob: JobHandler = {
  kind: 'matrix',
  async run(ctx) {
    const [matrix] = await getMatrices(ctx.db, [ctx.job.subjectId]);
    if (!matrix) throw new Error(`matrix ${ctx.job.subjectId} vanished`);
    await runMatrix(ctx, matrix);
  },
};

export async function runMatrix(ctx: JobContext, matrix: MatrixRow): Promise<void> {
  const started = performance.now();
  const byId = new Map((await getModels(ctx.db, matrix.modelIds)).map((m) => [m.id, m]));
  const models = matrix.modelIds.map((id) => byId.get(id)!);
  const [dataset] = await getDatasets(ctx.db, [matrix.datasetId]);
  const common = {
    models,
    dataset: dataset!,
    metric: matrix.metric,
    layer: matrix.params.layer,
    representationBatchSize: REPRESENTATION_BATCH,
  };
  const outcomes = await failMatricesOnError(ctx, [matrix], async (): Promise<CellsOutcome[]> => {
    const onProgress = (p: Parameters<typeof describeStudyProgress>[0]) =>
      void ctx.progress(p.fraction, describeStudyProgress(p));
    if (matrix.source === 'natural') {
      const executor = createServerExecutor(ctx, {
        ...common,
        natural: {
          matrix,
          params: cellParams(matrix.params),
          images: {
            kind: 'natural',
            dataset: await datasetLocation(ctx.blobs, dataset!),
            sampleCount: matrix.params.sampleCount!,
            sampleSeed: matrix.params.sampleSeed,
          },
        },
      });
      const cells = naturalCellPairs(models.length);
      let done = 0;
      const onCell = () =>
        onProgress({ stage: 'natural', done: ++done, total: cells.length, fraction: done / cells.length });
      return [
        await executor.cells({ images: { kind: 'natural' }, cells }, undefined, {
          signal: ctx.signal,
          onCell,
        }),
      ];
    }
    const params = studyParamsOf(matrix);
    const plan = planStudy({
      models: models.map(trendModel),
      dataset: await planDataset(ctx.blobs, dataset!),
      params,
    });
    const executor = createServerExecutor(ctx, {
      ...common,
      inversions: { pairs: plan.pairs, params: matrix.params.inversion! },
      inverted: { matrix, params: cellParams(matrix.params) },
    });
    const results = await executeStudy(plan, executor, { only: 'inverted', signal: ctx.signal, onProgress });
    return results.inverted;
  });
  const layers = models.map(
    (_, i) => outcomes.map((o) => o.layers[i]).find((l) => l !== undefined) ?? matrix.params.layer,
  );
  const assembled = matrixFromCells(
    matrix.source,
    models.map((m) => m.name),
    layers,
    outcomes.flatMap((o) => o.cells),
    {
      metric: matrix.metric as StudyParams['metric'],
      nullPermutations: matrix.params.nullPermutations,
      bootstrapResamples: matrix.params.bootstrapResamples,
      seed: matrix.params.sampleSeed,
    },
  );
  await storeMatrix(ctx, matrix, assembled, {
    models,
    dataset: dataset!,
    provenance: await computeProvenance(ctx),
    seconds: (performance.now() - started) / 1000,
  });
}

/** compute's study parameters that an inverted matrix's parameters stand for. */
function studyParamsOf(matrix: MatrixRow): StudyParams {
  const { layer, ...settings } = matrix.params.inversion!;
  return {
    preset: 'custom',
    pairs: matrix.params.pairCount!,
    pairSeed: matrix.params.pairSeed!,
    inversion: settings,
    layer,
    metric: matrix.metric as StudyParams['metric'],
    nullPermutations: matrix.params.nullPermutations,
    bootstrapResamples: matrix.params.bootstrapResamples,
    confidence: matrix.params.confidenceLevel,
    statsSeed: matrix.params.sampleSeed,
    representationBatchSize: REPRESENTATION_BATCH,
    contactSheetPairs: 0,
  };
}
