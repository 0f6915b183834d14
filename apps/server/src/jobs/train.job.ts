/**
 * Trains a model in a compute child, stores its checkpoint files as blobs and its card, and records the card's
 * evaluation as a robust-accuracy result (so an identical evaluateRobustness request returns it).
 */
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelCard } from '@simlab/compute';
import type { TrainTaskInput } from '../compute/tasks/train.task.js';
import { getDatasets } from '../db/dataset.queries.js';
import { robustAccuracyKey } from '../db/keys.js';
import { completeModel, getModels } from '../db/model.queries.js';
import {
  completeRobustAccuracy,
  insertRobustAccuracy,
  type RobustAccuracyParams,
} from '../db/robust-accuracy.queries.js';
import type { JobHandler } from '../queue/job-context.js';
import { datasetLocation } from './steps/locations.js';
import { provenanceRecord } from './steps/provenance.js';

type TrainInput = Omit<TrainTaskInput, 'dataset' | 'evaluation' | 'outDir'> & { evaluationDatasetId: string };

const FILES = ['model.json', 'weights.bin', 'model-card.json'];

export const trainJob: JobHandler<TrainInput> = {
  kind: 'train',
  async run(ctx) {
    const [model] = await getModels(ctx.db, [ctx.job.subjectId]);
    if (!model?.datasetId) throw new Error(`model ${ctx.job.subjectId} vanished or has no training dataset`);
    const [train] = await getDatasets(ctx.db, [model.datasetId]);
    const [evaluation] = await getDatasets(ctx.db, [ctx.input.evaluationDatasetId]);
    const outDir = join(ctx.blobs.root, 'tmp', `train-${ctx.job.id}-${ctx.retryCount}`);
    try {
      const i = ctx.input;
      const card = await ctx.compute.run(
        'train',
        {
          architectureId: i.architectureId,
          trainCount: i.trainCount,
          evaluationCount: i.evaluationCount,
          epochs: i.epochs,
          batchSize: i.batchSize,
          learningRate: i.learningRate,
          seed: i.seed,
          norm: i.norm,
          eps: i.eps,
          attackSteps: i.attackSteps,
          dataset: await datasetLocation(ctx.blobs, train!),
          evaluation: await datasetLocation(ctx.blobs, evaluation!),
          outDir,
        } satisfies TrainTaskInput,
        {
          signal: ctx.signal,
          onEvent: (e) => {
            const event = e as { fraction: number; message: string };
            void ctx.progress(event.fraction, event.message);
          },
        },
      );
      const files: Record<string, string> = {};
      for (const name of FILES)
        files[name] = (await ctx.blobs.put(await readFile(join(outDir, name)))).sha256;
      await completeModel(ctx.db, model.id, {
        weightsHash: card.weightsHash,
        files,
        card: card as unknown as Record<string, unknown>,
        cleanAccuracy: card.evaluation.cleanAccuracy,
        norm: card.training.eps > 0 ? card.training.norm : null,
        eps: card.training.eps,
        inputShape: [...card.inputShape],
        classes: card.classes,
      });
      await recordEvaluation(ctx.db, model.id, evaluation!.id, evaluation!.contentHash, card);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  },
};

async function recordEvaluation(
  db: Parameters<typeof insertRobustAccuracy>[0],
  modelId: string,
  datasetId: string,
  datasetHash: string | null,
  card: ModelCard,
): Promise<void> {
  const attack = card.evaluation.attack;
  const params: RobustAccuracyParams = {
    norm: attack.norm,
    eps: attack.eps,
    steps: attack.steps,
    stepSize: attack.stepSize,
    restarts: attack.restarts,
    count: card.evaluation.dataset.count,
    seed: card.seed,
  };
  const requestKey = robustAccuracyKey(card.weightsHash, datasetHash, params);
  const row = await insertRobustAccuracy(db, {
    id: randomUUID(),
    modelId,
    datasetId,
    params,
    requestKey,
    jobId: null,
  });
  if (!row) return;
  await completeRobustAccuracy(db, row.id, {
    accuracy: card.evaluation.robustAccuracy,
    cleanAccuracy: card.evaluation.cleanAccuracy,
    provenance: provenanceRecord(
      { codeVersion: card.codeVersion, backend: card.backend, machine: {} },
      {
        requestKey,
        seed: card.seed,
        weightsHashes: [card.weightsHash],
        datasetHash,
        parameters: { ...params },
        timings: { evaluateSeconds: card.timings.evaluateSeconds },
      },
    ),
  });
}
