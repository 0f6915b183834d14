import type { EntityStatus, Metric, SimilaritySource } from '../schema/enums.js';
import type { SimilarityMatrix } from '../schema/similarity-matrix.type.js';
import { toProvenance } from './provenance.mapper.js';
import type { MatrixRow } from './similarity-matrix.queries.js';

export function toSimilarityMatrix(row: MatrixRow): SimilarityMatrix {
  return {
    id: row.id,
    metric: row.metric as Metric,
    source: row.source as SimilaritySource,
    status: row.status as EntityStatus,
    size: row.modelIds.length,
    offDiagonalMean: row.offDiagonalMean,
    parameters: row.params as unknown as Record<string, unknown>,
    provenance: toProvenance(row.provenance),
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    modelIds: row.modelIds,
    datasetId: row.datasetId,
    jobId: row.jobId,
    trend: row.trend,
    storedValues: row.values,
  };
}
