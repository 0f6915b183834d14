/** A study: the natural matrix, then the inverted one (with its inversions), over the same models (SPEC §5, §6). */
import { getDatasets } from '../db/dataset.queries.js';
import { getModels } from '../db/model.queries.js';
import { getMatrices, type MatrixParams, setMatrixStatus } from '../db/similarity-matrix.queries.js';
import { getStudies, updateStudy } from '../db/study.queries.js';
import { insertOrGetMatrix } from '../requests/matrix.request.js';
import type { JobContext, JobHandler } from './job-context.js';
import { runMatrix } from './matrix.job.js';

/** Share of a study's progress for the natural matrix (the inverted one, with inversions, takes the rest). */
const NATURAL_SHARE = 0.15;

export const studyJob: JobHandler<{ natural: MatrixParams; inverted: MatrixParams }> = {
  kind: 'study',
  async run(ctx) {
    const [study] = await getStudies(ctx.db, [ctx.job.subjectId]);
    if (!study) throw new Error(`study ${ctx.job.subjectId} vanished`);
    const byId = new Map((await getModels(ctx.db, study.spec.modelIds)).map((m) => [m.id, m]));
    const models = study.spec.modelIds.map((id) => byId.get(id)!);
    const [dataset] = await getDatasets(ctx.db, [study.datasetId]);
    const metric = String(study.spec.metric);
    // Each matrix id is recorded as its stage starts, so clients find the matrix and watch its cells fill.
    await stage(
      ctx,
      { metric, source: 'natural', models, dataset: dataset!, params: ctx.input.natural },
      [0, NATURAL_SHARE],
      (id) => updateStudy(ctx.db, study.id, { naturalMatrixId: id }),
    );
    await stage(
      ctx,
      { metric, source: 'inverted', models, dataset: dataset!, params: ctx.input.inverted },
      [NATURAL_SHARE, 1],
      (id) => updateStudy(ctx.db, study.id, { invertedMatrixId: id }),
    );
    await updateStudy(ctx.db, study.id, { status: 'READY', finished: true });
  },
};

async function stage(
  ctx: JobContext,
  spec: Parameters<typeof insertOrGetMatrix>[1],
  [from, to]: [number, number],
  started: (matrixId: string) => Promise<void>,
): Promise<void> {
  const { row } = await insertOrGetMatrix(ctx.db, spec);
  await started(row.id);
  if (row.status !== 'READY') {
    await setMatrixStatus(ctx.db, row.id, 'RUNNING', ctx.job.id);
    const [fresh] = await getMatrices(ctx.db, [row.id]);
    await runMatrix(ctx, fresh!, (fraction, message, force) =>
      ctx.progress(from + (to - from) * fraction, `${spec.source} matrix: ${message}`, force),
    );
  }
}
