import type { EntityStatus, Norm } from '../schema/enums.js';
import type { RobustAccuracy } from '../schema/robust-accuracy.type.js';
import { toProvenance } from './provenance.mapper.js';
import type { RobustAccuracyRow } from './robust-accuracy.queries.js';

export function toRobustAccuracy(row: RobustAccuracyRow): RobustAccuracy {
  const p = row.params;
  return {
    id: row.id,
    status: row.status as EntityStatus,
    norm: p.norm as Norm,
    eps: p.eps,
    steps: p.steps,
    stepSize: p.stepSize,
    restarts: p.restarts,
    count: p.count,
    accuracy: row.accuracy,
    cleanAccuracy: row.cleanAccuracy,
    provenance: toProvenance(row.provenance),
    createdAt: row.createdAt,
    modelId: row.modelId,
    datasetId: row.datasetId,
    jobId: row.jobId,
  };
}
