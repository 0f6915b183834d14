import type { EntityStatus, ModelOrigin, Norm } from '../schema/enums.js';
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
    card: row.card,
    createdAt: row.createdAt,
    architectureId: row.architectureId,
    datasetId: row.datasetId,
    jobId: row.jobId,
  };
}
