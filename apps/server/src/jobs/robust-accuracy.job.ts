/** Robust accuracy of a model (SPEC §6) in a compute child; stores accuracy and provenance. */

import type { RobustAccuracyTaskInput } from '../compute/tasks/robust-accuracy.task.js';
import { getDatasets } from '../db/dataset.queries.js';
import { getModels } from '../db/model.queries.js';
import { completeRobustness, getRobustness } from '../db/robustness.queries.js';
import type { JobHandler } from '../queue/job-context.js';
import { checkpointDir, datasetLocation } from './steps/locations.js';
import { provenanceRecord } from './steps/provenance.js';

export const evaluateRobustnessJob: JobHandler = {
  kind: 'evaluate-robustness',
  async run(ctx) {
    const [evaluation] = await getRobustness(ctx.db, [ctx.job.subjectId]);
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
    await completeRobustness(ctx.db, evaluation.id, {
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
