/**
 * What a study report says of a model beyond the plan (StudyModelReport's metadata and card fields), built the
 * same way by both drivers: `simlab study` from the loaded model and its checkpoint's card, the server from the
 * metadata and card it stored at import or training.
 */
import type { ModelCard } from '../models/model-card.js';
import { ROBUSTNESS_GRID_NORM } from './assemble-report.js';
import type { StudyModelReport } from './study-report.js';
import { robustAccuracyAt } from './trend.js';

/** What a driver knows of a model beyond the plan (from its card or its own metadata), for the report. */
export type ModelDescription = Pick<
  StudyModelReport,
  'metadata' | 'seed' | 'replicate' | 'cleanAccuracy' | 'robustAccuracy' | 'robustnessGrid'
>;

export interface ModelFacts {
  /** Format, name, input shape, classes, parameters (ONNX details): the model's own; absent when unknown. */
  metadata?: StudyModelReport['metadata'];
  /** Its model card (zoo and trained models); none for an imported ONNX model. */
  card?: Pick<ModelCard, 'seed' | 'replicate' | 'evaluation'>;
}

/**
 * The model's metadata, and from its card: init seed, replicate, clean accuracy, the robustness grid and the
 * accuracy on it at `robustAccuracyEps` (L2, the trend's covariate; absent when the grid lacks that eps).
 */
export function describeStudyModel(facts: ModelFacts, robustAccuracyEps: number): ModelDescription {
  const { metadata, card } = facts;
  const grid = card?.evaluation.robustnessGrid;
  const robustAccuracy = robustAccuracyAt(card, robustAccuracyEps, ROBUSTNESS_GRID_NORM);
  return {
    ...(metadata && { metadata }),
    ...(card && { seed: card.seed, cleanAccuracy: card.evaluation.cleanAccuracy }),
    ...(card?.replicate !== undefined && { replicate: card.replicate }),
    ...(robustAccuracy !== undefined && { robustAccuracy }),
    ...(grid && { robustnessGrid: grid }),
  };
}
