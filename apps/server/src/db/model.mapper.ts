import { ONNX_FILE, REPRESENTATION_LAYER } from '@simlab/compute';
import { type EntityStatus, ModelFormat, type ModelOrigin, type Norm } from '../schema/enums.js';
import type { Model } from '../schema/model.type.js';
import type { ModelRow } from './model.queries.js';

export function toModel(row: ModelRow): Model {
  return {
    id: row.id,
    name: row.name,
    status: row.status as EntityStatus,
    origin: row.origin as ModelOrigin,
    norm: row.norm as Norm | null,
    eps: row.eps,
    cleanAccuracy: row.cleanAccuracy,
    weightsHash: row.weightsHash,
    inputShape: row.inputShape,
    classes: row.classes,
    ...described(row),
    card: row.card,
    createdAt: row.createdAt,
    architectureId: row.architectureId,
    datasetId: row.datasetId,
    jobId: row.jobId,
  };
}

/**
 * The model's own metadata; for a model stored before the server recorded it (migration 007), what its files and
 * card say (zoo checkpoints: TF.js, the card's parameter count, the zoo's representation layer).
 */
function described(
  row: ModelRow,
): Pick<
  Model,
  'format' | 'parameterCount' | 'representationLayer' | 'representationSize' | 'layers' | 'formatDetails'
> {
  const m = row.metadata;
  if (m) {
    return {
      format: m.format === 'onnx' ? ModelFormat.ONNX : ModelFormat.TFJS_LAYERS,
      parameterCount: m.parameterCount,
      representationLayer: m.representationLayer,
      representationSize: m.representationSize,
      layers: m.nodes ? [...new Set([...m.layers, ...m.nodes])] : m.layers,
      formatDetails: m.details ?? null,
    };
  }
  const count = row.card?.parameterCount;
  const format = !row.files ? null : ONNX_FILE in row.files ? ModelFormat.ONNX : ModelFormat.TFJS_LAYERS;
  return {
    format,
    parameterCount: typeof count === 'number' ? count : null,
    representationLayer: row.card ? REPRESENTATION_LAYER : null,
    representationSize: null,
    layers: null,
    formatDetails: null,
  };
}
