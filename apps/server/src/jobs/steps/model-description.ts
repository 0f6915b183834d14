/**
 * What a study report says of each model beyond the plan (compute's ModelDescription): the model's own metadata
 * as the import stored it (format, input shape, classes, parameters, ONNX details), as `simlab study` records
 * it from the loaded model, so a report names what an imported model is.
 */
import type { ModelDescription } from '@simlab/compute';
import type { ModelRow } from '../../db/model.queries.js';

export function reportDescription(model: ModelRow): ModelDescription | undefined {
  const m = model.metadata;
  const parameterCount = m?.parameterCount ?? model.card?.parameterCount;
  if (!model.inputShape || model.classes === null || typeof parameterCount !== 'number') return undefined;
  return {
    metadata: {
      format: m?.format ?? 'tfjs-layers',
      name: model.name,
      inputShape: model.inputShape as [number, number, number],
      classes: model.classes,
      parameterCount,
      ...(m?.details && { details: m.details }),
    },
  };
}
