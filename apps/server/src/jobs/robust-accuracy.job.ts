/** Robust accuracy of a model (SPEC §6) in a compute child; stores accuracy and provenance. */

import type { RobustAccuracyTaskInput } from '../compute/tasks/robust-accuracy.task.js';
import { getDatasets } from '../db/dataset.queries.js';
import { getModels } from '../db/model.queries.js';
import { completeRobustAccuracy, getRobustAccuracies } from '../db/robust-accuracy.queries.js';
import type { JobHandler } from '../queue/job-context.js';
import { checkpointDir, datasetLocation } from './steps/locations.js';
import { provenanceRecord } from './steps/provenance.js';

export const robustAccuracyJob: JobHandler = {
  kind: 'robust-accuracy',
  async run(ctx) {
    const [evaluation] = await getRobustAccuracies(ctx.db, [ctx.job.subjectId]);
    if (!evaluation) throw new Error(`evaluation ${ctx.job.subjectId} vanished`);
    const [model] = await getModels(ctx.db, [evaluation.modelId]);
    const [dataset] = await getDatasets(ctx.db, [evaluation.datasetId]);
    const p = evaluation.params;
    await ctx.progress(0.05, `attacking ${p.count} images`, true);
    const result = await ctx.compute.run(
      'robust-accuracy',
      {
        checkpointDir: await checkpointDir(ctx.blobs, model!),
        dataset: await datasetLocation(ctx.blobs, dataset!),
        ...p,
      } satisfies RobustAccuracyTaskInput,
      { signal: ctx.signal },
    );
    await completeRobustAccuracy(ctx.db, evaluation.id, {
      accuracy: result.accuracy,
      cleanAccuracy: result.cleanAccuracy,
      provenance: provenanceRecord(result.environment, {
        requestKey: evaluation.requestKey,
        seed: p.seed,
        weightsHashes: [model!.weightsHash!],
        datasetHash: dataset!.contentHash,
        parameters: { ...p },
        timings: { seconds: result.seconds },
      }),
    });
  },
};
