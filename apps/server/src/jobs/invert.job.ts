/** The invert job (startInversion): one inversion (SPEC §4), run and stored batch by batch (steps/run-inversion.ts). */
import type { InversionProgress } from '@simlab/compute';
import { getInversions } from '../db/inversion.queries.js';
import type { JobHandler } from '../queue/job-context.js';
import { runInversion } from './steps/run-inversion.js';

export const invertJob: JobHandler = {
  kind: 'invert',
  async run(ctx) {
    const [inversion] = await getInversions(ctx.db, [ctx.job.subjectId]);
    if (!inversion) throw new Error(`inversion ${ctx.job.subjectId} vanished`);
    await runInversion(ctx, inversion, {
      onProgress: (p) =>
        ctx.progress((p.batch + p.iteration / Math.max(1, p.iterations)) / p.batches, describeProgress(p)),
      onBatchStored: (index, batches) =>
        ctx.progress((index + 1) / batches, `batch ${index + 1}/${batches} stored`, true),
    });
  },
};

/** "batch 2/4, iteration 150/200, loss 0.1234" */
function describeProgress(p: InversionProgress): string {
  return `batch ${p.batch + 1}/${p.batches}, iteration ${p.iteration}/${p.iterations}, loss ${p.meanLoss.toFixed(4)}`;
}
