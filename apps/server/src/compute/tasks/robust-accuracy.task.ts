/** Robust accuracy of a checkpoint on the first `count` images of a dataset under PGD (SPEC §6). */
import { loadDataset, robustAccuracy, subsetDataset } from '@simlab/compute';
import type { TaskContext } from '../task-context.js';
import { computeEnvironment } from './environment.js';
import type { ComputeEnvironment, DatasetLocation } from './task-inputs.js';
import { loadTaskModel } from './task-model.js';

export interface RobustAccuracyTaskInput {
  checkpointDir: string;
  dataset: DatasetLocation;
  count: number;
  norm: 'l2' | 'linf';
  eps: number;
  steps: number;
  stepSize: number;
  restarts: number;
  seed: number;
}

export interface RobustAccuracyTaskResult {
  count: number;
  cleanAccuracy: number;
  accuracy: number;
  seconds: number;
  environment: ComputeEnvironment;
}

export async function robustAccuracyTask(
  input: RobustAccuracyTaskInput,
  ctx: TaskContext,
): Promise<RobustAccuracyTaskResult> {
  const environment = await computeEnvironment();
  const model = await loadTaskModel(input.checkpointDir);
  try {
    const full = await loadDataset(input.dataset.source, { split: input.dataset.split });
    const dataset = subsetDataset(
      full,
      Int32Array.from({ length: input.count }, (_, i) => i),
    );
    const result = await robustAccuracy(model, dataset, {
      norm: input.norm,
      epsList: [input.eps],
      steps: input.steps,
      stepSize: input.stepSize,
      restarts: input.restarts,
      randomStart: input.restarts > 1,
      seed: input.seed,
      signal: ctx.signal,
    });
    return {
      count: result.count,
      cleanAccuracy: result.cleanAccuracy,
      accuracy: result.points[0]!.accuracy,
      seconds: result.seconds,
      environment,
    };
  } finally {
    model.dispose();
  }
}
