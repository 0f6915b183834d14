/** One CKA value between two models, on natural images or on an inversion (SPEC §3). */

import type { ImageSet } from '../compute/tasks/similarity.task.js';
import { getDatasets } from '../db/dataset.queries.js';
import { getInversions, listBatches } from '../db/inversion.queries.js';
import { getModels } from '../db/model.queries.js';
import { getResults } from '../db/similarity-result.queries.js';
import type { JobHandler } from '../queue/job-context.js';
import { datasetLocation } from './steps/locations.js';
import { publishResult, runCells } from './steps/run-cells.js';

export const similarityJob: JobHandler = {
  kind: 'similarity',
  async run(ctx) {
    const [result] = await getResults(ctx.db, [ctx.job.subjectId]);
    if (!result) throw new Error(`similarity result ${ctx.job.subjectId} vanished`);
    const [modelA] = await getModels(ctx.db, [result.modelAId]);
    const [modelB] = await getModels(ctx.db, [result.modelBId]);
    const [dataset] = await getDatasets(ctx.db, [result.datasetId!]);
    const [inversion] = result.inversionId ? await getInversions(ctx.db, [result.inversionId]) : [];
    const images: ImageSet = inversion
      ? {
          kind: 'inverted',
          batchPaths: await Promise.all(
            (await listBatches(ctx.db, inversion.id)).map((b) => ctx.blobs.localPath(b.imagesSha256)),
          ),
        }
      : {
          kind: 'natural',
          dataset: await datasetLocation(ctx.blobs, dataset!),
          sampleCount: result.params.sampleCount!,
          sampleSeed: result.params.sampleSeed,
        };
    await ctx.progress(0.1, 'computing representations', true);
    await runCells(
      ctx,
      {
        metric: result.metric,
        models: [modelA!, modelB!],
        layers: [result.layerA, result.layerB],
        dataset: dataset!,
        images: [images],
        inversions: [inversion ? { id: inversion.id, requestKey: inversion.requestKey } : null],
        params: result.params,
        cells: [{ images: 0, a: 0, b: 1 }],
      },
      ({ result: stored }) => publishResult(ctx, stored),
    );
  },
};
