/**
 * Loads a registered dataset in a compute child and stores its hash, size, shape and classes, and its pixels
 * and labels as blobs (served by index: sample grids, inversion seeds and targets).
 */
import { rm } from 'node:fs/promises';
import { DataFormatError } from '@simlab/compute';
import type { LoadDatasetInput } from '../compute/tasks/load-dataset.task.js';
import { completeDataset, getDatasets } from '../db/dataset.queries.js';
import type { JobHandler } from '../queue/job-context.js';
import { datasetLocation } from './steps/locations.js';

export const registerDatasetJob: JobHandler = {
  kind: 'register-dataset',
  async run(ctx) {
    const [dataset] = await getDatasets(ctx.db, [ctx.job.subjectId]);
    if (!dataset) throw new Error(`dataset ${ctx.job.subjectId} vanished`);
    await ctx.progress(0.1, 'loading', true);
    const input: LoadDatasetInput = {
      ...(await datasetLocation(ctx.blobs, dataset)),
      imagesPath: await ctx.blobs.tmpPath(),
      labelsPath: await ctx.blobs.tmpPath(),
    };
    try {
      const info = await ctx.compute.run('load-dataset', input, { signal: ctx.signal });
      if (dataset.contentHash !== null && dataset.contentHash !== info.hash) {
        // Results already name the old hash (SPEC §7): never let a READY dataset change under them.
        throw new DataFormatError(
          `dataset ${dataset.name} now loads with content hash ${info.hash}, but it was registered with ` +
            `${dataset.contentHash}; its source changed. Restore the source, or register it under a new name`,
        );
      }
      await ctx.progress(0.9, 'storing pixels', true);
      const images = await ctx.blobs.putFile(input.imagesPath);
      const labels = await ctx.blobs.putFile(input.labelsPath);
      await completeDataset(ctx.db, dataset.id, {
        ...info,
        contentHash: info.hash,
        imagesSha256: images.sha256,
        labelsSha256: labels.sha256,
      });
    } finally {
      // Left behind only when loading failed or was cancelled; putFile moved them otherwise.
      await rm(input.imagesPath, { force: true });
      await rm(input.labelsPath, { force: true });
    }
  },
};
