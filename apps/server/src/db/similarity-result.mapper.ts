import type { EntityStatus, Metric } from '../schema/enums.js';
import { SimilaritySource } from '../schema/enums.js';
import type { SimilarityResult } from '../schema/similarity-result.type.js';
import { toProvenance } from './provenance.mapper.js';
import type { SimilarityResultRow } from './similarity-result.queries.js';

export function toSimilarityResult(row: SimilarityResultRow): SimilarityResult {
  const p = row.params;
  return {
    id: row.id,
    metric: row.metric as Metric,
    source: row.inversionId ? SimilaritySource.INVERTED : SimilaritySource.NATURAL,
    layerA: row.layerA,
    layerB: row.layerB,
    status: row.status as EntityStatus,
    value: row.value,
    n: row.n,
    p: row.p,
    q: row.q,
    nullBaseline:
      row.nullMean === null
        ? null
        : { mean: row.nullMean, std: row.nullStd ?? 0, permutations: p.nullPermutations },
    confidenceInterval:
      row.ciLow === null || row.ciHigh === null
        ? null
        : { low: row.ciLow, high: row.ciHigh, level: p.confidenceLevel, resamples: p.bootstrapResamples },
    provenance: toProvenance(row.provenance),
    createdAt: row.createdAt,
    modelAId: row.modelAId,
    modelBId: row.modelBId,
    datasetId: row.datasetId,
    inversionId: row.inversionId,
    jobId: row.jobId,
  };
}
