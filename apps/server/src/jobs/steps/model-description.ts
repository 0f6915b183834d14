/**
 * What a study report says of each model beyond the plan, by compute's describeStudyModel (the function
 * `simlab study` uses): the model's own metadata as the server stored it at import (format, name, input shape,
 * classes, parameters, ONNX details) and, from its card, init seed, replicate, clean accuracy, the robustness grid
 * and the accuracy on it at the study's eps.
 */
import { describeStudyModel, type ModelCard, type ModelDescription } from '@simlab/compute';
import type { ModelRow } from '../../db/model.queries.js';

export function reportDescription(model: ModelRow, robustAccuracyEps: number): ModelDescription {
  const card = model.card?.evaluation ? (model.card as unknown as ModelCard) : undefined;
  return describeStudyModel({ metadata: storedMetadata(model, card), card }, robustAccuracyEps);
}

function storedMetadata(model: ModelRow, card: ModelCard | undefined): ModelDescription['metadata'] {
  const m = model.metadata;
  const parameterCount = m?.parameterCount ?? card?.parameterCount;
  if (!model.inputShape || model.classes === null || typeof parameterCount !== 'number') return undefined;
  return {
    format: m?.format ?? 'tfjs-layers',
    // The model's own name, as compute reads it on loading; rows stored before it was kept: a zoo or trained
    // checkpoint is named after its architecture (compute's builders do so), anything else by its row.
    name: m?.name ?? card?.architectureId ?? model.name,
    inputShape: model.inputShape as [number, number, number],
    classes: model.classes,
    parameterCount,
    ...(m?.details && { details: m.details }),
  };
}
