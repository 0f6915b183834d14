/**
 * Builds a zoo architecture, trains it (standard or adversarial, SPEC §6), measures clean and robust accuracy
 * at the training eps, and saves a checkpoint (model.json, weights.bin, model-card.json) to `outDir`.
 */

import type { ModelCard } from '@simlab/compute';
import {
  getArchitecture,
  loadDataset,
  robustAccuracy,
  saveCheckpoint,
  subsetDataset,
  trainModel,
} from '@simlab/compute';
import type { TaskContext } from '../task-context.js';
import { computeEnvironment, throttle } from './environment.js';
import type { DatasetLocation } from './task-inputs.js';

export interface TrainTaskInput {
  architectureId: string;
  dataset: DatasetLocation;
  trainCount: number | null;
  evaluation: DatasetLocation;
  evaluationCount: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  norm: 'l2' | 'linf';
  eps: number;
  attackSteps: number;
  outDir: string;
}

/** Steps of the evaluation attack on the card (robust accuracy at the training eps). */
const EVALUATION_STEPS = 20;

const firstN = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

export interface TrainEvent {
  type: 'progress';
  fraction: number;
  message: string;
}

export type TrainTaskResult = ModelCard;

export async function trainTask(
  input: TrainTaskInput,
  ctx: TaskContext<TrainEvent>,
): Promise<TrainTaskResult> {
  const environment = await computeEnvironment();
  const full = await loadDataset(input.dataset.source, { split: input.dataset.split });
  const train = input.trainCount ? subsetDataset(full, firstN(input.trainCount)) : full;
  const evalFull = await loadDataset(input.evaluation.source, { split: input.evaluation.split });
  const evaluation = subsetDataset(evalFull, firstN(input.evaluationCount));
  const model = getArchitecture(input.architectureId).build(
    train.imageShape,
    train.classNames.length,
    input.seed,
  );
  try {
    const report = throttle(500, (fraction: number, message: string) =>
      ctx.emit({ type: 'progress', fraction, message }),
    );
    const trained = await trainModel(model, train, {
      epochs: input.epochs,
      batchSize: input.batchSize,
      learningRate: input.learningRate,
      seed: input.seed,
      adversarial: input.eps > 0 ? { norm: input.norm, eps: input.eps, steps: input.attackSteps } : undefined,
      signal: ctx.signal,
      onProgress: (p) =>
        report(
          0.9 * ((p.epoch - 1 + p.step / p.steps) / input.epochs),
          `epoch ${p.epoch}/${input.epochs}, step ${p.step}/${p.steps}, loss ${p.loss.toFixed(3)}, accuracy ${p.accuracy.toFixed(3)}`,
        ),
    });
    ctx.emit({ type: 'progress', fraction: 0.9, message: 'evaluating' });
    const evaluated = await robustAccuracy(model, evaluation, {
      norm: input.norm,
      epsList: [input.eps],
      steps: EVALUATION_STEPS,
      seed: input.seed,
      signal: ctx.signal,
    });
    const attack = evaluated.points[0]!.attack;
    return await saveCheckpoint(input.outDir, model, {
      architectureId: input.architectureId,
      seed: input.seed,
      training: {
        dataset: { name: train.name, hash: train.hash, count: train.count },
        norm: trained.params.norm,
        eps: trained.params.eps,
        epochs: trained.params.epochs,
        batchSize: trained.params.batchSize,
        learningRate: trained.params.learningRate,
        attack: trained.params.attack,
      },
      evaluation: {
        dataset: { name: evaluation.name, hash: evaluation.hash, count: evaluation.count },
        cleanAccuracy: evaluated.cleanAccuracy,
        robustAccuracy: evaluated.points[0]!.accuracy,
        attack,
      },
      backend: environment.backend,
      codeVersion: environment.codeVersion,
      timings: { trainSeconds: trained.seconds, evaluateSeconds: evaluated.seconds },
      createdAt: new Date().toISOString(),
    });
  } finally {
    model.dispose();
  }
}
