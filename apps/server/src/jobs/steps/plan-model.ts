/**
 * A stored model as a study plans it (compute's PlanModel): what the trend needs (architecture, eps, norm), its
 * weights hash, and, when its card measured it, its accuracy on the card's robustness grid at the study's eps —
 * the covariate of the robust-accuracy trend tests, read as `simlab study` reads it (robustAccuracyAt).
 */
import { type PlanModel, ROBUSTNESS_GRID_NORM, robustAccuracyAt, type StudyParams } from '@simlab/compute';
import type { ModelRow } from '../../db/model.queries.js';
import { trendModel } from './store-matrix.js';

type Card = Parameters<typeof robustAccuracyAt>[0];

export function planModel(model: ModelRow, params: StudyParams): PlanModel {
  const card = model.card?.evaluation ? (model.card as unknown as Card) : undefined;
  const robustAccuracy = robustAccuracyAt(card, params.robustAccuracyEps ?? 1, ROBUSTNESS_GRID_NORM);
  return { ...trendModel(model), ...(robustAccuracy !== undefined && { robustAccuracy }) };
}
