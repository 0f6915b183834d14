/** Loads a registered dataset in a compute child and stores its hash, size, shape and classes. */
import { completeDataset, getDatasets } from '../db/dataset.queries.js';
import type { JobHandler } from './job-context.js';
import { datasetLocation } from './locations.js';
import type { LoadedDatasetInfo } from './tasks/load-dataset.task.js';

export const registerDatasetJob: JobHandler = {
  kind: 'register-dataset',
  async run(ctx) {
    const [dataset] = await getDatasets(ctx.db, [ctx.job.subjectId]);
    if (!dataset) throw new Error(`dataset ${ctx.job.subjectId} vanished`);
    await ctx.progress(0.1, 'loading', true);
    const info = await ctx.compute.run<LoadedDatasetInfo>(
      'load-dataset',
      await datasetLocation(ctx.blobs, dataset),
      {
        signal: ctx.signal,
      },
    );
    await completeDataset(ctx.db, dataset.id, { ...info, contentHash: info.hash });
  },
};
