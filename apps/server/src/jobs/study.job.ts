/**
 * A study (SPEC §1, §5, §6) through compute's study pipeline, the one `simlab study` runs:
 *
 *   1. plan (compute's planStudy): the pairs, drawn from the images the request chose (compute's
 *      chooseStudyImages: those the models did not train on, as `simlab study` draws them), one inversion per
 *      model, the natural and inverted cells
 *   2. execute (compute's executeStudy) with the server's executor: inversions of all models at once on the
 *      compute pool, each stored batch by batch; each row's cells as soon as its inversion is stored
 *   3. assemble (compute's assembleStudyReport): matrices, agreement, trend; stored in the matrix rows and as
 *      the study's report
 *
 * Both matrices are recorded on the study as the job starts, so clients find them and watch their cells fill.
 * A retried job plans the same study and finds what earlier attempts stored.
 */
import {
  assembleStudyReport,
  executeStudy,
  planStudy,
  type StudyProgress,
  wholeDatasetImages,
} from '@simlab/compute';
import { getDatasets } from '../db/dataset.queries.js';
import { insertOrGetMatrix } from '../db/insert-or-get.js';
import { getModels } from '../db/model.queries.js';
import type { MatrixRow } from '../db/similarity-matrix.queries.js';
import { completeStudy, getStudies, updateStudy } from '../db/study.queries.js';
import { setSubjectStatus } from '../db/subject.queries.js';
import type { JobContext, JobHandler } from '../queue/job-context.js';
import { datasetLocation } from './steps/locations.js';
import { reportDescription } from './steps/model-description.js';
import { planDataset } from './steps/plan-dataset.js';
import { planModel } from './steps/plan-model.js';
import { computeProvenance, storeMatrix } from './steps/store-matrix.js';
import { createServerExecutor } from './steps/study-executor.js';

export const studyJob: JobHandler = {
  kind: 'study',
  async run(ctx) {
    const started = performance.now();
    const [study] = await getStudies(ctx.db, [ctx.job.subjectId]);
    if (!study) throw new Error(`study ${ctx.job.subjectId} vanished`);
    const { spec } = study;
    const byId = new Map((await getModels(ctx.db, spec.modelIds)).map((m) => [m.id, m]));
    const models = spec.modelIds.map((id) => byId.get(id)!);
    const [dataset] = await getDatasets(ctx.db, [study.datasetId]);
    const plan = planStudy({
      models: models.map((m) => planModel(m, spec.params)),
      dataset: await planDataset(ctx.blobs, dataset!),
      params: spec.params,
      images:
        spec.images ??
        wholeDatasetImages(
          { name: dataset!.name, count: dataset!.count! },
          'requested before the server drew pairs from held-out images only: from the whole dataset',
        ),
    });
    const params = spec.matrices;
    const matrix = (source: 'natural' | 'inverted') => ({
      metric: spec.metric,
      source,
      models,
      dataset: dataset!,
      params: params[source],
    });
    const natural = (await insertOrGetMatrix(ctx.db, matrix('natural'))).row;
    const inverted = (await insertOrGetMatrix(ctx.db, matrix('inverted'))).row;
    await updateStudy(ctx.db, study.id, { naturalMatrixId: natural.id, invertedMatrixId: inverted.id });
    const matrices = [natural, inverted].filter((m) => m.status !== 'READY');
    for (const m of matrices) await setSubjectStatus(ctx.db, 'SimilarityMatrix', m.id, 'RUNNING', ctx.job.id);
    const executor = createServerExecutor(ctx, {
      models,
      dataset: dataset!,
      metric: spec.metric,
      layer: params.inverted.layer,
      representationBatchSize: plan.params.representationBatchSize,
      inversions: { pairs: plan.pairs, params: params.inverted.inversion! },
      natural: {
        matrix: natural,
        params: params.naturalCells,
        images: {
          kind: 'natural-indices',
          dataset: await datasetLocation(ctx.blobs, dataset!),
          indices: Array.from(plan.pairs.targetIndices),
        },
      },
      inverted: { matrix: inverted, params: params.invertedCells },
    });
    const loadMs = performance.now() - started;
    const results = await failMatricesOnError(ctx, matrices, () =>
      executeStudy(plan, executor, {
        signal: ctx.signal,
        onProgress: (p) => void ctx.progress(p.fraction, describeStudyProgress(p)),
      }),
    );
    const provenance = await computeProvenance(ctx);
    const report = assembleStudyReport(plan, results, {
      provenance,
      loadMs,
      workers: ctx.compute.size,
      descriptions: models.map((m) => reportDescription(m, spec.params.robustAccuracyEps ?? 1)),
    });
    report.timings.totalMs = performance.now() - started;
    const seconds = report.timings.totalMs / 1000;
    for (const [row, matrix] of [
      [natural, report.natural],
      [inverted, report.inverted],
    ] as const) {
      if (row.status !== 'READY') {
        await storeMatrix(ctx, row, matrix, { models, dataset: dataset!, provenance, seconds });
      }
    }
    await completeStudy(ctx.db, study.id, report);
  },
};

/** Runs `work`; when it throws, the matrices it was filling turn CANCELLED (job cancelled) or FAILED. */
export async function failMatricesOnError<T>(
  ctx: JobContext,
  matrices: readonly MatrixRow[],
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    for (const m of matrices)
      await setSubjectStatus(ctx.db, 'SimilarityMatrix', m.id, ctx.signal.aborted ? 'CANCELLED' : 'FAILED');
    throw error;
  }
}

/** The job's message for a pipeline event: "natural matrix: cell 3/6", "inverted matrix: inversion of a: ..." */
export function describeStudyProgress(p: StudyProgress): string {
  if (p.stage === 'natural') return `natural matrix: cell ${p.done}/${p.total}`;
  if (p.stage === 'inverted')
    return `inverted matrix: cell ${p.done}/${p.total}${p.model ? ` (row ${p.model})` : ''}`;
  if (p.stage === 'inversion') return `inverted matrix: inversion of ${p.model}: ${p.detail ?? ''}`.trim();
  return p.stage;
}
